package dev.ipcsocket.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * One side of the benchmark protocol for the event-driven subjects (the starter): turns each
 * received message into the message to send back, if any, on the thread that received it.
 */
@FunctionalInterface
public interface MessageReactor {

	/**
	 * React to a received message.
	 * @param payload the message
	 * @return the message to send back, or {@code null} for none
	 */
	byte @Nullable [] onMessage(byte[] payload);

}
