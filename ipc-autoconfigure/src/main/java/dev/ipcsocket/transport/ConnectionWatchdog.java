package dev.ipcsocket.transport;

import java.time.Duration;
import java.util.Collection;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Closes connections that hold resources without making progress, since a blocking socket has
 * no timeouts of its own: a client that sends no Hello within the handshake timeout, a write the
 * peer has not read for longer than the send timeout, and a frame that began to arrive and then
 * stalled for that long. It also hands reading over to a new thread where a listener has held
 * a connection's reader thread for longer than one check period. One periodic check per socket,
 * reading a few volatile fields per connection; nothing is scheduled per message or per connection.
 */
final class ConnectionWatchdog {

	private static final Duration MIN_PERIOD = Duration.ofMillis(10);

	private static final Duration MAX_PERIOD = Duration.ofSeconds(1);

	private final long handshakeNanos;

	private final long frameNanos;

	private final BiConsumer<UnixSocketConnection, String> close;

	private final Consumer<UnixSocketConnection> handOverReading;

	private final Duration period;

	/**
	 * Create a watchdog.
	 * @param handshakeTimeout how long an accepted connection may stay without a Hello
	 * @param frameTimeout how long one frame may take to be written or received
	 * @param close closes a connection, with the reason for its error event
	 * @param handOverReading lets a new thread read a connection whose reader a listener holds up
	 */
	ConnectionWatchdog(Duration handshakeTimeout, Duration frameTimeout, BiConsumer<UnixSocketConnection, String> close,
			Consumer<UnixSocketConnection> handOverReading) {
		this.handshakeNanos = handshakeTimeout.toNanos();
		this.frameNanos = frameTimeout.toNanos();
		this.close = close;
		this.handOverReading = handOverReading;
		Duration quarter = Duration.ofNanos(Math.min(this.handshakeNanos, this.frameNanos) / 4);
		this.period = (quarter.compareTo(MIN_PERIOD) < 0) ? MIN_PERIOD
				: (quarter.compareTo(MAX_PERIOD) > 0) ? MAX_PERIOD : quarter;
	}

	/**
	 * How often to check: a quarter of the shorter timeout, between 10 ms and 1 s, so a stall is
	 * caught at most a quarter late.
	 */
	Duration period() {
		return this.period;
	}

	/**
	 * Check connections now.
	 * @param accepted the listener's connections, on which a Hello is due
	 * @param links connections on which no Hello is due (a client's link to its listener)
	 * @param linkFactor how many frame timeouts a link gets: a listener may itself wait one
	 * frame timeout on another member before it reads again
	 */
	void check(Collection<UnixSocketConnection> accepted, Collection<UnixSocketConnection> links, int linkFactor) {
		long now = System.nanoTime();
		for (UnixSocketConnection connection : accepted) {
			if (!connection.firstFrameArrived() && connection.openNanos(now) > this.handshakeNanos && connection.isOpen()) {
				this.close.accept(connection, "no Hello frame within " + millis(this.handshakeNanos)
						+ " ms (ipc.connect-timeout)");
			}
			else {
				checkFrames(connection, now, this.frameNanos);
			}
		}
		for (UnixSocketConnection connection : links) {
			checkFrames(connection, now, this.frameNanos * linkFactor);
		}
	}

	private void checkFrames(UnixSocketConnection connection, long now, long limit) {
		if (connection.readerHeldNanos(now) > this.period.toNanos()) {
			this.handOverReading.accept(connection);
		}
		long writing = connection.writeBlockedNanos(now);
		if (writing > limit && connection.isOpen()) {
			this.close.accept(connection, "a write has waited " + millis(writing) + " ms for the peer to read (limit "
					+ millis(limit) + " ms, ipc.send-timeout): the peer does not read");
			return;
		}
		long reading = connection.readStalledNanos(now);
		if (reading > limit && connection.isOpen()) {
			this.close.accept(connection, "a frame has been arriving for " + millis(reading) + " ms (limit "
					+ millis(limit) + " ms, ipc.send-timeout): the peer stalled in the middle of it");
		}
	}

	private static long millis(long nanos) {
		return nanos / 1_000_000;
	}

}
