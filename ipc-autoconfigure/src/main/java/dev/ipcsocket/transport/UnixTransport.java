package dev.ipcsocket.transport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcSocketSettings;

/**
 * The socket side of one IPC socket: Spring Integration's connection factories over the
 * listening or connected junixsocket socket that the {@link Election} gave, length-header
 * framing, peer credential checks, the cap on accepted connections, the reader and scheduler
 * threads and the {@link ConnectionWatchdog}. It carries frames as bytes and hands them to a
 * {@link ConnectionHandler}; what they mean is not its business.
 */
public final class UnixTransport {

	private static final Log logger = LogFactory.getLog(UnixTransport.class);

	private final IpcSocketSettings settings;

	private final String name;

	private final LengthHeaderFramer framer;

	private final FrameSplit split;

	private final ConnectionHandler handler;

	private final PeerCredentialsPolicy peerPolicy;

	private final SimpleAsyncTaskExecutor ioExecutor;

	private final SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();

	/** Listener: every accepted connection still open, in its handshake or admitted; at most ipc.max-connections. */
	private final Set<UnixSocketConnection> accepted = ConcurrentHashMap.newKeySet();

	private final ConnectionWatchdog watchdog;

	/** Client: the connection to the listener. */
	private volatile @Nullable UnixSocketConnection link;

	private volatile @Nullable Runnable stopEndpoint;

	/**
	 * Create the transport of one socket.
	 * @param settings the socket's settings
	 * @param maxFrameSize the largest frame read or written
	 * @param split where large frames' heads end
	 * @param handler what is told of frames and connections
	 */
	public UnixTransport(IpcSocketSettings settings, int maxFrameSize, FrameSplit split, ConnectionHandler handler) {
		this.settings = settings;
		this.name = String.valueOf(settings.path().getFileName());
		this.framer = new LengthHeaderFramer(maxFrameSize);
		this.split = split;
		this.handler = handler;
		this.peerPolicy = PeerCredentialsPolicy.of(settings);
		this.ioExecutor = new SimpleAsyncTaskExecutor("ipc-io-" + this.name + "-");
		this.ioExecutor.setDaemon(true);
		this.scheduler.setThreadNamePrefix("ipc-scheduler-" + this.name + "-");
		this.scheduler.setDaemon(true);
		this.watchdog = new ConnectionWatchdog(settings.connectTimeout(), settings.sendTimeout(), handler::drop,
				this::handOverReading);
	}

	private Path path() {
		return this.settings.path();
	}

	/**
	 * Accept connections on the socket the election bound.
	 * @param bound the bound socket, its lock held
	 * @param beforeAccepting runs once everything is ready and before the first accept
	 */
	public void listen(Election.Bound bound, Runnable beforeAccepting) {
		UnixServerConnectionFactory factory = new UnixServerConnectionFactory(bound.socket().serverSocket(),
				this::refuseOverTheCapOrAccept);
		factory.setTcpNetConnectionSupport(new UnixConnectionSupport("client-"));
		configure(factory);
		this.stopEndpoint = () -> {
			factory.stop();
			bound.socket().removeFiles(bound.fileKey());
			bound.lock().close();
		};
		beforeAccepting.run();
		factory.start();
	}

	/**
	 * Talk to the listener on a socket the election connected, if its credentials are allowed.
	 * @param socket the connected socket
	 * @param firstFrame written before this side's reader starts; whatever the listener answers
	 * waits in the socket until it is read
	 * @param afterFirstFrame runs while the listener reads the first frame
	 * @return the connection, its reader started
	 * @throws IOException if the connection cannot be set up
	 * @throws IpcException if the listener runs as a user this side does not trust
	 */
	public UnixSocketConnection connect(AFUNIXSocket socket, byte[] firstFrame, Runnable afterFirstFrame)
			throws IOException {
		AFUNIXSocketCredentials listenerCredentials = socket.getPeerCredentials();
		if (!this.peerPolicy.admits(listenerCredentials.getUid(), listenerCredentials.getGid())) {
			throw new IpcException(IpcError.ADDRESS_IN_USE_ERROR, "the listener on " + path() + " runs as uid "
					+ listenerCredentials.getUid() + " gid " + listenerCredentials.getGid()
					+ ", which this member does not trust; it trusts " + this.peerPolicy.describe()
					+ ": refusing to talk to it");
		}
		writeFirstFrame(socket, firstFrame);
		afterFirstFrame.run();
		UnixClientConnectionFactory factory = new UnixClientConnectionFactory(socket);
		factory.setTcpNetConnectionSupport(new UnixConnectionSupport("listener-", listenerCredentials));
		configure(factory);
		this.stopEndpoint = factory::stop;
		factory.start();
		try {
			UnixSocketConnection connection = (UnixSocketConnection) factory.getConnection();
			this.link = connection;
			return connection;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(IpcError.OPEN_DRIVER_ERROR, "interrupted while connecting to " + path(), ex);
		}
	}

