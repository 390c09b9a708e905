package dev.ipcsocket.bus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcConnectedEvent;
import dev.ipcsocket.IpcDisconnectedEvent;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMemberIds;
import dev.ipcsocket.IpcMemberJoinedEvent;
import dev.ipcsocket.IpcMemberLeftEvent;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcPeerText;
import dev.ipcsocket.IpcRole;

/**
 * The listener's part of the bus: it admits clients, routes their messages, tells every member
 * who joins and leaves, and hands messages for other hosts to the uplink. About 420 lines, since
 * admission, routing and departures share the client table; the drain on close is what a split
 * would take out first.
 */
final class Hub {

	private static final Log logger = LogFactory.getLog(Hub.class);

	/** How long a closing listener waits for its clients' goodbyes, at most (and at most the connect timeout). */
	static final long DRAIN_MILLIS = 2000;

	private final Bus bus;

	/** The admitted clients by instance id. */
	private final Map<String, Link> clients = new ConcurrentHashMap<>();

	/**
	 * Runs admissions and departures one at a time, so every member sees them in one order, and
	 * off the reader threads: a connection that fails may be closed while its send lock is held,
	 * so sending membership frames there could deadlock.
	 */
	private final ExecutorService membership;

	/** Notified when a client says goodbye or goes, for a closing listener. */
	private final Object drainMonitor = new Object();

	/** Whether this member is the hub and its uplink runs. */
	private volatile boolean uplinking;

	/** What the clients are owed confirmations for. */
	final Confirmations confirmations;

