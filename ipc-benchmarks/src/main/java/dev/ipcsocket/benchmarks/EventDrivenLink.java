package dev.ipcsocket.benchmarks;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The driving side for the starter's subjects, where replies arrive as events on the socket's
 * dispatch thread: each reply's listener sends the next request (as a user's event-driven code
 * would), so the loop costs no extra hand-off to a waiting thread per round trip.
 */
public final class EventDrivenLink implements DriverLink, MessageReactor {

	private final Consumer<byte[]> port;

	private final Semaphore acks = new Semaphore(0);

	private final Semaphore roundTripsDone = new Semaphore(0);

	// written before the first request is sent and read by the dispatch thread afterwards
	private volatile @Nullable RoundTrips roundTrips;

	/**
	 * Create a link that sends through the given port.
	 * @param port sends one message to the serving peer
	 */
	public EventDrivenLink(Consumer<byte[]> port) {
		this.port = port;
	}

	@Override
	public byte @Nullable [] onMessage(byte[] payload) {
		if (Protocol.isControl(payload.length)) {
			this.acks.release();
			return null;
		}
		RoundTrips loop = this.roundTrips;
		if (loop == null) {
			// a late echo of a loop that timed out
			return null;
		}
		byte[] next = loop.replied(System.nanoTime());
		if (next == null) {
			this.roundTripsDone.release();
		}
		return next;
	}

	@Override
	public void send(byte[] payload) {
		this.port.accept(payload);
	}

	@Override
	public void awaitAck(Duration timeout) throws Exception {
		if (!this.acks.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw DriverLink.timedOut("waiting for an acknowledgement", timeout);
		}
	}

	@Override
	public void roundTrips(byte[] request, int warmup, int measured, Histogram histogram, Duration timeout)
			throws Exception {
		RoundTrips loop = new RoundTrips(request, warmup, warmup + measured, histogram);
		loop.sentAt = System.nanoTime();
		this.roundTrips = loop;
		this.port.accept(request);
		if (!this.roundTripsDone.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw DriverLink.timedOut("the round-trip loop", timeout);
		}
		this.roundTrips = null;
	}

	@Override
	public void close() {
	}

	/** State of one round-trip loop; only the dispatch thread touches it after the first send. */
	private static final class RoundTrips {

		private final byte[] request;

		private final int warmup;

		private final int total;

		private final Histogram histogram;

		private int done;

		private long sentAt;

		RoundTrips(byte[] request, int warmup, int total, Histogram histogram) {
			this.request = request;
			this.warmup = warmup;
			this.total = total;
			this.histogram = histogram;
		}

		byte @Nullable [] replied(long now) {
			if (this.done >= this.warmup) {
				this.histogram.recordValue(now - this.sentAt);
			}
			this.done++;
			if (this.done >= this.total) {
				return null;
			}
			this.sentAt = System.nanoTime();
			return this.request;
		}

	}

}