	/**
	 * Write the first frame straight to the socket, before this side's reader exists: nothing
	 * else writes to it yet.
	 */
	private void writeFirstFrame(AFUNIXSocket socket, byte[] frame) {
		try {
			// buffered to the frame's size, so that header and frame go out in one write
			BufferedOutputStream out = new BufferedOutputStream(socket.getOutputStream(),
					LengthHeaderFramer.HEADER_BYTES + frame.length);
			this.framer.serialize(frame, out);
			out.flush();
		}
		catch (IOException ex) {
			// a listener that refuses at accept (ipc.max-connections) may close before our first
			// frame: its answer, or the lost connection, tells the caller
			logger.debug("First frame to " + path() + " not sent: " + ex.getMessage());
		}
	}

	/**
	 * Give up a connected socket whose set-up failed.
	 * @param socket the socket
	 */
	public void abandon(AFUNIXSocket socket) {
		ServerSocketBinder.closeQuietly(socket);
		this.link = null;
		stopEndpoint();
	}

	/** Stop the factory of the current role, if any: the server socket, or the link to the listener. */
	public void stopEndpoint() {
		Runnable stop = this.stopEndpoint;
		this.stopEndpoint = null;
		if (stop != null) {
			stop.run();
		}
	}

	private void configure(AbstractConnectionFactory factory) {
		factory.setBeanName("ipc-" + this.name);
		factory.setSerializer(new FrameSerializer(this.framer));
		factory.setDeserializer(new FrameDeserializer(this.framer, this.split));
		factory.setMapper(new PayloadMapper());
		factory.setTaskExecutor(this.ioExecutor);
		factory.setTaskScheduler(this.scheduler);
		// our events come from the handler; Spring Integration's would carry fake addresses
		factory.setApplicationEventPublisher((event) -> {
		});
		factory.registerListener(this::onMessage);
		factory.registerSender(new ConnectionTracker());
	}

	private void onMessage(Message<?> message) {
		// read failures arrive as ErrorMessages after the close they caused, which reports them
		if (message instanceof Frame frame) {
			this.handler.received(Objects.requireNonNull(frame.connection()), frame.head(), frame.getPayload());
		}
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
			this.handler.refuse(connection, "the listener on " + path() + " already has " + open
					+ " connections, the most ipc.max-connections (" + max + ") allows");
			return;
		}
		this.accepted.add(connection);
	}

	/** Start the periodic connection check; called on the event thread as it starts. */
	public void startWatching() {
		try {
			this.scheduler.scheduleWithFixedDelay(this::watch, this.watchdog.period());
		}
		catch (TaskRejectedException ex) {
			// closed meanwhile: nothing left to watch
			logger.debug("Connection check not started: the socket on " + path() + " is closed");
		}
	}

	private void watch() {
		try {
			UnixSocketConnection current = this.link;
			this.watchdog.check(this.accepted, (current != null) ? List.of(current) : List.of(), 2);
		}
		catch (RuntimeException ex) {
			logger.warn("IPC socket " + path() + ": connection check failed", ex);
		}
	}

	/**
	 * Run a task later.
	 * @param task the task
	 * @param at when
	 * @return false if the transport closed and the task will not run
	 */
	public boolean schedule(Runnable task, Instant at) {
		try {
			this.scheduler.schedule(task, at);
			return true;
		}
		catch (TaskRejectedException ex) {
			return false;
		}
	}

	/**
	 * Before a listener on a reader thread waits for what a peer sends, let another thread read
	 * that reader's connection: otherwise nobody would.
	 */
	public void handOverReadingBeforeWaiting() {
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
			logger.debug("IPC socket " + path() + ": a listener on the reader of " + connection.credentials() + " "
					+ why + "; another thread reads on");
		}
	}

	/** Stop the scheduler and its connection check; call after {@link #stopEndpoint()}. */
	public void close() {
		this.scheduler.close();
	}

	/** Follows connections as Spring Integration opens and closes them. */
	private final class ConnectionTracker implements TcpSender {

		@Override
		public void addNewConnection(TcpConnection tcpConnection) {
			UnixSocketConnection connection = (UnixSocketConnection) tcpConnection;
			IpcPeer peer = connection.credentials();
			PeerCredentialsPolicy policy = UnixTransport.this.peerPolicy;
			if (!policy.admits(peer.uid(), peer.gid())) {
				connection.closeLocally();
				UnixTransport.this.handler.refused(peer, new IpcException(IpcError.ADDRESS_IN_USE_ERROR, "refused "
						+ peer + " (gid " + peer.gid() + ") on " + path() + ": allowed are " + policy.describe()));
			}
		}

		@Override
		public void removeDeadConnection(TcpConnection tcpConnection) {
			UnixSocketConnection connection = (UnixSocketConnection) tcpConnection;
			UnixTransport.this.accepted.remove(connection);
			if (connection == UnixTransport.this.link) {
				UnixTransport.this.link = null;
			}
			UnixTransport.this.handler.closed(connection);
		}

	}

}
