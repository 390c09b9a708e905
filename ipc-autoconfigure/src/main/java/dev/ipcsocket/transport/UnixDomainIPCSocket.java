package dev.ipcsocket.transport;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.integration.ip.tcp.connection.AbstractConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpSender;
import org.springframework.messaging.Message;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcConnectedEvent;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcDisconnectedEvent;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEventListener;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcListenerThread;
import dev.ipcsocket.IpcMemberJoinedEvent;
import dev.ipcsocket.IpcMemberLeftEvent;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcRequestEvent;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcRoleDecidedEvent;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.IpcStatistics;
import dev.ipcsocket.bus.BusFrame;
import dev.ipcsocket.bus.BusFrameCodec;
import dev.ipcsocket.bus.BusIds;
import dev.ipcsocket.bus.BusUplink;
import dev.ipcsocket.bus.HubRouter;
import dev.ipcsocket.bus.MalformedFrameException;
import dev.ipcsocket.bus.RecentMessageIds;

/**
 * {@link IPCSocket} over a Unix domain socket: junixsocket for the socket, Spring Integration's
 * TCP connection factories for connections, framing and reader threads, the sibling bus protocol
 * on top. The listener is the hub; when it goes away the clients elect a new one.
 */
public final class UnixDomainIPCSocket implements IPCSocket {

	private static final Log logger = LogFactory.getLog(UnixDomainIPCSocket.class);

	/** Room for the envelope (ids, type) on top of the largest payload. */
	static final int ENVELOPE_ALLOWANCE = 4096;

	private static final long REELECTION_BACKOFF_MILLIS = 50;

	/** How long a closing listener waits for its clients' goodbyes, at most (and at most the connect timeout). */
	private static final long DRAIN_MILLIS = 2000;

	private final IpcSocketSettings settings;

	private final String name;

	private final IpcPeer self;

	private final LengthHeaderFramer framer;

	private final EventDispatcher dispatcher;

	private final @Nullable ReceiveBuffer receiveBuffer;

	private final ReentrantLock lifecycleLock = new ReentrantLock();

	/**
	 * Runs the hub's admissions and departures one at a time, so every member sees them in one
	 * order, and off the reader threads: Spring Integration closes a failed connection while
	 * holding its send lock, so sending membership frames there could deadlock.
	 */
	private final ExecutorService membership;

	/** Guards the client's link to its listener. */
	private final Object linkLock = new Object();

	/** Listener: the admitted clients by instance id. */
	private final Map<String, UnixSocketConnection> clients = new ConcurrentHashMap<>();

	/** Every other member of the bus by instance id. */
	private final Map<String, IpcPeer> members = new ConcurrentHashMap<>();

	private final Map<Long, CompletableFuture<IpcMessage>> pendingRequests = new ConcurrentHashMap<>();

