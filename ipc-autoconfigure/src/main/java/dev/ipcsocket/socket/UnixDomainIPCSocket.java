package dev.ipcsocket.socket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcEventListener;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcListenerThread;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.IpcStatistics;
import dev.ipcsocket.bus.Bus;
import dev.ipcsocket.bus.BusFrameCodec;
import dev.ipcsocket.bus.BusHost;
import dev.ipcsocket.bus.BusUplink;
import dev.ipcsocket.bus.Link;
import dev.ipcsocket.transport.ConnectionHandler;
import dev.ipcsocket.transport.Election;
import dev.ipcsocket.transport.EventDispatcher;
import dev.ipcsocket.transport.SocketPath;
import dev.ipcsocket.transport.UnixSocketConnection;
import dev.ipcsocket.transport.UnixTransport;

/**
 * {@link IPCSocket} over a Unix domain socket: the {@link Bus} carried by a
 * {@link UnixTransport}, listeners served by an {@link EventDispatcher}. This class composes the
 * three, takes the role at the start (and again when the bus asks after losing its listener),
 * closes them in order, and holds the classic byte API and the error bookkeeping.
 */
public final class UnixDomainIPCSocket implements IPCSocket {

	private static final Log logger = LogFactory.getLog(UnixDomainIPCSocket.class);

	/** Room for the envelope (ids, type) on top of the largest payload. */
	static final int ENVELOPE_ALLOWANCE = 4096;

	private final IpcSocketSettings settings;

	private final Bus bus;

	private final UnixTransport transport;

	private final EventDispatcher dispatcher;

	private final @Nullable ReceiveBuffer receiveBuffer;

	private final ReentrantLock lifecycleLock = new ReentrantLock();

	/** Written and not yet flushed, for the classic byte API. */
	private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

	private volatile int lastErrorCode;

	/** Whether the event thread was started; set under the lifecycle lock. */
	private volatile boolean dispatching;

	private volatile boolean closed;

	/** Set as soon as close() is called, before it waits for a handshake in progress to give up. */
	private volatile boolean closing;

	public UnixDomainIPCSocket(IpcSocketSettings settings) {
		this.settings = settings;
		String name = String.valueOf(settings.path().getFileName());
		IpcPeer self = new IpcPeer(settings.instanceId(), ProcessHandle.current().pid(), SocketPath.ownUid(),
				SocketPath.ownGid());
		this.dispatcher = new EventDispatcher(name, settings.dispatchQueueCapacity(), settings.dispatchQueueBytes(),
				settings.listenerThread() == IpcListenerThread.IO);
		this.receiveBuffer = (settings.receiveBufferCapacity() > 0) ? new ReceiveBuffer(settings.receiveBufferCapacity())
				: null;
		this.bus = new Bus(settings, self, new Host());
		this.transport = new UnixTransport(settings, settings.maxMessageSize() + ENVELOPE_ALLOWANCE,
				BusFrameCodec::dataEnvelopeLength, new Connections());
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
		return this.bus.lastReelection();
	}

	@Override
	public Path path() {
		return this.settings.path();
	}

	@Override
	public String instanceId() {
		return this.bus.instanceId();
	}

	/**
	 * Carry the bus to other hosts through this uplink whenever this member is the hub, and drop
	 * repeated messages. Call it before the socket starts.
	 * @param uplink the uplink
	 */
	public void setUplink(BusUplink uplink) {
		this.lifecycleLock.lock();
		try {
			if (this.bus.role() != null || this.closed) {
				throw new IpcException(IpcError.INVALID_STATE_ERROR,
						"the uplink of " + path() + " must be set before the socket starts");
			}
			this.bus.setUplink(uplink);
		}
		finally {
			this.lifecycleLock.unlock();
		}
	}

	/** Client with an uplink: how many of its messages its listener has not yet confirmed as uplinked. */
	int unconfirmedCount() {
		return this.bus.unconfirmedCount();
	}

	@Override
	public void addListener(IpcEventListener listener) {
		this.dispatcher.addListener(listener);
	}

	// ---- taking a role ---------------------------------------------------------------------

	@Override
	public IpcRole start() {
		switch (this.settings.mode()) {
			case CONNECT -> connect();
			case LISTEN -> listen();
			default -> connectOrListen();
		}
		return Objects.requireNonNull(this.bus.role());
	}

	@Override
	public void connect() {
		handshake(() -> Election.connect(checkedPath(), this.settings.connectTimeout()));
	}

	@Override
	public void listen() {
		handshake(() -> Election.listen(checkedPath(), this.settings.permissions()));
	}

