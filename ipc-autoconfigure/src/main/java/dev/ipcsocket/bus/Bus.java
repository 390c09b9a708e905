package dev.ipcsocket.bus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcPeerText;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcRoleDecidedEvent;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.IpcStatistics;

/**
 * One member of the sibling bus, whichever its role: its member table, its message ids, sending,
 * delivery and error reports. The {@link Hub} does the listener's part (admission, routing,
 * membership, the uplink), the {@link HubClient} the client's (the handshake, the member table's
 * updates), {@link Reelection} what happens when the listener is lost. It works on
 * {@link BusLink}s and frames, never on a socket: the socket that carries it is its
 * {@link BusHost}. It is the bus's one entry point for that socket: most of its public methods
 * are a line that hands the work to the part that does it, and their documentation is most of its
 * length.
 */
public final class Bus {

	private static final Log logger = LogFactory.getLog(Bus.class);

	final IpcSocketSettings settings;

	final IpcPeer self;

	final BusHost host;

	/** Since the socket was created: a bus that replaces a closed one goes on counting. */
	final BusCounters counters;

	/** Every other member of the bus by instance id. */
	final Map<String, IpcPeer> members = new ConcurrentHashMap<>();

	final Delivery delivery = new Delivery(this);

	final Sender sender = new Sender(this);

	final Hub hub;

	final HubClient client;

	final Reelection reelection;

	/** Carries the bus to other hosts when this member is the hub; installed before the start. */
	volatile @Nullable BusUplink uplink;

	/** The side being set up or held, known to the reader threads before the role is decided. */
	volatile @Nullable IpcRole side;

	volatile @Nullable IpcRole role;

	volatile boolean closed;

	public Bus(IpcSocketSettings settings, IpcPeer self, BusHost host) {
		this(settings, self, host, null);
	}

	/**
	 * A bus that takes over from a closed one of the same socket, going on with its counters.
	 * @param settings the settings
	 * @param self this member
	 * @param host the socket that carries it
	 * @param previous the closed bus, or {@code null}
	 */
	public Bus(IpcSocketSettings settings, IpcPeer self, BusHost host, @Nullable Bus previous) {
		this.counters = (previous != null) ? previous.counters : new BusCounters();
		this.settings = settings;
		this.self = self;
		this.host = host;
		this.hub = new Hub(this);
		this.client = new HubClient(this);
		this.reelection = new Reelection(this);
	}

	/**
	 * Carry the bus to other hosts through this uplink whenever this member is the hub, and drop
	 * repeated messages.
	 * @param uplink the uplink
	 */
	public void setUplink(BusUplink uplink) {
		this.uplink = uplink;
		this.delivery.dropRepeatsWithin(uplink.duplicateWindow());
	}

	/**
	 * Client: how many of its messages its listener has not yet confirmed as passed on.
	 * @return the count
	 */
	public int unconfirmedCount() {
		return this.reelection.unconfirmed.size();
	}

	Path path() {
		return this.settings.path();
	}

	// ---- roles and connections -------------------------------------------------------------

	/**
	 * Take a connection onto the bus: its frames come to {@link #received}, its end to {@link #closed}.
	 * @param connection the connection
	 * @return what the bus knows of it, to pass back with its frames
	 */
	public Link open(BusLink connection) {
		return new Link(connection);
	}

	/**
	 * The Hello frame this member sends as a client, before anything else.
	 * @return the encoded frame
	 */
	public byte[] hello() {
		return BusFrameCodec.encode(new BusFrame.Hello(this.settings.applicationId(), BusFrame.PROTOCOL_VERSION,
				this.self.id()));
	}

	/** Become the hub: frames from now on are clients' frames. Call {@link #decided} next. */
	public void becomeHub() {
		this.side = IpcRole.LISTENER;
	}

	/** Start carrying the bus to other hosts, once the hub accepts connections. */
	public void startUplink() {
		this.hub.startUplink();
	}

	/** Stop carrying the bus to other hosts, before the hub stops accepting. */
	public void stopUplink() {
		this.hub.stopUplink();
	}

	/** Become a client that waits for the listener's Welcome, before the link's first frame is read. */
	public void expectWelcome() {
		this.client.expectWelcome();
	}

	/**
	 * Wait for the listener's answer to the Hello sent on this link and join the bus.
	 * @param link the link to the listener
	 * @throws IpcException if the listener refused, went away or did not answer in time
	 */
	public void join(Link link) {
		this.client.join(link);
	}

	/** The client's handshake failed: forget the link and the side. */
	public void abandonJoin() {
		this.client.abandon();
	}

	/**
	 * Note the role taken, in the log and as an event.
	 * @param decided the role
	 */
	public void decided(IpcRole decided) {
		this.role = decided;
		logger.info("IPC socket " + path() + ": role=" + decided + " instance=" + this.self.id());
		this.host.dispatch(new IpcRoleDecidedEvent(this.host.socket(), decided));
	}

