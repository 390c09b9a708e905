package dev.ipcsocket.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcConnectedEvent;
import dev.ipcsocket.IpcDisconnectedEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcMode;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

/**
 * A sibling of the application under test, in the test's own JVM: it joins the application's
 * socket path, sends text or bytes, and waits for what the application sends back.
 * <pre class="code">
 * try (IpcTestPeer sibling = IpcTestPeer.connect(dir.resolve("app.sock"))) {
 *     sibling.send("ping");
 *     assertThat(sibling.awaitText()).isEqualTo("pong");
 * }
 * </pre>
 * Every wait is bounded: {@link #DEFAULT_TIMEOUT} unless a timeout is given, after which an
 * {@link AssertionError} fails the test. Messages are kept in arrival order until awaited.
 */
public final class IpcTestPeer implements AutoCloseable {

	/** How long the waits without a timeout argument wait. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final int MESSAGES_KEPT = 1024;

	private final UnixDomainIPCSocket socket;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition peersChanged = this.lock.newCondition();

	private IpcTestPeer(Path path, IpcMode mode, String applicationId) {
		this.socket = new UnixDomainIPCSocket(IpcSocketSettings.builder(path)
			.mode(mode)
			.receiveBufferCapacity(MESSAGES_KEPT)
			.applicationId(applicationId)
			.instanceId(IpcSocketSettings.defaultInstanceId(applicationId + "-test-peer"))
			.build());
		this.socket.addListener(this::onEvent);
		try {
			this.socket.start();
		}
		catch (RuntimeException ex) {
			this.socket.close();
			throw ex;
		}
	}

	/**
	 * Connect to the application listening on the path, as a sibling started after it would.
	 * @param path the application's {@code ipc.path}
	 * @return the connected peer
	 * @throws dev.ipcsocket.IpcException with code 103 if nobody listens on the path
	 */
	public static IpcTestPeer connect(Path path) {
		return connect(path, IpcSocketSettings.DEFAULT_APPLICATION_ID);
	}

	/**
	 * Connect to the application listening on the path, as a sibling of the given application.
	 * @param path the application's {@code ipc.path}
	 * @param applicationId the application's {@code ipc.application-id} (by default its
	 * {@code spring.application.name})
	 * @return the connected peer
	 * @throws dev.ipcsocket.IpcException with code 103 if nobody listens on the path, 105 if
	 * the listener belongs to another application
	 */
	public static IpcTestPeer connect(Path path, String applicationId) {
		return new IpcTestPeer(path, IpcMode.CONNECT, applicationId);
	}

	/**
	 * Listen on the path, as a sibling started before the application would; the application
	 * then connects as a client. See {@link #awaitPeers(int)}.
	 * @param path the path the application will use as {@code ipc.path}
	 * @return the listening peer
	 * @throws dev.ipcsocket.IpcException with code 105 if somebody already listens there
	 */
	public static IpcTestPeer listen(Path path) {
		return listen(path, IpcSocketSettings.DEFAULT_APPLICATION_ID);
	}

	/**
	 * Listen on the path for the given application's instances.
	 * @param path the path the application will use as {@code ipc.path}
	 * @param applicationId the application's {@code ipc.application-id}
	 * @return the listening peer
	 */
	public static IpcTestPeer listen(Path path, String applicationId) {
		return new IpcTestPeer(path, IpcMode.LISTEN, applicationId);
	}

	private void onEvent(IpcEvent event) {
		if (event instanceof IpcConnectedEvent || event instanceof IpcDisconnectedEvent) {
			this.lock.lock();
			try {
				this.peersChanged.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/**
	 * Send a UTF-8 text message to the application (and, through a listening application, to
	 * its other siblings).
	 * @param text the message
	 * @return this peer
	 */
	public IpcTestPeer send(String text) {
		this.socket.send(text);
		return this;
	}

	/**
	 * Send a message to the application.
	 * @param payload the message
	 * @return this peer
	 */
	public IpcTestPeer send(byte[] payload) {
		this.socket.send(payload);
		return this;
	}

	/**
	 * Wait up to {@link #DEFAULT_TIMEOUT} for the next message.
	 * @return the message
	 * @throws AssertionError if none arrives in time
	 */
	public IpcMessage awaitMessage() {
		return awaitMessage(DEFAULT_TIMEOUT);
	}

	/**
	 * Wait for the next message.
	 * @param timeout how long to wait
	 * @return the message
	 * @throws AssertionError if none arrives in time
	 */
	public IpcMessage awaitMessage(Duration timeout) {
		IpcMessage message = this.socket.receive(timeout);
		if (message == null) {
			throw new AssertionError("No message arrived on " + path() + " within " + timeout.toMillis() + " ms");
		}
		return message;
	}

	/**
	 * Wait up to {@link #DEFAULT_TIMEOUT} for the next message and decode it as UTF-8.
	 * @return the text
	 * @throws AssertionError if none arrives in time
	 */
	public String awaitText() {
		return awaitMessage().text();
	}

	/**
	 * Wait for the next message and decode it as UTF-8.
	 * @param timeout how long to wait
	 * @return the text
	 * @throws AssertionError if none arrives in time
	 */
	public String awaitText(Duration timeout) {
		return awaitMessage(timeout).text();
	}

	/**
	 * Wait up to {@link #DEFAULT_TIMEOUT} until at least {@code count} peers are connected: for a
	 * listening test peer, the applications that connected to it.
	 * @param count the number of peers to wait for
	 * @return the connected peers
	 * @throws AssertionError if fewer are connected in time
	 */
	public List<IpcPeer> awaitPeers(int count) {
		return awaitPeers(count, DEFAULT_TIMEOUT);
	}

	/**
	 * Wait until at least {@code count} peers are connected.
	 * @param count the number of peers to wait for
	 * @param timeout how long to wait
	 * @return the connected peers
	 * @throws AssertionError if fewer are connected in time
	 */
	public List<IpcPeer> awaitPeers(int count, Duration timeout) {
		long remaining = timeout.toNanos();
		this.lock.lock();
		try {
			List<IpcPeer> peers = this.socket.peers();
			while (peers.size() < count) {
				if (remaining <= 0) {
					throw new AssertionError("Expected " + count + " peers on " + path() + " within "
							+ timeout.toMillis() + " ms, but " + peers.size() + " connected: " + peers);
				}
				remaining = this.peersChanged.awaitNanos(remaining);
				peers = this.socket.peers();
			}
			return peers;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for peers on " + path(), ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the path this peer joined.
	 * @return the path
	 */
	public Path path() {
		return this.socket.path();
	}

	/**
	 * Return the socket behind this peer, for anything the helpers do not cover.
	 * @return the socket
	 */
	public IPCSocket socket() {
		return this.socket;
	}

	/**
	 * Leave: close the connection (the application sees the peer disconnect) and, for a
	 * listening peer, remove the socket file.
	 */
	@Override
	public void close() {
		this.socket.close();
	}

	@Override
	public String toString() {
		return "IpcTestPeer[path=" + path() + ", role=" + this.socket.role() + "]";
	}

}
