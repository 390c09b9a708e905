package dev.ipcsocket.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
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
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcRoleDecidedEvent;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.IpcStatistics;

/**
 * {@link IPCSocket} over a Unix domain socket: junixsocket for the socket, Spring Integration's
 * TCP connection factories for connections, framing and reader threads.
 */
public final class UnixDomainIPCSocket implements IPCSocket {

	private static final Log logger = LogFactory.getLog(UnixDomainIPCSocket.class);

	private final IpcSocketSettings settings;

	private final String name;

	private final LengthHeaderFramer framer;

	private final EventDispatcher dispatcher;

	private final @Nullable ReceiveBuffer receiveBuffer;

	private final ReentrantLock lifecycleLock = new ReentrantLock();

	private final Map<String, UnixSocketConnection> connections = new ConcurrentHashMap<>();

	private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

	private final SimpleAsyncTaskExecutor ioExecutor;

	private final SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();

	private final SocketCounters counters = new SocketCounters();

	private volatile @Nullable IpcRole role;

	private volatile @Nullable Runnable stopEndpoint;

	private volatile int lastErrorCode;

	private volatile boolean dispatching;

	private volatile boolean closed;

	public UnixDomainIPCSocket(IpcSocketSettings settings) {
		this.settings = settings;
		this.name = String.valueOf(settings.path().getFileName());
		this.framer = new LengthHeaderFramer(settings.maxMessageSize());
		this.dispatcher = new EventDispatcher(this.name, settings.dispatchQueueCapacity());
		this.receiveBuffer = (settings.receiveBufferCapacity() > 0) ? new ReceiveBuffer(settings.receiveBufferCapacity())
				: null;
		this.ioExecutor = new SimpleAsyncTaskExecutor("ipc-io-" + this.name + "-");
		this.ioExecutor.setDaemon(true);
		this.scheduler.setThreadNamePrefix("ipc-scheduler-" + this.name + "-");
		this.scheduler.setDaemon(true);
	}

	/**
	 * Return the settings the socket was created with.
	 * @return the settings
	 */
	public IpcSocketSettings settings() {
		return this.settings;
	}

	@Override
	public Path path() {
		return this.settings.path();
	}

	@Override
	public void addListener(IpcEventListener listener) {
		this.dispatcher.addListener(listener);
	}

	@Override
	public IpcRole start() {
		switch (this.settings.mode()) {
			case CONNECT -> connect();
			case LISTEN -> listen();
			default -> handshake(() -> Election.connectOrListen(checkedPath(), this.settings.connectTimeout()));
		}
		return Objects.requireNonNull(this.role);
	}

	@Override
	public void connect() {
		handshake(() -> Election.connect(checkedPath(), this.settings.connectTimeout()));
	}

	@Override
	public void listen() {
		handshake(() -> Election.listen(checkedPath()));
	}

	private SocketPath checkedPath() {
		return SocketPath.check(this.settings.path());
	}