	/**
	 * Handle one frame that arrived on a link.
	 * @param link the link it arrived on
	 * @param head a large Data frame's envelope when the frame was read in two parts, else empty
	 * @param body the rest of the frame (the whole frame when the head is empty)
	 */
	public void received(Link link, byte[] head, byte[] body) {
		if (!link.isOpen()) {
			// already closed (a bad frame, a refusal): what it had buffered is not read any more
			return;
		}
		BusFrame frame;
		try {
			frame = (head.length == 0) ? BusFrameCodec.decode(body) : BusFrameCodec.decodeData(head, body);
		}
		catch (MalformedFrameException ex) {
			drop(link, ex.getMessage());
			return;
		}
		if (frame instanceof BusFrame.Data data && data.payload().length > this.settings.maxMessageSize()) {
			// the frame limit leaves room for the envelope; the payload limit is the documented one
			link.connection().close();
			report(new IpcException(IpcError.OUT_OF_MEMORY_ERROR, "closed the connection to " + link.peer()
					+ ": it sent a message of " + data.payload().length + " bytes; ipc.max-message-size allows "
					+ this.settings.maxMessageSize()), link.peer());
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("IPC socket " + path() + ": received " + describe(frame) + " from " + link.peer());
		}
		if (this.side == IpcRole.LISTENER) {
			this.hub.onFrame(link, frame, head, body);
		}
		else {
			this.client.onFrame(link, frame);
		}
	}

	/**
	 * A link closed, whoever closed it.
	 * @param link the link
	 */
	public void closed(Link link) {
		if (this.side == IpcRole.LISTENER) {
			this.hub.executeMembership(() -> this.hub.clientGone(link));
		}
		else {
			this.client.listenerGone(link);
		}
	}

	/**
	 * Close a link and report why.
	 * @param link the link
	 * @param why the reason, for the error event
	 */
	public void drop(Link link, @Nullable String why) {
		// close before reporting: reporting may wait for the event queue, whose listener may be
		// the very thread that is blocked writing to this peer
		link.connection().close();
		report(new IpcException(IpcError.LOST_CONNECTION, "closed the connection to " + link.peer() + ": " + why),
				link.peer());
	}

	/**
	 * Refuse a link before its handshake: tell the peer why, close it and report it.
	 * @param link the link
	 * @param reason what the peer is told
	 */
	public void refuse(Link link, String reason) {
		IpcPeer peer = link.connection().credentials();
		trySend(link, BusFrameCodec.encode(new BusFrame.Refuse(reason)));
		link.connection().close();
		report(new IpcException(IpcError.ADDRESS_IN_USE_ERROR, "refused " + peer + ": " + reason), peer);
	}

	// ---- sending ---------------------------------------------------------------------------

	/**
	 * Send a message to one member, or to every other member.
	 * @param target the member's id, or {@code null} for all
	 * @param type the payload's type, possibly empty
	 * @param payload the payload
	 * @throws IpcException if it cannot be sent
	 */
	public void send(@Nullable String target, String type, byte[] payload) {
		Sender.checkNotReserved(type);
		this.sender.send(BusFrame.Kind.MESSAGE, target, type, payload, 0, null);
	}

	/**
	 * Send a message to every other member; with none, do nothing.
	 * @param type the payload's type, possibly empty
	 * @param payload the payload
	 * @return how many members of this host it was sent to, as known when it was sent (for a
	 * client: the listener and the members it relays to); 0 if there was none
	 * @throws IpcException if it cannot be sent
	 */
	public int broadcast(String type, byte[] payload) {
		int members = this.members.size();
		send(null, type, payload);
		return members;
	}

	/**
	 * Send a request and wait for its reply.
	 * @param target the member that answers
	 * @param type the request's type
	 * @param payload the request's payload
	 * @param timeout how long to wait
	 * @return the reply
	 * @throws IpcException if it cannot be sent or no reply comes in time
	 */
	public IpcMessage request(String target, String type, byte[] payload, Duration timeout) {
		return this.sender.request(target, type, payload, timeout);
	}

	/**
	 * Send a request and return at once: the reply comes in the future.
	 * @param target the member that answers
	 * @param type the request's type
	 * @param payload the request's payload
	 * @param timeout how long to wait for the reply
	 * @return the reply; it completes exceptionally with an {@link IpcException} if no reply comes in
	 * time, the member answered with an error or the socket closed first
	 * @throws IpcException if it cannot be sent
	 */
	public CompletableFuture<IpcMessage> requestAsync(String target, String type, byte[] payload, Duration timeout) {
		return this.sender.requestAsync(target, type, payload, timeout);
	}

	/**
	 * The listeners have seen an event: a request that none of them answered, nor took to answer
	 * later, is answered at once with an error reply, so that its requester does not wait for its
	 * timeout.
	 * @param event the event
	 */
	public void listenersDone(IpcEvent event) {
		this.delivery.listenersDone(event);
	}

	boolean trySend(Link link, byte[] frame) {
		return trySend(link, BusLink.NO_HEAD, frame);
	}

