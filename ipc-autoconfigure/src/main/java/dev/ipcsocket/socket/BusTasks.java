package dev.ipcsocket.socket;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The thread that runs the bus's later tasks (confirmations owed, the outbox flush after a
 * re-election): one of its own, started on first use, so that no thread starts per task and a
 * task that waits on a slow peer holds up neither the transport's connection check nor the
 * readers.
 */
final class BusTasks {

	private final String name;

	private @Nullable ScheduledThreadPoolExecutor executor;

	private boolean closed;

	BusTasks(String name) {
		this.name = name;
	}

	/**
	 * Run a task later.
	 * @param task the task
	 * @param at when
	 * @return false if closed: the task will not run
	 */
	synchronized boolean schedule(Runnable task, Instant at) {
		if (this.closed) {
			return false;
		}
		if (this.executor == null) {
			this.executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
				Thread thread = new Thread(runnable, this.name);
				thread.setDaemon(true);
				return thread;
			});
			this.executor.setRemoveOnCancelPolicy(true);
		}
		try {
			this.executor.schedule(task, Math.max(0, Duration.between(Instant.now(), at).toNanos()),
					TimeUnit.NANOSECONDS);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	/** Run no more tasks; one running goes on to its end. */
	synchronized void close() {
		this.closed = true;
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

}
