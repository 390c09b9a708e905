package dev.ipcsocket.uplink;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The uplink's view of the broker: send one record and wait for the broker to take it, and
 * receive this host's records while subscribed.
 */
interface BrokerLink {

	/**
	 * Send one record and return once the broker has it.
	 * @param payload the bus envelope
	 * @param headers the record's headers
	 * @throws RuntimeException if the broker did not confirm it
	 */
	void send(byte[] payload, Map<String, Object> headers);

	/**
	 * Start receiving this host's records; may take long while the broker is down.
	 * @param receiver takes each record's payload and headers
	 * @throws RuntimeException if the subscription could not be made
	 */
	void subscribe(BiConsumer<Object, Map<String, Object>> receiver);

	/** Stop receiving. */
	void unsubscribe();

	/**
	 * Describe where records go, for health details and logs.
	 * @return e.g. the destination's name
	 */
	String describe();

}
