package dev.ipcsocket.transport;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * One framed payload as a Spring {@link Message}, without per-message headers: building the
 * standard TCP headers costs more than the socket round trip on junixsocket.
 */
final class Frame implements Message<byte[]> {

	private static final MessageHeaders NO_HEADERS = new NoHeaders();

	private static final byte[] NO_HEAD = {};

	private final byte[] head;

	private final byte[] payload;

	private final @Nullable UnixSocketConnection connection;

	Frame(byte[] payload, @Nullable UnixSocketConnection connection) {
		this(NO_HEAD, payload, connection);
	}

	private Frame(byte[] head, byte[] payload, @Nullable UnixSocketConnection connection) {
		this.head = head;
		this.payload = payload;
		this.connection = connection;
	}

	static Frame outbound(byte[] payload) {
		return new Frame(payload, null);
	}

	/**
	 * A frame to send in two parts, written behind one length header without joining them.
	 * @param head the bytes before the payload (a message's envelope)
	 * @param payload the payload
	 * @return the frame
	 */
	static Frame outbound(byte[] head, byte[] payload) {
		return new Frame(head, payload, null);
	}

	/**
	 * A large message as {@link FrameDeserializer} read it, in two parts.
	 * @param head its envelope
	 * @param payload its payload
	 * @return the frame, not yet tied to its connection
	 */
	static Frame received(byte[] head, byte[] payload) {
		return new Frame(head, payload, null);
	}

	/** This frame as it arrived on the given connection. */
	Frame arrivedOn(UnixSocketConnection connection) {
		return new Frame(this.head, this.payload, connection);
	}

	/**
	 * The bytes before the payload: a message's envelope when the frame is sent or was read in
	 * two parts, else empty (the payload is the whole frame).
	 */
	byte[] head() {
		return this.head;
	}

	/** The frame's size on the wire, without its length header. */
	int length() {
		return this.head.length + this.payload.length;
	}

	@Override
	public byte[] getPayload() {
		return this.payload;
	}

	@Override
	public MessageHeaders getHeaders() {
		return NO_HEADERS;
	}

	/** The connection the frame arrived on; null for a frame we send. */
	@Nullable UnixSocketConnection connection() {
		return this.connection;
	}

	@Override
	public String toString() {
		return "Frame[" + length() + " bytes]";
	}

	private static final class NoHeaders extends MessageHeaders {

		NoHeaders() {
			super(null, ID_VALUE_NONE, -1L);
		}

	}

}
