package dev.ipcsocket;

import java.time.Duration;
import java.util.Map;

/**
 * Counters of an {@link IPCSocket} since it was created, as one consistent-enough snapshot for
 * metrics and health reporting. Each counter only grows, except {@code pendingEvents} and
 * {@code unconfirmed}.
 *
 * @param messagesSent messages this socket sent, counted once per peer they were written to
 * @param bytesSent payload bytes of those messages
 * @param messagesReceived messages received from peers
 * @param bytesReceived payload bytes of those messages
 * @param messagesRelayed messages a listener forwarded from one client to another
 * @param sendCalls calls of {@code send} and {@code flush} that sent a message
 * @param sendTime total time spent in those calls
 * @param connectionsOpened connections that came up
 * @param connectionsClosed connections that ended
 * @param errors errors raised or published, by error
 * @param pendingEvents events waiting for listeners now
 * @param duplicatesDropped messages received again and dropped: sent again by their sender after
 * a re-election, or delivered twice by a broker
 * @param unconfirmed messages this client sent that its listener has not yet confirmed as passed
 * on, kept to be sent again if the listener dies; now
 */
public record IpcStatistics(long messagesSent, long bytesSent, long messagesReceived, long bytesReceived,
		long messagesRelayed, long sendCalls, Duration sendTime, long connectionsOpened, long connectionsClosed,
		Map<IpcError, Long> errors, int pendingEvents, long duplicatesDropped, int unconfirmed) {

	/**
	 * Return how often an error occurred.
	 * @param error the error
	 * @return the count
	 */
	public long errorCount(IpcError error) {
		return this.errors.getOrDefault(error, 0L);
	}

}
