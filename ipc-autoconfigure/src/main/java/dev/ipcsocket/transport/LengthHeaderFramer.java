package dev.ipcsocket.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

import org.springframework.integration.ip.tcp.serializer.ByteArrayLengthHeaderSerializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Frames messages with a 4-byte big-endian length header (Spring Integration's serializer) and
 * rejects a length above the maximum, read as unsigned, before allocating anything.
 */
final class LengthHeaderFramer extends ByteArrayLengthHeaderSerializer {

	static final int HEADER_BYTES = 4;

	LengthHeaderFramer(int maxMessageSize) {
		super(HEADER_SIZE_INT);
		setMaxMessageSize(maxMessageSize);
	}

	@Override
	protected int readHeader(InputStream inputStream) throws IOException {
		byte[] header = new byte[HEADER_BYTES];
		if (read(inputStream, header, true) < 0) {
			throw new SoftEndOfStreamException("Stream closed between payloads");
		}
		long length = Integer.toUnsignedLong(ByteBuffer.wrap(header).getInt());
		if (length > getMaxMessageSize()) {
			throw new OversizedFrameException(length, getMaxMessageSize());
		}
		return (int) length;
	}

}
