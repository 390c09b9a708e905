package dev.ipcsocket.socket;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcListenerThread;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.bus.Bus;
import dev.ipcsocket.bus.BusFrameCodec;
import dev.ipcsocket.bus.BusHost;
import dev.ipcsocket.bus.BusUplink;
import dev.ipcsocket.transport.Election;
import dev.ipcsocket.transport.EventDispatcher;
import dev.ipcsocket.transport.SocketPath;
import dev.ipcsocket.transport.UnixSocketConnection;
import dev.ipcsocket.transport.UnixTransport;

/**
 * Binds a {@link Bus} to a {@link UnixTransport}: takes this member's role on the socket path
 * through the election (at the start, and again when the bus has lost its listener), hands the
 * bus's events to an {@link EventDispatcher}, and closes the three in order.
 */
final class BusEndpoint {

	private static final Log logger = LogFactory.getLog(BusEndpoint.class);

	/** Room for the envelope (ids, type) on top of the largest payload. */
	static final int ENVELOPE_ALLOWANCE = BusFrameCodec.MAX_ENVELOPE;

	private final IpcSocketSettings settings;

	private final Bus bus;

	private final UnixTransport transport;

	private final BusConnections connections;

	private final EventDispatcher dispatcher;

	private final ClassicStream stream;

	/** Records an error: the socket's last error code and the error counters. */
	private final Consumer<IpcException> errors;

	private final ReentrantLock lifecycleLock = new ReentrantLock();

	/** Whether the event thread was started; set under the lifecycle lock. */
	private volatile boolean dispatching;

	private volatile boolean closed;

	/** Set as soon as close() is called, before it waits for a handshake in progress to give up. */
	private volatile boolean closing;

	private final ErrorLog errorLog;

	private final BusTasks tasks;

	/**
	 * Create an endpoint.
	 * @param previous the bus of the socket's last run, whose counters go on, or {@code null}
	 */
	BusEndpoint(IPCSocket socket, IpcSocketSettings settings, ClassicStream stream, Consumer<IpcException> errors,
			@Nullable Bus previous) {
		this.settings = settings;
		this.stream = stream;
		this.errors = errors;
		IpcPeer self = new IpcPeer(settings.instanceId(), ProcessHandle.current().pid(), SocketPath.ownUid(),
				SocketPath.ownGid());
		this.dispatcher = new EventDispatcher(String.valueOf(settings.path().getFileName()),
				settings.dispatchQueueCapacity(), settings.dispatchQueueBytes(),
				settings.listenerThread() == IpcListenerThread.IO, this::listenersDone);
		this.bus = new Bus(settings, self, new Host(socket), previous);
		this.connections = new BusConnections(this.bus);
		this.transport = new UnixTransport(settings, settings.maxMessageSize() + ENVELOPE_ALLOWANCE,
				BusFrameCodec::dataEnvelopeLength, this.connections);
		this.errorLog = new ErrorLog(logger, "IPC socket " + settings.path() + ": ", this.transport::schedule);
		this.tasks = new BusTasks("ipc-bus-" + settings.path().getFileName());
	}

	Bus bus() {
		return this.bus;
	}

	/** Every listener has seen an event: the bus answers a request none of them took. */
	private void listenersDone(IpcEvent event) {
		this.bus.listenersDone(event);
	}

	EventDispatcher dispatcher() {
		return this.dispatcher;
	}

	boolean isClosed() {
		return this.closed;
	}

	private Path path() {
		return this.settings.path();
	}

	void setUplink(BusUplink uplink) {
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

	void connect() {
		takeRole(() -> Election.connect(checkedPath(), this.settings.connectTimeout()));
	}

	void listen() {
		takeRole(() -> Election.listen(checkedPath(), this.settings.permissions()));
	}

	void connectOrListen() {
		takeRole(() -> Election.connectOrListen(checkedPath(), this.settings.permissions(),
				this.settings.connectTimeout(), () -> this.closing));
	}

	private SocketPath checkedPath() {
		return SocketPath.check(this.settings.path());
	}

	private void takeRole(Supplier<Election.Outcome> election) {
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
			this.errors.accept(ex);
			throw ex;
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
			this.bus.join(this.connections.linkOf(connection));
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

	private void stopEndpoint() {
		this.bus.stopUplink();
		this.transport.stopEndpoint();
	}

	/** Before a reader thread waits for a peer, let another thread read its connection. */
	void beforeWaiting() {
		this.transport.handOverReadingBeforeWaiting();
	}

	/**
	 * Leave the bus and stop: say goodbye, let a listener's clients finish, stop the socket, report
	 * what was kept and not delivered, deliver the events already raised, stop the threads.
	 */
	void close() {
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
			this.tasks.close();
			this.stream.close();
			this.dispatcher.stop();
			this.transport.close();
			this.errorLog.summarize();
		}
		finally {
			this.lifecycleLock.unlock();
		}
	}

	/** What the bus asks of the socket. */
	private final class Host implements BusHost {

		private final IPCSocket socket;

		Host(IPCSocket socket) {
			this.socket = socket;
		}

		@Override
		public IPCSocket socket() {
			return this.socket;
		}

		@Override
		public void dispatch(IpcEvent event) {
			BusEndpoint.this.dispatcher.dispatch(event);
		}

		@Override
		public void dispatchReceived(IpcEvent event) {
			BusEndpoint.this.dispatcher.dispatchReceived(event);
		}

		@Override
		public void keepForReading(IpcMessage message) {
			BusEndpoint.this.stream.keep(message);
		}

		@Override
		public void recordError(IpcException exception) {
			BusEndpoint.this.errors.accept(exception);
			BusEndpoint.this.errorLog.log(String.valueOf(exception.getMessage()));
		}

		@Override
		public void beforeWaiting() {
			BusEndpoint.this.beforeWaiting();
		}

		@Override
		public void stopEndpoint() {
			BusEndpoint.this.stopEndpoint();
		}

		@Override
		public void electAgain() {
			connectOrListen();
		}

		@Override
		public boolean isClosing() {
			return BusEndpoint.this.closing;
		}

		@Override
		public boolean schedule(Runnable task, Instant at) {
			return BusEndpoint.this.tasks.schedule(task, at);
		}

	}

}