	Hub(Bus bus) {
		this.bus = bus;
		this.confirmations = new Confirmations(bus, this);
		String name = String.valueOf(bus.path().getFileName());
		this.membership = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "ipc-membership-" + name);
			thread.setDaemon(true);
			return thread;
		});
	}

	boolean hasClients() {
		return !this.clients.isEmpty();
	}

	/** The admitted clients; a live view. */
	Collection<Link> clients() {
		return this.clients.values();
	}

	@Nullable Link client(String id) {
		return this.clients.get(id);
	}

	void onFrame(Link link, BusFrame frame, byte[] head, byte[] body) {
		IpcPeer member = link.member();
		if (member == null) {
			if (frame instanceof BusFrame.Hello hello) {
				if (!executeMembership(() -> admit(link, hello))) {
					// the listener is closing: nobody is left to admit it
					link.connection().close();
				}
			}
			else {
				this.bus.drop(link, "a " + frame.getClass().getSimpleName() + " frame came before the Hello frame");
			}
		}
		else if (frame instanceof BusFrame.Data data) {
			if (!data.origin().equals(member.id())) {
				this.bus.drop(link, "a message claims to come from '" + IpcPeerText.escape(data.origin()) + "'");
				return;
			}
			route(link, data, head, body, member);
		}
		else if (frame instanceof BusFrame.Bye) {
			link.markGoodbye();
			clientFinished();
			// nothing more comes from it: closing answers its goodbye, so that it may close in turn
			// without making a frame sent to it meanwhile fail (junixsocket closes a socket whose
			// write failed, and the goodbye would be lost unread)
			if (!this.bus.closed) {
				link.connection().close();
			}
		}
		else {
			this.bus.drop(link, "a client sent a " + frame.getClass().getSimpleName() + " frame");
		}
	}

	private void admit(Link link, BusFrame.Hello hello) {
		IpcPeer credentials = link.connection().credentials();
		String refusal = refusal(hello);
		if (refusal != null) {
			this.bus.trySend(link, BusFrameCodec.encode(new BusFrame.Refuse(refusal)));
			link.connection().close();
			this.bus.report(new IpcException(IpcError.ADDRESS_IN_USE_ERROR, "refused " + credentials + ": " + refusal),
					credentials);
			return;
		}
		IpcPeer member = new IpcPeer(hello.instanceId(), credentials.pid(), credentials.uid(), credentials.gid());
		link.join(member);
		List<IpcPeer> everyone = new ArrayList<>();
		everyone.add(this.bus.self);
		everyone.addAll(this.bus.members.values());
		everyone.add(member);
		List<Link> others = List.copyOf(this.clients.values());
		this.clients.put(member.id(), link);
		this.bus.members.put(member.id(), member);
		// the others learn of the newcomer before it can send them anything
		byte[] joined = BusFrameCodec.encode(new BusFrame.Joined(member));
		others.forEach((client) -> this.bus.trySend(client, joined));
		if (!this.bus.trySend(link, BusFrameCodec.encode(new BusFrame.Welcome(everyone)))) {
			// its connection failed: the departure queued behind this admission cleans up
			return;
		}
		this.bus.counters.connectionsOpened.increment();
		this.bus.host.dispatch(new IpcConnectedEvent(this.bus.host.socket(), IpcRole.LISTENER, member));
		this.bus.host.dispatch(new IpcMemberJoinedEvent(this.bus.host.socket(), IpcRole.LISTENER, member));
		this.bus.reelection.flushIfReady();
	}

	private @Nullable String refusal(BusFrame.Hello hello) {
		if (hello.protocolVersion() != BusFrame.PROTOCOL_VERSION) {
			return "protocol version " + hello.protocolVersion() + " cannot join a bus of version "
					+ BusFrame.PROTOCOL_VERSION;
		}
		if (!hello.applicationId().equals(this.bus.settings.applicationId())) {
			return "application '" + IpcPeerText.escape(hello.applicationId()) + "' cannot join application '"
					+ this.bus.settings.applicationId() + "' on " + this.bus.path();
		}
		String problem = IpcMemberIds.problem(hello.instanceId());
		if (problem != null) {
			return "instance id '" + IpcPeerText.escape(hello.instanceId()) + "' " + problem + ": an instance id is "
					+ IpcMemberIds.RULE;
		}
		if (hello.instanceId().equals(this.bus.self.id()) || this.bus.members.containsKey(hello.instanceId())) {
			return "instance id '" + hello.instanceId() + "' is already a member: give each instance its own "
					+ "ipc.instance-id";
		}
		return null;
	}

	private void route(Link link, BusFrame.Data data, byte[] head, byte[] body, IpcPeer from) {
		if (IpcMemberIds.isQualified(data.target())) {
			toOtherHosts(link, data, from);
			return;
		}
		boolean uplinked = data.isBroadcast() && this.uplinking;
		if (uplinked) {
			this.confirmations.awaitUplink(link, data.sequence(), true);
			Objects.requireNonNull(this.bus.uplink).send(data);
		}
		HubRouter.Route route = HubRouter.route(data, this.bus.self.id(),
				(this.bus.settings.relay() || !data.isBroadcast()) ? this.clients.keySet() : Set.of());
		for (String target : route.forwardTo()) {
			Link client = this.clients.get(target);
			// relayed as it arrived: the same bytes, not encoded again
			if (client != null && this.bus.trySend(client, head, body)) {
				this.bus.counters.messagesRelayed.increment();
			}
		}
		if (route.deliverLocally()) {
			// with other clients to relay to, this reader must not wait for the hub's own
			// listeners: they get the message through the dispatch queue
			this.bus.delivery.deliver(data, from, this.clients.size() <= 1);
		}
		if (route.undeliverable()) {
			this.bus.report(new IpcException(IpcError.NAME_RESOLUTION_ERROR, "no member '" + IpcPeerText.escape(data.target()) + "' on "
					+ this.bus.path() + ": message " + data.printableId() + " was not delivered"), from,
					Bus.undelivered(from, data));
		}
		if (uplinked) {
			this.confirmations.relayed(link, data.sequence());
		}
		else {
			this.confirmations.passedOn(link, data.sequence());
		}
	}

	/** Hand a message for a member of another host to the uplink, or report it. */
	private void toOtherHosts(Link link, BusFrame.Data data, IpcPeer from) {
		if (this.uplinking) {
			this.confirmations.awaitUplink(link, data.sequence(), false);
			Objects.requireNonNull(this.bus.uplink).send(data);
		}
		else {
			this.bus.report(new IpcException(IpcError.NAME_RESOLUTION_ERROR, "'" + IpcPeerText.escape(data.target())
					+ "' is on another host and " + this.bus.path() + " has no uplink (ipc.uplink.enabled): message "
					+ data.printableId() + " was not delivered"), from, Bus.undelivered(from, data));
			this.confirmations.passedOn(link, data.sequence());
		}
	}

	/** The hub's own message: to the uplink if it goes there, to every client or to one. */
	boolean transmit(BusFrame.Data data, byte[] envelope) {
		if (IpcMemberIds.isQualified(data.target())) {
			if (!this.uplinking) {
				throw new IpcException(IpcError.NAME_RESOLUTION_ERROR, "'" + IpcPeerText.escape(data.target()) + "' is on another host and "
						+ this.bus.path() + " has no uplink (ipc.uplink.enabled)");
			}
			Objects.requireNonNull(this.bus.uplink).send(data);
			this.bus.sender.countSent(data);
			return true;
		}
		// the map's live view, no copy per message: a member joining meanwhile may or may not get it, as with a copy
		Collection<Link> targets = data.isBroadcast() ? this.clients.values() : listOfNullable(this.clients.get(data.target()));
		boolean uplinked = data.isBroadcast() && this.uplinking;
		if (uplinked) {
			Objects.requireNonNull(this.bus.uplink).send(data);
		}
		if (targets.isEmpty() && !uplinked) {
			if (data.isBroadcast()) {
				// nobody to deliver to, so nothing is lost: a greeting at start-up is not an error
				logger.debug("IPC socket " + this.bus.path() + ": broadcast " + data.messageId() + " reached no member");
				return true;
			}
			throw new IpcException(IpcError.NAME_RESOLUTION_ERROR,
					"no member '" + data.target() + "' on " + this.bus.path() + "; the message was not sent");
		}
		boolean sentToAny = false;
		boolean failed = false;
		for (Link link : targets) {
			if (link.saidGoodbye()) {
				// it has left: a broadcast no longer concerns it, a direct message cannot reach it
				if (!data.isBroadcast()) {
					throw new IpcException(IpcError.NAME_RESOLUTION_ERROR, "member '" + data.target() + "' left "
							+ this.bus.path() + "; the message was not sent");
				}
			}
			else if (this.bus.trySend(link, envelope, data.payload())) {
				this.bus.sender.countSent(data);
				sentToAny = true;
			}
			else {
				failed = true;
			}
		}
		if (failed && !sentToAny && !uplinked) {
			throw new IpcException(IpcError.LOST_CONNECTION,
					"the message reached no member on " + this.bus.path() + ": every connection failed");
		}
		return true;
	}

	private static List<Link> listOfNullable(@Nullable Link link) {
		return (link != null) ? List.of(link) : List.of();
	}

	/** A client's connection closed: the others learn it left. */
	void clientGone(Link link) {
		IpcPeer member = link.member();
		if (member == null) {
			notAdmittedGone(link);
			return;
		}
		if (!this.clients.remove(member.id(), link)) {
			return;
		}
		this.bus.members.remove(member.id());
		clientFinished();
		boolean clean = link.saidGoodbye() || this.bus.closed;
		if (link.saidGoodbye()) {
			this.bus.delivery.forget(member.id());
		}
		// one we dropped was reported then, with the reason
		if (!clean && !link.connection().isClosedLocally()) {
			IpcException crash = link.sendFailure();
			if (crash == null) {
				crash = link.connection().readFailure("reading from " + link.peer() + " failed");
			}
			this.bus.report((crash != null) ? crash : new IpcException(IpcError.LOST_CONNECTION,
					"member " + member + " left without saying goodbye"), member);
		}
		if (!this.bus.closed) {
			// not when this listener closes: its clients stay on the bus, and each re-elects expecting the others
			byte[] left = BusFrameCodec.encode(new BusFrame.Left(member.id(), clean));
			this.clients.values().forEach((client) -> this.bus.trySend(client, left));
		}
		this.bus.counters.connectionsClosed.increment();
		this.bus.host.dispatch(new IpcDisconnectedEvent(this.bus.host.socket(), IpcRole.LISTENER, member, !clean));
		this.bus.host.dispatch(new IpcMemberLeftEvent(this.bus.host.socket(), IpcRole.LISTENER, member, clean));
	}

	/**
	 * A connection that was never admitted closed. Reading it may have failed before its Hello (a
	 * length over the maximum, random bytes, an end inside a frame): that is reported like any
	 * failed read. One that just ended, or that we closed with a reason reported then, is not.
	 */
	private void notAdmittedGone(Link link) {
		if (this.bus.closed || link.connection().isClosedLocally() || !link.firstEnd()) {
			return;
		}
		IpcException failure = link.connection().readFailure("reading from " + link.peer() + " before its Hello failed");
		if (failure != null) {
			this.bus.report(failure, link.peer());
		}
	}

	/** Run a membership change in turn with the others; false if the socket closed meanwhile. */
	boolean executeMembership(Runnable task) {
		try {
			this.membership.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			// closing: nobody is left to tell
			logger.debug("Membership change after close ignored");
			return false;
		}
	}

	void startUplink() {
		BusUplink carrier = this.bus.uplink;
		if (carrier != null) {
			this.uplinking = true;
			carrier.start(new UplinkedHub(this.bus, this));
		}
	}

	void stopUplink() {
		BusUplink carrier = this.bus.uplink;
		if (carrier != null && this.uplinking) {
			this.uplinking = false;
			carrier.stop();
		}
	}

	void sayGoodbye(byte[] bye) {
		this.clients.values().forEach((client) -> this.bus.trySend(client, bye));
	}

	/**
	 * A closing listener relays what its clients sent before they saw its Bye: it waits until
	 * each has answered with a Bye of its own (nothing more comes from it) or gone, for at most
	 * {@link #DRAIN_MILLIS} (a client that does not answer, such as an older one, costs that).
	 */
	void awaitClientsFinished() {
		long deadline = System.nanoTime() + Math.min(this.bus.settings.connectTimeout().toNanos(),
				TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS));
		synchronized (this.drainMonitor) {
			while (!allClientsFinished()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					logger.debug("IPC socket " + this.bus.path() + ": closing without a goodbye from every client");
					return;
				}
				try {
					this.drainMonitor.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private boolean allClientsFinished() {
		for (Link client : this.clients.values()) {
			if (client.isOpen() && !client.saidGoodbye()) {
				return false;
			}
		}
		return true;
	}

	/** A client said goodbye or went away: a closing listener may be waiting for that. */
	private void clientFinished() {
		synchronized (this.drainMonitor) {
			this.drainMonitor.notifyAll();
		}
	}

	/** Let the membership changes under way finish, and accept no more. */
	void shutDown() {
		this.membership.shutdown();
		try {
			if (!this.membership.awaitTermination(5, TimeUnit.SECONDS)) {
				logger.warn("Membership changes still running after 5 s; closing anyway");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