	/** Starts from the clock, so that a restarted member never reuses the message ids of its last run. */
	private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);

	/** Carries the bus to other hosts when this member is the hub; installed before the start. */
	private volatile @Nullable BusUplink uplink;

	/** Whether this member is the hub and its uplink runs. */
	private volatile boolean uplinking;

	/** With an uplink: the ids of the messages delivered lately, to drop repeats. */
	private volatile @Nullable RecentMessageIds delivered;

	/** Client with an uplink: its messages for other hosts that the listener has not confirmed as uplinked. */
	private final UnconfirmedCopies unconfirmed;

	private final Outbox outbox;

	/** One outbox flush at a time, so that what waited goes out in the order it was sent. */
	private final ReentrantLock flushLock = new ReentrantLock();

	/** Notified when a client says goodbye or goes, for a closing listener. */
	private final Object drainMonitor = new Object();

	/** Raised during a flush, dispatched after it: a full event queue must not stall the flush. */
	private final List<IpcErrorEvent> reportedWhileFlushing = new ArrayList<>();

	private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

	private final SimpleAsyncTaskExecutor ioExecutor;

	private final SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();

	private final SocketCounters counters = new SocketCounters();

	private final PeerCredentialsPolicy peerPolicy;

	/** Listener: every accepted connection still open, in its handshake or admitted; at most ipc.max-connections. */
	private final Set<UnixSocketConnection> accepted = ConcurrentHashMap.newKeySet();

	private final ConnectionWatchdog watchdog;

	/** The side being set up or held, known to the reader threads before the role is decided. */
	private volatile @Nullable IpcRole side;

	private volatile @Nullable IpcRole role;

	private volatile @Nullable UnixSocketConnection listenerLink;

	private volatile @Nullable CompletableFuture<BusFrame.Welcome> welcome;

	private volatile @Nullable Runnable stopEndpoint;

	private volatile int lastErrorCode;

	/** Whether the event thread was started; set under the lifecycle lock. */
	private volatile boolean dispatching;

	private volatile boolean electing;

	private volatile @Nullable Duration lastReelection;

	private volatile boolean closed;

	/** Set as soon as close() is called, before it waits for a handshake in progress to give up. */
	private volatile boolean closing;

	public UnixDomainIPCSocket(IpcSocketSettings settings) {
		this.settings = settings;
		this.name = String.valueOf(settings.path().getFileName());
		this.self = new IpcPeer(settings.instanceId(), ProcessHandle.current().pid(), SocketPath.ownUid(),
				SocketPath.ownGid());
		this.framer = new LengthHeaderFramer(settings.maxMessageSize() + ENVELOPE_ALLOWANCE);
		this.dispatcher = new EventDispatcher(this.name, settings.dispatchQueueCapacity(),
				settings.dispatchQueueBytes(), settings.listenerThread() == IpcListenerThread.IO);
		this.receiveBuffer = (settings.receiveBufferCapacity() > 0) ? new ReceiveBuffer(settings.receiveBufferCapacity())
				: null;
		this.outbox = new Outbox(settings.outageBufferCapacity());
		this.unconfirmed = new UnconfirmedCopies(settings.outageBufferCapacity());
		this.membership = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "ipc-membership-" + this.name);
			thread.setDaemon(true);
			return thread;
		});
		this.ioExecutor = new SimpleAsyncTaskExecutor("ipc-io-" + this.name + "-");
		this.ioExecutor.setDaemon(true);
		this.scheduler.setThreadNamePrefix("ipc-scheduler-" + this.name + "-");
		this.scheduler.setDaemon(true);
		this.peerPolicy = PeerCredentialsPolicy.of(settings);
		this.watchdog = new ConnectionWatchdog(settings.connectTimeout(), settings.sendTimeout(), this::drop,
				this::handOverReading);
	}

	/**
	 * Return the settings the socket was created with.
	 * @return the settings
	 */
	public IpcSocketSettings settings() {
		return this.settings;
	}

	/**
	 * Return how long the last re-election took, from losing the listener to a decided role.
	 * @return the duration, or {@code null} if there was none
	 */
	public @Nullable Duration lastReelection() {
		return this.lastReelection;
	}

	@Override
	public Path path() {
		return this.settings.path();
	}

	@Override
	public String instanceId() {
		return this.self.id();
	}

	/**
	 * Carry the bus to other hosts through this uplink whenever this member is the hub, and drop
	 * repeated messages. Call it before the socket starts.
	 * @param uplink the uplink
	 */
	public void setUplink(BusUplink uplink) {
		this.lifecycleLock.lock();
		try {
			if (this.role != null || this.closed) {
				throw new IpcException(IpcError.INVALID_STATE_ERROR,
						"the uplink of " + path() + " must be set before the socket starts");
			}
			this.uplink = uplink;
			this.delivered = new RecentMessageIds(uplink.duplicateWindow());
		}
		finally {
			this.lifecycleLock.unlock();
		}
	}

	/** Client with an uplink: how many of its messages its listener has not yet confirmed as uplinked. */
	int unconfirmedCount() {
		return this.unconfirmed.size();
	}

	@Override
	public void addListener(IpcEventListener listener) {
		this.dispatcher.addListener(listener);
	}

	// ---- handshake -------------------------------------------------------------------------

	@Override
	public IpcRole start() {
		switch (this.settings.mode()) {
			case CONNECT -> connect();
			case LISTEN -> listen();
			default -> handshake(() -> Election.connectOrListen(checkedPath(), this.settings.permissions(),
					this.settings.connectTimeout(), () -> this.closing));
		}
		return Objects.requireNonNull(this.role);
	}

	@Override
	public void connect() {
		handshake(() -> Election.connect(checkedPath(), this.settings.connectTimeout()));
	}

	@Override
	public void listen() {
		handshake(() -> Election.listen(checkedPath(), this.settings.permissions()));
	}

	private SocketPath checkedPath() {
		return SocketPath.check(this.settings.path());
	}

	private void handshake(Supplier<Election.Outcome> election) {
		this.lifecycleLock.lock();
		try {
			if (this.closed || this.closing) {
				throw new IpcException(IpcError.INVALID_STATE_ERROR, "the socket on " + path() + " is closed");
			}
			if (this.role != null) {
				throw new IpcException(IpcError.INVALID_STATE_ERROR,
						"the socket on " + path() + " is already a " + this.role + ": close it first");
			}
			Election.Outcome outcome = election.get();
			if (outcome instanceof Election.Connected connected) {
				becomeClient(connected.socket());
			}
			else {
				becomeListener((Election.Bound) outcome);
			}
		}
		catch (IpcException ex) {
			throw fail(ex);
		}
		finally {
			this.lifecycleLock.unlock();
		}
	}

	private void becomeClient(AFUNIXSocket socket) {
		CompletableFuture<BusFrame.Welcome> answer = new CompletableFuture<>();
		try {
			AFUNIXSocketCredentials listenerCredentials = socket.getPeerCredentials();
			if (!this.peerPolicy.admits(listenerCredentials.getUid(), listenerCredentials.getGid())) {
				throw new IpcException(IpcError.ADDRESS_IN_USE_ERROR, "the listener on " + path() + " runs as uid "
						+ listenerCredentials.getUid() + " gid " + listenerCredentials.getGid()
						+ ", which this member does not trust; it trusts " + this.peerPolicy.describe()
						+ ": refusing to talk to it");
			}
			// the listener reads it while this side starts its threads
			sayHello(socket);
			startDispatching();
			UnixClientConnectionFactory factory = new UnixClientConnectionFactory(socket);
			factory.setTcpNetConnectionSupport(new UnixConnectionSupport("listener-", listenerCredentials));
			configure(factory);
			this.side = IpcRole.CLIENT;
			this.welcome = answer;
			this.stopEndpoint = factory::stop;
			factory.start();
			UnixSocketConnection link = (UnixSocketConnection) factory.getConnection();
			BusFrame.Welcome accepted = answer.get(this.settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
			IpcPeer listener = accepted.members().get(0);
			link.join(listener);
			this.counters.connectionsOpened.increment();
			decide(IpcRole.CLIENT);
			this.dispatcher.dispatch(new IpcConnectedEvent(this, IpcRole.CLIENT, listener));
			for (IpcPeer member : accepted.members()) {
				if (!member.id().equals(this.self.id())) {
					this.members.put(member.id(), member);
					this.dispatcher.dispatch(new IpcMemberJoinedEvent(this, IpcRole.CLIENT, member));
				}
			}
			this.listenerLink = link;
			if (!link.isOpen()) {
				// it died before it was the link: nobody else will notice
				new ConnectionTracker().listenerGone(link);
			}
		}
		catch (IOException | RuntimeException | ExecutionException | TimeoutException ex) {
			abandonClient(socket);
			throw clientSetupFailure(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			abandonClient(socket);
			throw new IpcException(IpcError.OPEN_DRIVER_ERROR, "interrupted while connecting to " + path(), ex);
		}
		finally {
			this.welcome = null;
		}
	}

	/**
	 * Write the Hello frame straight to the socket, before this side's reader exists: nothing else
	 * writes to it yet, and whatever the listener answers waits in the socket until it is read.
	 */
	private void sayHello(AFUNIXSocket socket) {
		byte[] hello = BusFrameCodec.encode(new BusFrame.Hello(this.settings.applicationId(),
				BusFrame.PROTOCOL_VERSION, this.self.id()));
		try {
			// buffered to the frame's size, so that header and frame go out in one write
			BufferedOutputStream out = new BufferedOutputStream(socket.getOutputStream(),
					LengthHeaderFramer.HEADER_BYTES + hello.length);
			this.framer.serialize(hello, out);
			out.flush();
		}
		catch (IOException ex) {
			// a listener that refuses at accept (ipc.max-connections) may close before our Hello:
			// its Refuse, or the lost connection, completes the answer we wait for
			logger.debug("Hello to " + path() + " not sent: " + ex.getMessage());
		}
	}

	private IpcException clientSetupFailure(Exception ex) {
		Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
		if (cause instanceof IpcException ipc) {
			return ipc;
		}
		if (cause instanceof TimeoutException) {
			return new IpcException(IpcError.LOST_CONNECTION, "the listener on " + path()
					+ " did not answer the handshake within " + this.settings.connectTimeout().toMillis() + " ms", ex);
		}
		return new IpcException(IpcError.OPEN_DRIVER_ERROR,
				"cannot set up the connection to " + path() + ": " + ex.getMessage(), ex);
	}

	private void abandonClient(AFUNIXSocket socket) {
		ServerSocketBinder.closeQuietly(socket);
		this.side = null;
		this.listenerLink = null;
		Runnable stop = this.stopEndpoint;
		this.stopEndpoint = null;
		if (stop != null) {
			stop.run();
		}
	}

	private void becomeListener(Election.Bound bound) {
		UnixServerConnectionFactory factory = new UnixServerConnectionFactory(bound.socket().serverSocket(),
				this::refuseOverTheCapOrAccept);
		factory.setTcpNetConnectionSupport(new UnixConnectionSupport("client-"));
		configure(factory);
		this.stopEndpoint = () -> {
			stopUplink();
			factory.stop();
			bound.socket().removeFiles(bound.fileKey());
			bound.lock().close();
		};
		this.side = IpcRole.LISTENER;
		startDispatching();
		decide(IpcRole.LISTENER);
		factory.start();
		startUplink();
	}

	private void startUplink() {
		BusUplink carrier = this.uplink;
		if (carrier != null) {
			this.uplinking = true;
			carrier.start(new UplinkedHub());
		}
	}

	private void stopUplink() {
		BusUplink carrier = this.uplink;
		if (carrier != null && this.uplinking) {
			this.uplinking = false;
			carrier.stop();
		}
	}

	private void configure(AbstractConnectionFactory factory) {
		factory.setBeanName("ipc-" + this.name);
		factory.setSerializer(new FrameSerializer(this.framer));
		factory.setDeserializer(new FrameDeserializer(this.framer));
		factory.setMapper(new PayloadMapper());
		factory.setTaskExecutor(this.ioExecutor);
		factory.setTaskScheduler(this.scheduler);
		// our events come from the listener and sender below; Spring Integration's would carry fake addresses
		factory.setApplicationEventPublisher((event) -> {
		});
		factory.registerListener(this::onMessage);
		factory.registerSender(new ConnectionTracker());
	}

	private void decide(IpcRole decided) {
		this.role = decided;
		logger.info("IPC socket " + path() + ": role=" + decided + " instance=" + this.self.id());
		this.dispatcher.dispatch(new IpcRoleDecidedEvent(this, decided));
	}

	// ---- receiving -------------------------------------------------------------------------

	private void onMessage(Message<?> message) {
		if (!(message instanceof Frame frame)) {
			// read failures arrive as ErrorMessages after the close they caused, which reports them
			return;
		}
		UnixSocketConnection connection = Objects.requireNonNull(frame.connection());
		if (!connection.isOpen()) {
			// already closed (a bad frame, a refusal): what it had buffered is not read any more
			return;
		}
		BusFrame busFrame;
		try {
			busFrame = (frame.head().length == 0) ? BusFrameCodec.decode(frame.getPayload())
					: BusFrameCodec.decodeData(frame.head(), frame.getPayload());
		}
		catch (MalformedFrameException ex) {
			drop(connection, ex.getMessage());
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("IPC socket " + path() + ": received " + describe(busFrame) + " from " + connection.peer());
		}
		if (this.side == IpcRole.LISTENER) {
			onHubFrame(connection, busFrame, frame);
		}
		else {
			onClientFrame(connection, busFrame);
		}
	}

	private void onHubFrame(UnixSocketConnection connection, BusFrame frame, Frame encoded) {
		IpcPeer member = connection.member();
		if (member == null) {
			if (frame instanceof BusFrame.Hello hello) {
				connection.markGreeted();
				if (!executeMembership(() -> admit(connection, hello))) {
					// the listener is closing: nobody is left to admit it
					connection.closeLocally();
				}
			}
			else {
				drop(connection, "a " + frame.getClass().getSimpleName() + " frame came before the Hello frame");
			}
		}
		else if (frame instanceof BusFrame.Data data) {
			if (!data.origin().equals(member.id())) {
				drop(connection, "a message claims to come from '" + data.origin() + "'");
				return;
			}
			route(data, encoded, member);
		}
		else if (frame instanceof BusFrame.Bye) {
			connection.markGoodbye();
			clientFinished();
		}
		else {
			drop(connection, "a client sent a " + frame.getClass().getSimpleName() + " frame");
		}
	}

	private void admit(UnixSocketConnection connection, BusFrame.Hello hello) {
		IpcPeer credentials = connection.credentials();
		String refusal = refusal(hello);
		if (refusal != null) {
			trySend(connection, BusFrameCodec.encode(new BusFrame.Refuse(refusal)));
			connection.closeLocally();
			report(new IpcException(IpcError.ADDRESS_IN_USE_ERROR, "refused " + credentials + ": " + refusal),
					credentials);
			return;
		}
		IpcPeer member = new IpcPeer(hello.instanceId(), credentials.pid(), credentials.uid(), credentials.gid());
		connection.join(member);
		List<IpcPeer> everyone = new ArrayList<>();
		everyone.add(this.self);
		everyone.addAll(this.members.values());
		everyone.add(member);
		List<UnixSocketConnection> others = List.copyOf(this.clients.values());
		this.clients.put(member.id(), connection);
		this.members.put(member.id(), member);
		// the others learn of the newcomer before it can send them anything
		byte[] joined = BusFrameCodec.encode(new BusFrame.Joined(member));
		others.forEach((client) -> trySend(client, joined));
		if (!trySend(connection, BusFrameCodec.encode(new BusFrame.Welcome(everyone)))) {
			// its connection failed: the departure queued behind this admission cleans up
			return;
		}
		this.counters.connectionsOpened.increment();
		this.dispatcher.dispatch(new IpcConnectedEvent(this, IpcRole.LISTENER, member));
		this.dispatcher.dispatch(new IpcMemberJoinedEvent(this, IpcRole.LISTENER, member));
		flushOutboxIfReady();
	}

	private @Nullable String refusal(BusFrame.Hello hello) {
		if (hello.protocolVersion() != BusFrame.PROTOCOL_VERSION) {
			return "protocol version " + hello.protocolVersion() + " cannot join a bus of version "
					+ BusFrame.PROTOCOL_VERSION;
		}
		if (!hello.applicationId().equals(this.settings.applicationId())) {
			return "application '" + hello.applicationId() + "' cannot join application '"
					+ this.settings.applicationId() + "' on " + path();
		}
		if (BusIds.isQualified(hello.instanceId())) {
			return "instance id '" + hello.instanceId() + "' contains '" + BusIds.SEPARATOR
					+ "', which qualifies the ids of members on other hosts";
		}
		if (hello.instanceId().isBlank() || hello.instanceId().equals(this.self.id())
				|| this.members.containsKey(hello.instanceId())) {
			return "instance id '" + hello.instanceId() + "' is already a member: give each instance its own "
					+ "ipc.instance-id";
		}
		return null;
	}

	private void route(BusFrame.Data data, Frame encoded, IpcPeer from) {
		if (BusIds.isQualified(data.target())) {
			toOtherHosts(data, from);
			return;
		}
		if (data.isBroadcast() && this.uplinking) {
			Objects.requireNonNull(this.uplink).send(data);
		}
		HubRouter.Route route = HubRouter.route(data, this.self.id(),
				(this.settings.relay() || !data.isBroadcast()) ? this.clients.keySet() : Set.of());
		for (String target : route.forwardTo()) {
			UnixSocketConnection client = this.clients.get(target);
			if (client != null && trySend(client, encoded)) {
				this.counters.messagesRelayed.increment();
			}
		}
		if (route.deliverLocally()) {
			deliver(data, from);
		}
		if (route.undeliverable()) {
			report(new IpcException(IpcError.NAME_RESOLUTION_ERROR, "no member '" + data.target() + "' on " + path()
					+ ": message " + data.messageId() + " was not delivered"), from, undelivered(from, data));
		}
	}

	/** Hand a message for a member of another host to the uplink, or report it. */
	private void toOtherHosts(BusFrame.Data data, IpcPeer from) {
		if (this.uplinking) {
			Objects.requireNonNull(this.uplink).send(data);
		}
		else {
			report(new IpcException(IpcError.NAME_RESOLUTION_ERROR, "'" + data.target() + "' is on another host and "
					+ path() + " has no uplink (ipc.uplink.enabled): message " + data.messageId() + " was not delivered"),
					from, undelivered(from, data));
		}
	}

	/** Hub: pass on a message that the uplink brought from another host. */
	private void fromOtherHost(BusFrame.Data data) {
		if (this.side != IpcRole.LISTENER) {
			logger.debug("Message " + data.messageId() + " from another host reached a member that is no hub");
			return;
		}
		byte[] encoded = BusFrameCodec.encode(data);
		if (data.isBroadcast()) {
			for (UnixSocketConnection client : this.clients.values()) {
				if (trySend(client, encoded)) {
					this.counters.messagesRelayed.increment();
				}
			}
			deliver(data, null);
		}
		else if (data.target().equals(this.self.id())) {
			deliver(data, null);
		}
		else {
			UnixSocketConnection client = this.clients.get(data.target());
			if (client != null && trySend(client, encoded)) {
				this.counters.messagesRelayed.increment();
			}
			else if (client == null) {
				IpcPeer sender = new IpcPeer(data.origin(), 0, 0, 0);
				report(new IpcException(IpcError.NAME_RESOLUTION_ERROR, "no member '" + data.target() + "' on "
						+ path() + ": message " + data.messageId() + " from another host was not delivered"), sender,
						undelivered(sender, data));
			}
		}
	}

	private void onClientFrame(UnixSocketConnection connection, BusFrame frame) {
		if (frame instanceof BusFrame.Data data) {
			deliver(data, null);
		}
		else if (frame instanceof BusFrame.Uplinked uplinked) {
			this.unconfirmed.confirm(uplinked.sequence());
		}
		else if (frame instanceof BusFrame.Joined joined) {
			this.members.put(joined.member().id(), joined.member());
			this.dispatcher.dispatch(new IpcMemberJoinedEvent(this, IpcRole.CLIENT, joined.member()));
			flushOutboxIfReady();
		}
		else if (frame instanceof BusFrame.Left left) {
			IpcPeer gone = this.members.remove(left.instanceId());
			if (gone != null) {
				this.dispatcher.dispatch(new IpcMemberLeftEvent(this, IpcRole.CLIENT, gone, left.clean()));
			}
		}
		else if (frame instanceof BusFrame.Welcome accepted) {
			completeWelcome(accepted, null);
		}
		else if (frame instanceof BusFrame.Refuse refused) {
			completeWelcome(null, new IpcException(IpcError.ADDRESS_IN_USE_ERROR,
					"the listener on " + path() + " refused this member: " + refused.reason()));
		}
		else if (frame instanceof BusFrame.Bye) {
			connection.markGoodbye();
			// the listener is closing: a Bye back says nothing else comes from here, and what is
			// sent from now on waits for the next listener (so the closing one loses nothing)
			try {
				connection.sendLast(BusFrameCodec.encode(new BusFrame.Bye()));
			}
			catch (RuntimeException ex) {
				logger.debug("IPC socket " + path() + ": the listener left before our goodbye: " + ex.getMessage());
			}
		}
		else {
			drop(connection, "the listener sent a " + frame.getClass().getSimpleName() + " frame");
		}
	}

	private void completeWelcome(BusFrame.@Nullable Welcome accepted, @Nullable IpcException refused) {
		CompletableFuture<BusFrame.Welcome> answer = this.welcome;
		if (answer == null) {
			logger.debug("Ignoring a handshake answer nobody waits for");
		}
		else if (refused != null) {
			answer.completeExceptionally(refused);
		}
		else {
			answer.complete(accepted);
		}
	}

	private void deliver(BusFrame.Data data, @Nullable IpcPeer knownSender) {
		RecentMessageIds seen = this.delivered;
		if (seen != null && !seen.firstTime(data)) {
			logger.debug("Dropped message " + data.messageId() + ": delivered already");
			Objects.requireNonNull(this.uplink).duplicateDropped(data);
			return;
		}
		IpcPeer sender = (knownSender != null) ? knownSender : this.members.get(data.origin());
		if (sender == null) {
			sender = new IpcPeer(data.origin(), 0, 0, 0);
		}
		IpcMessage message = new IpcMessage(sender, data.type(), data.payload());
		IpcRole current = Objects.requireNonNull(this.side);
		if (data.kind() == BusFrame.Kind.REPLY) {
			CompletableFuture<IpcMessage> request = this.pendingRequests.remove(data.correlation());
			if (request != null) {
				request.complete(message);
			}
			else {
				logger.debug("Reply " + data.messageId() + " came after its request gave up");
			}
			return;
		}
		this.counters.messagesReceived.increment();
		this.counters.bytesReceived.add(data.payload().length);
		if (data.kind() == BusFrame.Kind.REQUEST) {
			this.dispatcher.dispatchReceived(new IpcRequestEvent(this, current, message,
					(type, payload) -> sendData(BusFrame.Kind.REPLY, data.origin(), type, payload, data.sequence())));
			return;
		}
		ReceiveBuffer buffer = this.receiveBuffer;
		if (buffer != null) {
			try {
				if (!buffer.put(message)) {
					logger.debug("Socket closed; message " + data.messageId() + " stays unread");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.dispatcher.dispatchReceived(new IpcDataEvent(this, current, message, !data.isBroadcast()));
	}

	/** Run a membership change in turn with the others; false if the socket closed meanwhile. */
	private boolean executeMembership(Runnable task) {
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

	private void drop(UnixSocketConnection connection, @Nullable String why) {
		// close before reporting: reporting may wait for the event queue, whose listener may be
		// the very thread that is blocked writing to this peer
		connection.closeLocally();
		report(new IpcException(IpcError.LOST_CONNECTION, "closed the connection to " + connection.peer()
				+ ": " + why), connection.peer());
	}

	/**
	 * Count a connection the listener accepted, or refuse it over ipc.max-connections. Runs on
	 * the one accept thread, so no other accept can overtake the count.
	 */
	private void refuseOverTheCapOrAccept(UnixSocketConnection connection) {
		if (!connection.isOpen()) {
			// refused by its credentials already
			return;
		}
		int open = this.accepted.size();
		int max = this.settings.maxConnections();
		if (open >= max) {
			IpcPeer peer = connection.credentials();
			String reason = "the listener on " + path() + " already has " + open + " connections, the most "
					+ "ipc.max-connections (" + max + ") allows";
			trySend(connection, BusFrameCodec.encode(new BusFrame.Refuse(reason)));
			connection.closeLocally();
			report(new IpcException(IpcError.ADDRESS_IN_USE_ERROR, "refused " + peer + ": " + reason), peer);
			return;
		}
		this.accepted.add(connection);
	}

	/**
	 * Start the thread that delivers events, before the first event of a decided role. That
	 * thread schedules the periodic connection check, whose thread thus starts while this one
	 * goes on with the handshake.
	 */
	private void startDispatching() {
		if (!this.dispatching) {
			this.dispatching = true;
			this.dispatcher.start(this::startWatching);
		}
	}

	private void startWatching() {
		try {
			this.scheduler.scheduleWithFixedDelay(this::watch, this.watchdog.period());
		}
		catch (TaskRejectedException ex) {
			// closed meanwhile: nothing left to watch
			logger.debug("Connection check not started: the socket on " + path() + " is closed");
		}
	}

	// ---- sending ---------------------------------------------------------------------------

	@Override
	public void send(byte[] payload) {
		send(null, "", payload);
	}

	@Override
	public void send(String text) {
		send(text.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public void sendTo(String instanceId, byte[] payload) {
		send(instanceId, "", payload);
	}

	@Override
	public void send(@Nullable String target, String type, byte[] payload) {
		sendData(BusFrame.Kind.MESSAGE, target, type, payload, 0);
	}

	@Override
	public IpcMessage request(String target, String type, byte[] payload, Duration timeout) {
		// the reply may come on the connection this thread reads
		handOverReadingBeforeWaiting();
		CompletableFuture<IpcMessage> reply = new CompletableFuture<>();
		long id = sendData(BusFrame.Kind.REQUEST, target, type, payload, 0, reply);
		try {
			return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw fail(new IpcException(IpcError.LOST_CONNECTION,
					"no reply from '" + target + "' within " + timeout.toMillis() + " ms", ex));
		}
		catch (ExecutionException ex) {
			throw fail(new IpcException(IpcError.LOST_CONNECTION, "the request to '" + target + "' failed", ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw fail(new IpcException(IpcError.INVALID_STATE_ERROR, "interrupted waiting for '" + target + "'", ex));
		}
		finally {
			this.pendingRequests.remove(id);
		}
	}

	private long sendData(BusFrame.Kind kind, @Nullable String target, String type, byte[] payload,
			long correlation) {
		return sendData(kind, target, type, payload, correlation, null);
	}

	private long sendData(BusFrame.Kind kind, @Nullable String target, String type, byte[] payload, long correlation,
			@Nullable CompletableFuture<IpcMessage> reply) {
		Objects.requireNonNull(payload, "payload must not be null");
		if (payload.length > this.settings.maxMessageSize()) {
			throw fail(new IpcException(IpcError.OUT_OF_MEMORY_ERROR, "message is " + payload.length
					+ " bytes; ipc.max-message-size allows " + this.settings.maxMessageSize()
					+ ": raise it or split the message"));
		}
		if (this.closed) {
			throw fail(new IpcException(IpcError.INVALID_STATE_ERROR, "the socket on " + path() + " is closed"));
		}
		long id = this.sequence.incrementAndGet();
		if (reply != null) {
			this.pendingRequests.put(id, reply);
		}
		BusFrame.Data data = new BusFrame.Data(kind, this.self.id(), (target != null) ? target : "", id, correlation,
				type, payload);
		if (this.electing || this.outbox.isHolding()) {
			// the bus is not back yet: wait behind what the outage kept, rather than overtake it
			// or reach only the members already back
			keepForAfterTheElection(data);
			flushOutboxIfReady();
			return id;
		}
		if (this.role == null) {
			throw fail(new IpcException(IpcError.INVALID_STATE_ERROR,
					"the socket on " + path() + " is not started: call start(), connect() or listen() first"));
		}
		if (target != null && !BusIds.isQualified(target) && !this.members.containsKey(target)) {
			throw fail(new IpcException(IpcError.NAME_RESOLUTION_ERROR, "no member '" + target + "' on " + path()
					+ (target.equals(this.self.id()) ? " (that is this member itself)" : "")));
		}
		if (!transmit(data)) {
			keepForAfterTheElection(data);
		}
		return id;
	}

	/** Send a message; false if the listener is gone or closing (the caller keeps it for the next one). */
	private boolean transmit(BusFrame.Data data) {
		if (logger.isDebugEnabled()) {
			logger.debug("IPC socket " + path() + ": sending " + describe(data));
		}
		// envelope and payload are written one after the other: the payload is not copied into a frame first
		Frame encoded = Frame.outbound(BusFrameCodec.encodeEnvelope(data), data.payload());
		long started = System.nanoTime();
		IpcRole current = this.role;
		// no role here means a client whose re-election has just begun, not a listener
		if (current != IpcRole.LISTENER) {
			UnixSocketConnection link = this.listenerLink;
			// kept before it is sent: the listener's confirmation may come back before trySend returns
			boolean copied = this.uplink != null && (data.isBroadcast() || BusIds.isQualified(data.target()));
			if (copied) {
				this.unconfirmed.keep(data);
			}
			if (current != IpcRole.CLIENT || link == null || link.isWritingFinished() || !trySend(link, encoded)) {
				if (copied) {
					this.unconfirmed.forget(data);
				}
				// the listener is gone or closing and a re-election is starting: the caller keeps the message
				return false;
			}
			countSent(data);
		}
		else if (BusIds.isQualified(data.target())) {
			if (!this.uplinking) {
				throw fail(new IpcException(IpcError.NAME_RESOLUTION_ERROR, "'" + data.target()
						+ "' is on another host and " + path() + " has no uplink (ipc.uplink.enabled)"));
			}
			Objects.requireNonNull(this.uplink).send(data);
			countSent(data);
		}
		else {
			// the map's live view, no copy per message: a member joining meanwhile may or may not get it, as with a copy
			Collection<UnixSocketConnection> targets = data.isBroadcast() ? this.clients.values()
					: listOfNullable(this.clients.get(data.target()));
			boolean uplinked = data.isBroadcast() && this.uplinking;
			if (uplinked) {
				Objects.requireNonNull(this.uplink).send(data);
			}
			if (targets.isEmpty() && !uplinked) {
				throw fail(new IpcException(IpcError.INVALID_STATE_ERROR,
						"no member is connected on " + path() + "; the message was not sent"));
			}
			boolean sentToAny = false;
			for (UnixSocketConnection connection : targets) {
				if (trySend(connection, encoded)) {
					countSent(data);
					sentToAny = true;
				}
			}
			if (!sentToAny && !uplinked) {
				throw fail(new IpcException(IpcError.LOST_CONNECTION,
						"the message reached no member on " + path() + ": every connection failed"));
			}
		}
		this.counters.sendCalls.increment();
		this.counters.sendNanos.add(System.nanoTime() - started);
		return true;
	}

	private void countSent(BusFrame.Data data) {
		this.counters.messagesSent.increment();
		this.counters.bytesSent.add(data.payload().length);
	}

	private static String describe(BusFrame frame) {
		if (frame instanceof BusFrame.Data data) {
			return data.kind() + " " + data.messageId() + " to " + (data.isBroadcast() ? "all" : data.target())
					+ (data.type().isEmpty() ? "" : " type " + data.type()) + ", " + data.payload().length + " bytes";
		}
		return frame.getClass().getSimpleName() + " frame";
	}

	private static List<UnixSocketConnection> listOfNullable(@Nullable UnixSocketConnection connection) {
		return (connection != null) ? List.of(connection) : List.of();
	}

	private void keepForAfterTheElection(BusFrame.Data data) {
		long deadline = System.nanoTime() + this.settings.connectTimeout().toNanos();
		if (!this.outbox.offer(data, deadline)) {
			throw fail(new IpcException(IpcError.INVALID_STATE_ERROR, "no listener is reachable on " + path()
					+ " and " + this.settings.outageBufferCapacity()
					+ " messages already wait for the re-election (ipc.outage-buffer-capacity): not sent"));
		}
	}

	private boolean trySend(UnixSocketConnection connection, byte[] encoded) {
		return trySend(connection, Frame.outbound(encoded));
	}

	private boolean trySend(UnixSocketConnection connection, Frame encoded) {
		try {
			connection.send(encoded);
			return true;
		}
		catch (RuntimeException ex) {
			// a connection we closed on purpose was reported then, with its reason
			if (!this.closed && connection != this.listenerLink && !connection.isClosedLocally()) {
				report(ErrorTranslator.onConnection(ex, "sending to " + connection.peer() + " failed"),
						connection.peer());
			}
			return false;
		}
	}

	// ---- re-election -----------------------------------------------------------------------

	private void startReelection(IpcPeer lostListener, boolean clean) {
		Set<String> awaited = new HashSet<>(this.members.keySet());
		awaited.remove(lostListener.id());
		this.electing = true;
		this.role = null;
		this.side = null;
		long deadline = System.nanoTime() + this.settings.connectTimeout().toNanos();
		this.outbox.awaitMembers(awaited, deadline);
		// the lost listener may not have uplinked these: the next one does, the receivers drop repeats
		this.outbox.keepFirst(this.unconfirmed.drain(), deadline);
		for (IpcPeer member : List.copyOf(this.members.values())) {
			this.members.remove(member.id());
			boolean memberClean = member.id().equals(lostListener.id()) && clean;
			this.dispatcher.dispatch(new IpcMemberLeftEvent(this, IpcRole.CLIENT, member, memberClean));
		}
		Thread thread = new Thread(this::reelect, "ipc-reelect-" + this.name);
		thread.setDaemon(true);
		thread.start();
	}

	private void reelect() {
		long started = System.nanoTime();
		Runnable stop = this.stopEndpoint;
		this.stopEndpoint = null;
		if (stop != null) {
			stop.run();
		}
		while (!this.closing) {
			try {
				handshake(() -> Election.connectOrListen(checkedPath(), this.settings.permissions(),
						this.settings.connectTimeout(), () -> this.closing));
				break;
			}
			catch (IpcException ex) {
				if (this.closing) {
					break;
				}
				logger.info("IPC socket " + path() + ": re-election failed, retrying: " + ex.getMessage());
				reportExpired(this.outbox.expire(System.nanoTime()));
				try {
					TimeUnit.MILLISECONDS.sleep(REELECTION_BACKOFF_MILLIS);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		this.lastReelection = Duration.ofNanos(System.nanoTime() - started);
		this.electing = false;
		// a close() during the election ends it without a role
		if (!this.closing && this.role != null) {
			logger.info("IPC socket " + path() + ": re-elected as " + this.role + " in "
					+ this.lastReelection.toMillis() + " ms");
			flushOutboxIfReady();
			try {
				this.scheduler.schedule(this::flushOutboxIfReady,
						Instant.now().plus(this.settings.connectTimeout()).plusMillis(1));
			}
			catch (TaskRejectedException ex) {
				// close() began after the check above and stopped the scheduler: it reported what was kept
				logger.debug("Outbox flush after the re-election not scheduled: the socket on " + path() + " is closed");
			}
		}
	}

	private void flushOutboxIfReady() {
		UnixSocketConnection link = this.listenerLink;
		if (this.electing || this.role == null
				|| (this.role == IpcRole.CLIENT && (link == null || link.isWritingFinished()))) {
			// from the closing listener's Bye, or the lost link, until the re-election the messages wait, in order
			return;
		}
		List<IpcErrorEvent> reports;
		this.flushLock.lock();
		try {
			// again until nothing is left: what was kept meanwhile goes out in this flush, behind the rest
			boolean linkUp = true;
			while (linkUp && !this.electing) {
				List<BusFrame.Data> ready = this.outbox.takeIfReady(this.members.keySet(), System.nanoTime());
				if (ready.isEmpty()) {
					break;
				}
				linkUp = sendKept(ready);
			}
		}
		finally {
			reports = List.copyOf(this.reportedWhileFlushing);
			this.reportedWhileFlushing.clear();
			this.flushLock.unlock();
		}
		reports.forEach(this.dispatcher::dispatch);
	}

	/** Send messages taken from the outbox; false if the listener was lost again and they were kept. */
	private boolean sendKept(List<BusFrame.Data> ready) {
		for (int i = 0; i < ready.size(); i++) {
			BusFrame.Data data = ready.get(i);
			if (!data.isBroadcast() && !BusIds.isQualified(data.target()) && !this.members.containsKey(data.target())) {
				report(new IpcException(IpcError.NAME_RESOLUTION_ERROR, "member '" + data.target()
						+ "' did not come back after the re-election: message " + data.messageId() + " not delivered"),
						null, undelivered(this.self, data));
				continue;
			}
			try {
				if (!transmit(data)) {
					// the link went during the flush: the rest goes back ahead of what was kept meanwhile
					this.outbox.keepFirst(ready.subList(i, ready.size()),
							System.nanoTime() + this.settings.connectTimeout().toNanos());
					return false;
				}
			}
			catch (IpcException ex) {
				report(ex, null, undelivered(this.self, data));
			}
		}
		return true;
	}

	private void reportExpired(List<BusFrame.Data> expired) {
		for (BusFrame.Data data : expired) {
			report(new IpcException(IpcError.LOST_CONNECTION, "no listener came back on " + path() + " within "
					+ this.settings.connectTimeout().toMillis() + " ms: message " + data.messageId() + " not delivered"),
					null, undelivered(this.self, data));
		}
	}

	private static IpcMessage undelivered(IpcPeer sender, BusFrame.Data data) {
		return new IpcMessage(sender, data.type(), data.payload());
	}

	// ---- watchdog --------------------------------------------------------------------------

	/**
	 * Before a listener on a reader thread waits for what a peer sends, let another thread read
	 * that reader's connection: otherwise nobody would.
	 */
	private void handOverReadingBeforeWaiting() {
		UnixSocketConnection connection = UnixSocketConnection.handOverThisThreadsReading(this.ioExecutor);
		if (connection != null) {
			logHandOver(connection, "waits for a peer");
		}
	}

	private void handOverReading(UnixSocketConnection connection) {
		if (connection.handOverReading(this.ioExecutor)) {
			logHandOver(connection, "has run for longer than the connection check's period");
		}
	}

	private void logHandOver(UnixSocketConnection connection, String why) {
		if (logger.isDebugEnabled()) {
			logger.debug("IPC socket " + path() + ": a listener on the reader of " + connection.peer() + " " + why
					+ "; another thread reads on");
		}
	}

	private void watch() {
		try {
			UnixSocketConnection link = this.listenerLink;
			this.watchdog.check(this.accepted, (link != null) ? List.of(link) : List.of(), 2);
		}
		catch (RuntimeException ex) {
			logger.warn("IPC socket " + path() + ": connection check failed", ex);
		}
	}

	// ---- errors ----------------------------------------------------------------------------

	private void report(IpcException exception, @Nullable IpcPeer peer) {
		report(exception, peer, null);
	}

	private void report(IpcException exception, @Nullable IpcPeer peer, @Nullable IpcMessage undelivered) {
		this.lastErrorCode = exception.code();
		this.counters.error(exception.error());
		logger.info("IPC socket " + path() + ": " + exception.getMessage());
		IpcErrorEvent event = new IpcErrorEvent(this, this.role, exception, peer, undelivered);
		if (this.flushLock.isHeldByCurrentThread()) {
			this.reportedWhileFlushing.add(event);
		}
		else {
			this.dispatcher.dispatch(event);
		}
	}

	private IpcException fail(IpcException exception) {
		this.lastErrorCode = exception.code();
		this.counters.error(exception.error());
		return exception;
	}

	// ---- state and the classic API ---------------------------------------------------------

	@Override
	public @Nullable IpcRole role() {
		return this.role;
	}

	@Override
	public boolean isConnected() {
		return (this.role == IpcRole.CLIENT) ? this.listenerLink != null : !this.clients.isEmpty();
	}

	@Override
	public List<IpcPeer> peers() {
		return List.copyOf(this.members.values());
	}

	@Override
	public IpcStatistics statistics() {
		return this.counters.snapshot(this.dispatcher.pending());
	}

	@Override
	public int lastErrorCode() {
		return this.lastErrorCode;
	}

	@Override
	public @Nullable IpcMessage receive(Duration timeout) {
		ReceiveBuffer buffer = requireReceiveBuffer();
		handOverReadingBeforeWaiting();
		try {
			return buffer.receive(timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private ReceiveBuffer requireReceiveBuffer() {
		ReceiveBuffer buffer = this.receiveBuffer;
		if (buffer == null) {
			throw fail(new IpcException(IpcError.INVALID_STATE_ERROR, "the receive buffer of " + path()
					+ " is off (receive buffer capacity 0): listen for IpcDataEvent instead"));
		}
		return buffer;
	}

	@Override
	public void write(byte[] bytes) {
		synchronized (this.pending) {
			if ((long) this.pending.size() + bytes.length > this.settings.maxMessageSize()) {
				throw fail(new IpcException(IpcError.OUT_OF_MEMORY_ERROR, "writing " + bytes.length + " more bytes to "
						+ this.pending.size() + " unflushed ones exceeds ipc.max-message-size ("
						+ this.settings.maxMessageSize() + "): flush first"));
			}
			this.pending.writeBytes(bytes);
		}
	}

	@Override
	public void flush() {
		synchronized (this.pending) {
			if (this.pending.size() > 0) {
				send(this.pending.toByteArray());
				this.pending.reset();
			}
		}
	}

	@Override
	public int bytesLeftToSend() {
		synchronized (this.pending) {
			return this.pending.size();
		}
	}

	@Override
	public int bytesAvailable() {
		return (this.receiveBuffer != null) ? this.receiveBuffer.bytesAvailable() : 0;
	}

	@Override
	public byte[] read(int count) {
		return requireReceiveBuffer().read(count, true);
	}

	@Override
	public byte[] readAll() {
		return requireReceiveBuffer().read(Integer.MAX_VALUE, true);
	}

	@Override
	public byte[] lookahead() {
		return requireReceiveBuffer().read(Integer.MAX_VALUE, false);
	}

	@Override
	public boolean eof() {
		boolean noMoreComing = this.closed || (this.role == IpcRole.CLIENT && this.listenerLink == null);
		return noMoreComing && bytesAvailable() == 0;
	}

	@Override
	public void close() {
		this.closing = true;
		completeWelcome(null, new IpcException(IpcError.INVALID_STATE_ERROR, "the socket on " + path() + " closed"));
		this.lifecycleLock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			sayGoodbye();
			if (this.side == IpcRole.LISTENER) {
				awaitClientsFinished();
			}
			Runnable stop = this.stopEndpoint;
			this.stopEndpoint = null;
			if (stop != null) {
				stop.run();
			}
			this.membership.shutdown();
			awaitQuietly(this.membership);
			for (BusFrame.Data data : this.outbox.drain()) {
				report(new IpcException(IpcError.INVALID_STATE_ERROR, "the socket on " + path()
						+ " closed before a listener came back: message " + data.messageId() + " not delivered"), null,
						undelivered(this.self, data));
			}
			this.pendingRequests.values()
				.forEach((request) -> request.completeExceptionally(
						new IpcException(IpcError.INVALID_STATE_ERROR, "the socket on " + path() + " closed")));
			if (this.receiveBuffer != null) {
				this.receiveBuffer.close();
			}
			this.dispatcher.stop();
			this.scheduler.close();
			this.role = null;
		}
		finally {
			this.lifecycleLock.unlock();
		}
	}

	private static void awaitQuietly(ExecutorService executor) {
		try {
			if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
				logger.warn("Membership changes still running after 5 s; closing anyway");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A closing listener relays what its clients sent before they saw its Bye: it waits until
	 * each has answered with a Bye of its own (nothing more comes from it) or gone, for at most
	 * {@link #DRAIN_MILLIS} (a client that does not answer, such as an older one, costs that).
	 */
	private void awaitClientsFinished() {
		long deadline = System.nanoTime()
				+ Math.min(this.settings.connectTimeout().toNanos(), TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS));
		synchronized (this.drainMonitor) {
			while (!allClientsFinished()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					logger.debug("IPC socket " + path() + ": closing without a goodbye from every client");
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
		for (UnixSocketConnection client : this.clients.values()) {
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

	private void sayGoodbye() {
		byte[] bye = BusFrameCodec.encode(new BusFrame.Bye());
		UnixSocketConnection link = this.listenerLink;
		if (link != null) {
			trySend(link, bye);
		}
		this.clients.values().forEach((client) -> trySend(client, bye));
	}

	@Override
	public String toString() {
		return "UnixDomainIPCSocket[path=" + path() + ", instance=" + this.self.id() + ", role=" + this.role
				+ ", members=" + this.members.size() + "]";
	}

	/** The hub as its uplink sees it. */
	private final class UplinkedHub implements BusUplink.Hub {

		@Override
		public void deliver(BusFrame.Data data) {
			fromOtherHost(data);
		}

		@Override
		public void uplinked(BusFrame.Data data) {
			UnixSocketConnection client = UnixDomainIPCSocket.this.clients.get(data.origin());
			if (client != null) {
				trySend(client, BusFrameCodec.encode(new BusFrame.Uplinked(data.sequence())));
			}
		}

		@Override
		public void undelivered(BusFrame.@Nullable Data data, IpcError error, String reason) {
			String what = "uplink of " + path() + ": " + reason;
			if (data == null) {
				report(new IpcException(error, what), null);
				return;
			}
			IpcPeer sender = data.origin().equals(UnixDomainIPCSocket.this.self.id()) ? UnixDomainIPCSocket.this.self
					: UnixDomainIPCSocket.this.members.getOrDefault(data.origin(), new IpcPeer(data.origin(), 0, 0, 0));
			report(new IpcException(error, what + ": message " + data.messageId() + " not delivered"), sender,
					UnixDomainIPCSocket.undelivered(sender, data));
		}

		@Override
		public String applicationId() {
			return UnixDomainIPCSocket.this.settings.applicationId();
		}

	}

	/** Follows connections as Spring Integration opens and closes them. */
	private final class ConnectionTracker implements TcpSender {

		@Override
		public void addNewConnection(TcpConnection tcpConnection) {
			UnixSocketConnection connection = (UnixSocketConnection) tcpConnection;
			IpcPeer peer = connection.credentials();
			if (!UnixDomainIPCSocket.this.peerPolicy.admits(peer.uid(), peer.gid())) {
				connection.closeLocally();
				report(new IpcException(IpcError.ADDRESS_IN_USE_ERROR, "refused " + peer + " (gid " + peer.gid()
						+ ") on " + path() + ": allowed are " + UnixDomainIPCSocket.this.peerPolicy.describe()), peer);
				return;
			}
		}

		@Override
		public void removeDeadConnection(TcpConnection tcpConnection) {
			UnixSocketConnection connection = (UnixSocketConnection) tcpConnection;
			UnixDomainIPCSocket.this.accepted.remove(connection);
			if (UnixDomainIPCSocket.this.side == IpcRole.LISTENER) {
				UnixDomainIPCSocket.this.executeMembership(() -> clientGone(connection));
			}
			else {
				listenerGone(connection);
			}
		}

		private void clientGone(UnixSocketConnection connection) {
			IpcPeer member = connection.member();
			if (member == null || !UnixDomainIPCSocket.this.clients.remove(member.id(), connection)) {
				return;
			}
			UnixDomainIPCSocket.this.members.remove(member.id());
			clientFinished();
			boolean clean = connection.saidGoodbye() || UnixDomainIPCSocket.this.closed;
			// one we dropped was reported then, with the reason
			if (!clean && !connection.isClosedLocally()) {
				IpcException crash = readFailure(connection);
				report((crash != null) ? crash : new IpcException(IpcError.LOST_CONNECTION,
						"member " + member + " left without saying goodbye"), member);
			}
			if (!UnixDomainIPCSocket.this.closed) {
				// not when this listener closes: its clients stay on the bus, and each re-elects expecting the others
				byte[] left = BusFrameCodec.encode(new BusFrame.Left(member.id(), clean));
				UnixDomainIPCSocket.this.clients.values().forEach((client) -> trySend(client, left));
			}
			closedConnection(member, IpcRole.LISTENER, !clean);
			UnixDomainIPCSocket.this.dispatcher
				.dispatch(new IpcMemberLeftEvent(UnixDomainIPCSocket.this, IpcRole.LISTENER, member, clean));
		}

		private void listenerGone(UnixSocketConnection connection) {
			synchronized (UnixDomainIPCSocket.this.linkLock) {
				if (connection != UnixDomainIPCSocket.this.listenerLink) {
					// the handshake had not finished: fail it now rather than at its deadline
					completeWelcome(null, new IpcException(IpcError.LOST_CONNECTION,
							"the listener on " + path() + " closed the connection during the handshake"));
					return;
				}
				UnixDomainIPCSocket.this.listenerLink = null;
			}
			IpcPeer listener = connection.peer();
			if (UnixDomainIPCSocket.this.closed) {
				closedConnection(listener, IpcRole.CLIENT, false);
				return;
			}
			boolean clean = connection.saidGoodbye();
			closedConnection(listener, IpcRole.CLIENT, !clean);
			if (!clean) {
				IpcException crash = readFailure(connection);
				if (crash != null && crash.error() != IpcError.LOST_CONNECTION) {
					report(crash, listener);
				}
				report(new IpcException(IpcError.LOST_CONNECTION, "lost the listener " + listener + " on " + path()
						+ "; electing a new one"), listener);
			}
			startReelection(listener, clean);
		}

		private @Nullable IpcException readFailure(UnixSocketConnection connection) {
			Exception failure = connection.readFailure();
			return (failure != null)
					? ErrorTranslator.onConnection(failure, "reading from " + connection.peer() + " failed") : null;
		}

		private void closedConnection(IpcPeer peer, IpcRole current, boolean lost) {
			UnixDomainIPCSocket.this.counters.connectionsClosed.increment();
			UnixDomainIPCSocket.this.dispatcher
				.dispatch(new IpcDisconnectedEvent(UnixDomainIPCSocket.this, current, peer, lost));
		}

	}

}
