package dev.ipcsocket.uplink;

import dev.ipcsocket.bus.BusFrame;

/**
 * Reports a message the uplink gives up on, so that nothing is dropped without a trace.
 */
@FunctionalInterface
public interface UndeliveredReporter {

	/**
	 * Report a message that will not reach other hosts.
	 * @param data the message as the hub handed it over
	 * @param reason why, and what to do about it
	 */
	void undelivered(BusFrame.Data data, String reason);

}