	private void connectOrListen() {
		handshake(() -> Election.connectOrListen(checkedPath(), this.settings.permissions(),
				this.settings.connectTimeout(), () -> this.closing));
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
			if (this.bus.role() != null) {
				throw new IpcException(IpcError.INVALID_STATE_ERROR,
						"the socket on " + path() + " is already a " + this.bus.role() + ": close it first");
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
		// before the link's reader starts: the Welcome may be its first frame
		this.bus.expectWelcome();
		try {
			// the listener reads the Hello while this side starts its threads
			UnixSocketConnection connection = this.transport.connect(socket, this.bus.hello(), this::startDispatching);
			this.bus.join(linkOf(connection));
		}
		catch (IOException | RuntimeException ex) {
			this.transport.abandon(socket);
			this.bus.abandonJoin();
			throw (ex instanceof IpcException ipc) ? ipc : new IpcException(IpcError.OPEN_DRIVER_ERROR,
					"cannot set up the connection to " + path() + ": " + ex.getMessage(), ex);
		}
	}

	private void becomeListener(Election.Bound bound) {
		this.transport.listen(bound, () -> {
			this.bus.becomeHub();
			startDispatching();
			this.bus.decided(IpcRole.LISTENER);
		});
		this.bus.startUplink();
	}

	/**
	 * Start the thread that delivers events, before the first event of a decided role. That
	 * thread starts the periodic connection check, whose thread thus starts while this one goes on
	 * with the handshake.
	 */
	private void startDispatching() {
		if (!this.dispatching) {
			this.dispatching = true;
			this.dispatcher.start(this.transport::startWatching);
		}
	}

	private Link linkOf(UnixSocketConnection connection) {
		return SocketLink.of(connection, this.bus::open);
	}

	private void stopEndpoint() {
		this.bus.stopUplink();
		this.transport.stopEndpoint();
	}

	// ---- messages --------------------------------------------------------------------------

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
		try {
			this.bus.send(target, type, payload);
		}
		catch (IpcException ex) {
			throw fail(ex);
		}
	}

	@Override
	public IpcMessage request(String target, String type, byte[] payload, Duration timeout) {
		try {
			return this.bus.request(target, type, payload, timeout);
		}
		catch (IpcException ex) {
			throw fail(ex);
		}
	}

	private IpcException fail(IpcException exception) {
		this.lastErrorCode = exception.code();
		this.bus.countError(exception.error());
		return exception;
	}

	// ---- state and the classic API ---------------------------------------------------------

	@Override
	public @Nullable IpcRole role() {
		return this.bus.role();
	}

	@Override
	public boolean isConnected() {
		return this.bus.isConnected();
	}

	@Override
	public List<IpcPeer> peers() {
		return this.bus.peers();
	}

	@Override
	public IpcStatistics statistics() {
		return this.bus.statistics(this.dispatcher.pending());
	}

	@Override
	public int lastErrorCode() {
		return this.lastErrorCode;
	}

	@Override
	public @Nullable IpcMessage receive(Duration timeout) {
		ReceiveBuffer buffer = requireReceiveBuffer();
		this.transport.handOverReadingBeforeWaiting();
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
		return (this.closed || this.bus.isCutOff()) && bytesAvailable() == 0;
	}

	/**
	 * Leave the bus and stop: say goodbye, let a listener's clients finish, stop the socket, report
	 * what was kept and not delivered, deliver the events already raised, stop the threads.
	 */
	@Override
	public void close() {
		this.closing = true;
		this.bus.closing();
		this.lifecycleLock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.bus.leave();
			stopEndpoint();
			this.bus.shutDown();
			if (this.receiveBuffer != null) {
				this.receiveBuffer.close();
			}
			this.dispatcher.stop();
			this.transport.close();
		}
		finally {
			this.lifecycleLock.unlock();
		}
	}

	@Override
	public String toString() {
		return "UnixDomainIPCSocket[path=" + path() + ", " + this.bus + "]";
	}

	/** What the bus asks of this socket. */
	private final class Host implements BusHost {

		@Override
		public IPCSocket socket() {
			return UnixDomainIPCSocket.this;
		}

		@Override
		public void dispatch(IpcEvent event) {
			UnixDomainIPCSocket.this.dispatcher.dispatch(event);
		}

		@Override
		public void dispatchReceived(IpcEvent event) {
			UnixDomainIPCSocket.this.dispatcher.dispatchReceived(event);
		}

		@Override
		public void keepForReading(IpcMessage message) {
			ReceiveBuffer buffer = UnixDomainIPCSocket.this.receiveBuffer;
			if (buffer == null) {
				return;
			}
			try {
				if (!buffer.put(message)) {
					logger.debug("Socket closed; a message from " + message.peer().id() + " stays unread");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public void recordError(IpcException exception) {
			fail(exception);
			logger.info("IPC socket " + path() + ": " + exception.getMessage());
		}

		@Override
		public void beforeWaiting() {
			UnixDomainIPCSocket.this.transport.handOverReadingBeforeWaiting();
		}

		@Override
		public void stopEndpoint() {
			UnixDomainIPCSocket.this.stopEndpoint();
		}

		@Override
		public void electAgain() {
			connectOrListen();
		}

		@Override
		public boolean isClosing() {
			return UnixDomainIPCSocket.this.closing;
		}

		@Override
		public boolean schedule(Runnable task, Instant at) {
			return UnixDomainIPCSocket.this.transport.schedule(task, at);
		}

	}

	/** What the transport reports of the connections, handed to the bus. */
	private final class Connections implements ConnectionHandler {

		@Override
		public void received(UnixSocketConnection connection, byte[] head, byte[] body) {
			UnixDomainIPCSocket.this.bus.received(linkOf(connection), head, body);
		}

		@Override
		public void closed(UnixSocketConnection connection) {
			UnixDomainIPCSocket.this.bus.closed(linkOf(connection));
		}

		@Override
		public void refuse(UnixSocketConnection connection, String reason) {
			UnixDomainIPCSocket.this.bus.refuse(linkOf(connection), reason);
		}

		@Override
		public void drop(UnixSocketConnection connection, String why) {
			UnixDomainIPCSocket.this.bus.drop(linkOf(connection), why);
		}

		@Override
		public void refused(IpcPeer peer, IpcException why) {
			UnixDomainIPCSocket.this.bus.report(why, peer, null);
		}

	}

}
