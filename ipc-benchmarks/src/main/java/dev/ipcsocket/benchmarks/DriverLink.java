package dev.ipcsocket.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.HdrHistogram.Histogram;

/**
 * The driving side's view of one subject's connection to the serving peer.
 */
interface DriverLink extends AutoCloseable {

	/**
	 * Send one message, returning once it is handed to the subject.
	 * @param payload the message; drivers reuse the same arrays
	 */
	void send(byte[] payload) throws Exception;

	/**
	 * Wait for the server's reply to an {@link Protocol#ACK} sent before.
	 * @param timeout the longest wait
	 */
	void awaitAck(Duration timeout) throws Exception;

	/**
	 * Send {@code request}, wait for its echo, and repeat; record each round trip after the first
	 * {@code warmup} in nanoseconds.
	 * @param request the request
	 * @param warmup round trips not recorded
	 * @param measured round trips recorded
	 * @param histogram where they are recorded
	 * @param timeout the longest the whole loop may take
	 */
	void roundTrips(byte[] request, int warmup, int measured, Histogram histogram, Duration timeout)
			throws Exception;

	static TimeoutException timedOut(String what, Duration timeout) {
		return new TimeoutException(what + " did not finish within " + timeout.toSeconds() + " s");
	}

}
