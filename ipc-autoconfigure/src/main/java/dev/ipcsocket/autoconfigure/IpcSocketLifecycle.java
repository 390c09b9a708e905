package dev.ipcsocket.autoconfigure;

import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

import dev.ipcsocket.IPCSocket;

/**
 * Runs the connect-or-listen handshake when the application context starts and closes the
 * socket when it stops; a start after a stop joins the bus again. A handshake failure fails the
 * start-up with the socket's error.
 * <p>
 * While it runs, a non-daemon thread keeps the JVM alive (unless {@code ipc.keep-alive=false}),
 * as Spring's message listener containers do: the socket's own threads are daemons, and an
 * application with nothing else to do would otherwise exit as soon as it started.
 */
public class IpcSocketLifecycle implements SmartLifecycle {

	/** Starts before most components so that they find the socket connected; stops after them. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private final IPCSocket socket;

	private final boolean keepAlive;

	private final Object monitor = new Object();

	/** Released when the lifecycle stops, ending the keep-alive thread. */
	private @Nullable CountDownLatch stopped;

	private volatile boolean running;

	/**
	 * Create a lifecycle that keeps the JVM alive while it runs.
	 * @param socket the socket
	 */
	public IpcSocketLifecycle(IPCSocket socket) {
		this(socket, true);
	}

	/**
	 * Create a lifecycle.
	 * @param socket the socket
	 * @param keepAlive whether a non-daemon thread keeps the JVM alive while it runs
	 */
	public IpcSocketLifecycle(IPCSocket socket, boolean keepAlive) {
		this.socket = socket;
		this.keepAlive = keepAlive;
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.socket.role() == null) {
				this.socket.start();
			}
			if (this.keepAlive && this.stopped == null) {
				this.stopped = keepJvmAlive();
			}
			this.running = true;
		}
	}

	private CountDownLatch keepJvmAlive() {
		CountDownLatch latch = new CountDownLatch(1);
		Thread thread = new Thread(() -> {
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "ipc-keep-alive-" + this.socket.path().getFileName());
		thread.setDaemon(false);
		thread.start();
		return latch;
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			try {
				this.socket.close();
			}
			finally {
				CountDownLatch latch = this.stopped;
				if (latch != null) {
					latch.countDown();
					this.stopped = null;
				}
				this.running = false;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