	private void handshake(java.util.function.Supplier<Election.Outcome> election) {
		this.lifecycleLock.lock();
		try {
			if (this.closed) {
				throw new IpcException(IpcError.INVALID_STATE_ERROR, "the socket on " + path() + " is closed");
			}
			if (this.role != null) {
				throw new IpcException(IpcError.INVALID_STATE_ERROR,
						"the socket on " + path() + " is already a " + this.role + ": close it first");
			}
			if (!this.dispatching) {
				this.dispatcher.start();
				this.dispatching = true;
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
		try {
			long listenerUid = socket.getPeerCredentials().getUid();
			if (listenerUid != SocketPath.ownUid()) {
				throw new IpcException(IpcError.ADDRESS_IN_USE_ERROR, "the listener on " + path() + " runs as uid "
						+ listenerUid + ", not as this user (uid " + SocketPath.ownUid() + "): refusing to talk to it");
			}
			UnixClientConnectionFactory factory = new UnixClientConnectionFactory(socket);
			factory.setTcpNetConnectionSupport(new UnixConnectionSupport("listener-"));
			configure(factory);
			decide(IpcRole.CLIENT);
			this.stopEndpoint = factory::stop;
			factory.start();
			factory.getConnection();
		}
		catch (IOException | RuntimeException ex) {
			ServerSocketBinder.closeQuietly(socket);
			this.role = null;
			Runnable stop = this.stopEndpoint;
			this.stopEndpoint = null;
			if (stop != null) {
				stop.run();
			}
			throw (ex instanceof IpcException ipc) ? ipc : new IpcException(IpcError.OPEN_DRIVER_ERROR,
					"cannot set up the connection to " + path() + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			ServerSocketBinder.closeQuietly(socket);
			throw new IpcException(IpcError.OPEN_DRIVER_ERROR, "interrupted while connecting to " + path(), ex);
		}
	}

	private void becomeListener(Election.Bound bound) {
		UnixServerConnectionFactory factory = new UnixServerConnectionFactory(bound.socket().serverSocket());
		factory.setTcpNetConnectionSupport(new UnixConnectionSupport("client-"));
		configure(factory);
		this.stopEndpoint = () -> {
			factory.stop();
			bound.socket().removeFiles(bound.fileKey());
			bound.lock().close();
		};
		decide(IpcRole.LISTENER);
		factory.start();
	}

	private void configure(AbstractConnectionFactory factory) {
		factory.setBeanName("ipc-" + this.name);
		factory.setSerializer(this.framer);
		factory.setDeserializer(this.framer);
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
		logger.info("IPC socket " + path() + ": role=" + decided);
		this.dispatcher.dispatch(new IpcRoleDecidedEvent(this, decided));
	}

	private void onMessage(Message<?> message) {
		if (!(message instanceof Frame frame)) {
			// read failures arrive as ErrorMessages after the close they caused, which reports them
			return;
		}
		UnixSocketConnection origin = Objects.requireNonNull(frame.connection());
		IpcRole current = this.role;
		if (current == IpcRole.LISTENER && this.settings.relay()) {
			for (UnixSocketConnection connection : this.connections.values()) {
				if (connection != origin && trySend(connection, frame.getPayload())) {
					this.counters.messagesRelayed.increment();
				}
			}
		}
		deliver(origin.peer(), frame.getPayload(), current);
	}

	private void deliver(IpcPeer peer, byte[] payload, @Nullable IpcRole current) {
		this.counters.messagesReceived.increment();
		this.counters.bytesReceived.add(payload.length);
		ReceiveBuffer buffer = this.receiveBuffer;
		if (buffer != null) {
			try {
				if (!buffer.put(new IpcMessage(peer, payload))) {
					logger.debug("Socket closed; a message from " + peer + " stays unread");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.dispatcher.dispatch(new IpcDataEvent(this, Objects.requireNonNull(current), peer, payload));
	}

	private boolean trySend(UnixSocketConnection connection, byte[] payload) {
		try {
			connection.send(Frame.outbound(payload));
			this.counters.messagesSent.increment();
			this.counters.bytesSent.add(payload.length);
			return true;
		}
		catch (RuntimeException ex) {
			report(ErrorTranslator.onConnection(ex, "sending to " + connection.peer() + " failed"), connection.peer());
			return false;
		}
	}

	private void report(IpcException exception, @Nullable IpcPeer peer) {
		this.lastErrorCode = exception.code();
		this.counters.error(exception.error());
		logger.info("IPC socket " + path() + ": " + exception.getMessage());
		this.dispatcher.dispatch(new IpcErrorEvent(this, this.role, exception, peer));
	}

	@Override
	public @Nullable IpcRole role() {
		return this.role;
	}

	@Override
	public boolean isConnected() {
		return !this.connections.isEmpty();
	}

	@Override
	public List<IpcPeer> peers() {
		return this.connections.values().stream().map(UnixSocketConnection::peer).toList();
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
	public void send(byte[] payload) {
		Objects.requireNonNull(payload, "payload must not be null");
		if (payload.length > this.settings.maxMessageSize()) {
			throw fail(new IpcException(IpcError.OUT_OF_MEMORY_ERROR, "message is " + payload.length
					+ " bytes; ipc.max-message-size allows " + this.settings.maxMessageSize()
					+ ": raise it or split the message"));
		}
		if (this.role == null) {
			throw fail(new IpcException(IpcError.INVALID_STATE_ERROR,
					"the socket on " + path() + " is not started: call start(), connect() or listen() first"));
		}
		List<UnixSocketConnection> targets = new ArrayList<>(this.connections.values());
		if (targets.isEmpty()) {
			throw fail(new IpcException(IpcError.INVALID_STATE_ERROR,
					"no peer is connected on " + path() + "; the message was not sent"));
		}
		long started = System.nanoTime();
		boolean sentToAny = false;
		for (UnixSocketConnection connection : targets) {
			sentToAny |= trySend(connection, payload);
		}
		this.counters.sendCalls.increment();
		this.counters.sendNanos.add(System.nanoTime() - started);
		if (!sentToAny) {
			throw fail(new IpcException(IpcError.LOST_CONNECTION,
					"the message reached no peer on " + path() + ": every connection failed"));
		}
	}

	@Override
	public void send(String text) {
		send(text.getBytes(StandardCharsets.UTF_8));
	}

	private IpcException fail(IpcException exception) {
		this.lastErrorCode = exception.code();
		this.counters.error(exception.error());
		return exception;
	}

	@Override
	public @Nullable IpcMessage receive(Duration timeout) {
		try {
			return requireReceiveBuffer().receive(timeout);
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
		boolean noMoreComing = this.closed || (this.role == IpcRole.CLIENT && this.connections.isEmpty());
		return noMoreComing && bytesAvailable() == 0;
	}

	@Override
	public void close() {
		this.lifecycleLock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			Runnable stop = this.stopEndpoint;
			this.stopEndpoint = null;
			if (stop != null) {
				stop.run();
			}
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

	@Override
	public String toString() {
		return "UnixDomainIPCSocket[path=" + path() + ", role=" + this.role + ", peers=" + this.connections.size() + "]";
	}

	/** Follows connections as Spring Integration opens and closes them. */
	private final class ConnectionTracker implements TcpSender {

		@Override
		public void addNewConnection(TcpConnection tcpConnection) {
			UnixSocketConnection connection = (UnixSocketConnection) tcpConnection;
			IpcPeer peer = connection.peer();
			IpcRole current = Objects.requireNonNull(UnixDomainIPCSocket.this.role);
			if (peer.uid() != SocketPath.ownUid()) {
				connection.closeLocally();
				report(new IpcException(IpcError.ADDRESS_IN_USE_ERROR, "refused " + peer + " on " + path()
						+ ": only uid " + SocketPath.ownUid() + " may join"), peer);
				return;
			}
			UnixDomainIPCSocket.this.connections.put(peer.id(), connection);
			UnixDomainIPCSocket.this.counters.connectionsOpened.increment();
			UnixDomainIPCSocket.this.dispatcher.dispatch(new IpcConnectedEvent(UnixDomainIPCSocket.this, current, peer));
		}

		@Override
		public void removeDeadConnection(TcpConnection tcpConnection) {
			UnixSocketConnection connection = (UnixSocketConnection) tcpConnection;
			IpcPeer peer = connection.peer();
			if (!UnixDomainIPCSocket.this.connections.remove(peer.id(), connection)) {
				return;
			}
			UnixDomainIPCSocket.this.counters.connectionsClosed.increment();
			IpcRole current = Objects.requireNonNull(UnixDomainIPCSocket.this.role);
			boolean lost = !connection.isClosedLocally() && !UnixDomainIPCSocket.this.closed;
			IpcException failure = null;
			if (lost && connection.readFailure() != null) {
				failure = ErrorTranslator.onConnection(Objects.requireNonNull(connection.readFailure()),
						"reading from " + peer + " failed");
				report(failure, peer);
			}
			UnixDomainIPCSocket.this.dispatcher
				.dispatch(new IpcDisconnectedEvent(UnixDomainIPCSocket.this, current, peer, lost));
			if (lost && current == IpcRole.CLIENT && (failure == null || failure.error() != IpcError.LOST_CONNECTION)) {
				report(new IpcException(IpcError.LOST_CONNECTION, "lost the connection to the listener " + peer
						+ " on " + path()), peer);
			}
		}

	}

}
