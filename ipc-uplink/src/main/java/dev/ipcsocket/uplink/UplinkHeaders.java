package dev.ipcsocket.uplink;

/**
 * Names of the headers the uplink puts on every broker record, values plain strings. The
 * record's payload is the bus envelope itself ({@code BusFrameCodec}), so the headers only spare
 * a reader the decoding and carry the hop count.
 */
public final class UplinkHeaders {

	/** Host id of the sender. */
	public static final String ORIGIN_HOST = "ipc-origin-host";

	/** Qualified id of the sending member, {@code host:application:instance}: the Kafka record key. */
	public static final String ORIGIN = "ipc-origin";

	/** The message id: qualified origin and sequence. */
	public static final String MESSAGE_ID = "ipc-message-id";

	/** Broker hops the message has taken, 1 when it reaches the first broker. */
	public static final String HOPS = "ipc-hops";

	private UplinkHeaders() {
	}

}
