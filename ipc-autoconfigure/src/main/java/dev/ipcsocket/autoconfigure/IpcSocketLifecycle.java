package dev.ipcsocket.autoconfigure;

import org.springframework.context.SmartLifecycle;

import dev.ipcsocket.IPCSocket;

/**
 * Runs the connect-or-listen handshake when the application context starts and closes the
 * socket when it stops. A handshake failure fails the start-up with the socket's error.
 */
public class IpcSocketLifecycle implements SmartLifecycle {

	/** Starts before most components so that they find the socket connected; stops after them. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private final IPCSocket socket;

	private volatile boolean running;

	public IpcSocketLifecycle(IPCSocket socket) {
		this.socket = socket;
	}

	@Override
	public void start() {
		if (this.socket.role() == null) {
			this.socket.start();
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.socket.close();
		this.running = false;
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
