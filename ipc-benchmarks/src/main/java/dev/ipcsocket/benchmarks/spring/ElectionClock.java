package dev.ipcsocket.benchmarks.spring;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

import dev.ipcsocket.IpcConnectedEvent;
import dev.ipcsocket.autoconfigure.IpcSocketLifecycle;

/**
 * Notes when the context starts its lifecycle beans (just before the IPC socket's handshake) and
 * when the first connection is up, to time the election inside a Spring application.
 */
public class ElectionClock implements SmartLifecycle {

	private volatile long startedNanos;

	private volatile long connectedNanos;

	private volatile boolean running;

	@Override
	public void start() {
		this.startedNanos = System.nanoTime();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return IpcSocketLifecycle.PHASE - 1;
	}

	@EventListener
	void on(IpcConnectedEvent event) {
		if (this.connectedNanos == 0) {
			this.connectedNanos = System.nanoTime();
		}
	}

	public long startedNanos() {
		return this.startedNanos;
	}

	/**
	 * Return when the first connection came up.
	 * @return its {@link System#nanoTime()}, or 0 if none yet
	 */
	public long connectedNanos() {
		return this.connectedNanos;
	}

}