	boolean trySend(Link link, byte[] head, byte[] body) {
		try {
			link.connection().send(head, body);
			return true;
		}
		catch (IpcException ex) {
			if (this.side == IpcRole.LISTENER && link.member() != null) {
				// an admitted client: whether it was lost or left with a goodbye not read yet is
				// known when its connection ends (Hub#clientGone)
				link.sendFailed(ex);
			}
			// a connection we closed on purpose was reported then, with its reason
			else if (!this.closed && link != this.client.link() && !link.connection().isClosedLocally()) {
				report(ex, link.peer());
			}
			return false;
		}
	}

	void reply(String requester, String type, byte[] payload, long request) {
		this.sender.send(BusFrame.Kind.REPLY, requester, type, payload, request, null);
	}

	// ---- errors ----------------------------------------------------------------------------

	void report(IpcException exception, @Nullable IpcPeer peer) {
		report(exception, peer, null);
	}

	/**
	 * Record an error and tell the listeners.
	 * @param exception the error
	 * @param peer the peer it concerns, if any
	 * @param undelivered the message it kept from being delivered, if any
	 */
	public void report(IpcException exception, @Nullable IpcPeer peer, @Nullable IpcMessage undelivered) {
		this.host.recordError(exception);
		IpcErrorEvent event = new IpcErrorEvent(this.host.socket(), this.role, exception, peer, undelivered);
		if (!this.reelection.deferWhileFlushing(event)) {
			this.host.dispatch(event);
		}
	}

	static IpcMessage undelivered(IpcPeer sender, BusFrame.Data data) {
		return new IpcMessage(sender, data.type(), data.payload());
	}

	static String describe(BusFrame frame) {
		if (frame instanceof BusFrame.Data data) {
			return data.kind() + " " + data.printableId() + " to " + (data.isBroadcast() ? "all" : IpcPeerText.escape(data.target()))
					+ (data.type().isEmpty() ? "" : " type " + IpcPeerText.escape(data.type())) + ", " + data.payload().length + " bytes";
		}
		return frame.getClass().getSimpleName() + " frame";
	}

	// ---- state and closing -----------------------------------------------------------------

	/** The member's id on the bus. */
	public String instanceId() {
		return this.self.id();
	}

	/** The role decided, or {@code null} before the start, during a re-election and after the close. */
	public @Nullable IpcRole role() {
		return this.role;
	}

	/** The side being set up or held, known before the role is decided. */
	public @Nullable IpcRole side() {
		return this.side;
	}

	/** Whether a client is linked to its listener, or a listener has clients. */
	public boolean isConnected() {
		return (this.role == IpcRole.CLIENT) ? this.client.link() != null : this.hub.hasClients();
	}

	/** Whether nothing more can arrive: closed, or a client without a listener. */
	public boolean isCutOff() {
		return this.closed || (this.role == IpcRole.CLIENT && this.client.link() == null);
	}

	/** Every other member. */
	public List<IpcPeer> peers() {
		return List.copyOf(this.members.values());
	}

	/** How long the last re-election took, or {@code null} if there was none. */
	public @Nullable Duration lastReelection() {
		return this.reelection.lastDuration();
	}

	/**
	 * The counters as statistics.
	 * @param pendingEvents events waiting for listeners
	 * @return the statistics
	 */
	public IpcStatistics statistics(int pendingEvents) {
		return this.counters.snapshot(pendingEvents, this.reelection.unconfirmed.size());
	}

	/**
	 * Count an error that is thrown to the caller rather than reported.
	 * @param error the error
	 */
	public void countError(IpcError error) {
		this.counters.error(error);
	}

	/** Fail a handshake in progress: the socket is closing. */
	public void closing() {
		this.client.failWelcome(new IpcException(IpcError.INVALID_STATE_ERROR, "the socket on " + path() + " closed"));
	}

	/**
	 * Leave the bus: say goodbye to every peer, and as the hub relay what the clients sent before
	 * they saw it, until each answered or went (bounded). Call before the endpoint stops.
	 */
	public void leave() {
		this.closed = true;
		byte[] bye = BusFrameCodec.encode(new BusFrame.Bye());
		this.client.leave(bye);
		this.hub.sayGoodbye(bye);
		if (this.side == IpcRole.LISTENER) {
			this.hub.awaitClientsFinished();
		}
	}

	/**
	 * Finish closing once the endpoint stopped: report every message still kept as undelivered,
	 * fail the requests still waiting.
	 */
	public void shutDown() {
		this.hub.shutDown();
		for (BusFrame.Data data : this.reelection.drain()) {
			report(new IpcException(IpcError.INVALID_STATE_ERROR, "the socket on " + path()
					+ " closed before a listener came back: message " + data.printableId() + " not delivered"), null,
					undelivered(this.self, data));
		}
		this.delivery.requests.failAll(new IpcException(IpcError.INVALID_STATE_ERROR, "the socket on " + path() + " closed"));
		if (this.role != null) {
			// the counterpart of the role line: one line when a member that had joined leaves
			logger.info("IPC socket " + path() + ": instance=" + this.self.id() + " left the bus (was " + this.role
					+ ")");
		}
		this.role = null;
	}

	@Override
	public String toString() {
		return "instance=" + this.self.id() + ", role=" + this.role + ", members=" + this.members.size();
	}

}
