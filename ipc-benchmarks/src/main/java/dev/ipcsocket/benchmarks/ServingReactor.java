package dev.ipcsocket.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The serving side of the {@link Protocol}: echoes data messages or only receives them, answers
 * acknowledgement requests, and notes when the driver says the run is over.
 */
public final class ServingReactor implements MessageReactor {

	private final CountDownLatch quit = new CountDownLatch(1);

	/** Only the receiving thread touches it. */
	private boolean echo = true;

	@Override
	public byte @Nullable [] onMessage(byte[] payload) {
		if (!Protocol.isControl(payload.length)) {
			return this.echo ? payload : null;
		}
		switch (payload[0]) {
			case Protocol.ECHO -> this.echo = true;
			case Protocol.SINK -> this.echo = false;
			case Protocol.ACK -> {
				return payload;
			}
			case Protocol.QUIT -> this.quit.countDown();
			default -> throw new IllegalStateException("unknown command " + payload[0]);
		}
		return null;
	}

	/**
	 * Wait until the driver ends the run.
	 * @param timeout the longest wait
	 * @return {@code true} if it did, {@code false} on timeout
	 */
	public boolean awaitQuit(Duration timeout) throws InterruptedException {
		return this.quit.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

}
