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

	private final byte[] payload;

	private final @Nullable UnixSocketConnection connection;

	Frame(byte[] payload, @Nullable UnixSocketConnection connection) {
		this.payload = payload;
		this.connection = connection;
	}

	static Frame outbound(byte[] payload) {
		return new Frame(payload, null);
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
		return "Frame[" + this.payload.length + " bytes]";
	}

	private static final class NoHeaders extends MessageHeaders {

		NoHeaders() {
			super(null, ID_VALUE_NONE, -1L);
		}

	}

}
