package dev.ipcsocket.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.integration.ip.tcp.serializer.ByteArrayLengthHeaderSerializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Frames messages with a 4-byte big-endian length header (Spring Integration's serializer) and
 * rejects a length above the maximum, read as unsigned, before allocating anything.
 * <p>
 * The per-frame path allocates only the payload array: the header is read and written byte by
 * byte (both streams are buffered) instead of through a header array and a {@code ByteBuffer},
 * and without the per-read debug log lambdas of the base class.
 */
public final class LengthHeaderFramer extends ByteArrayLengthHeaderSerializer {

	static final int HEADER_BYTES = 4;

	public LengthHeaderFramer(int maxMessageSize) {
		super(HEADER_SIZE_INT);
		setMaxMessageSize(maxMessageSize);
	}

	@Override
	public byte[] deserialize(InputStream inputStream) throws IOException {
		byte[] payload = new byte[readHeader(inputStream)];
		readFully(inputStream, payload, 0, payload.length, payload.length);
		return payload;
	}

	/**
	 * Read exactly {@code count} bytes of a frame into {@code into} from {@code offset}.
	 * @param inputStream the stream
	 * @param into the array to fill
	 * @param offset where the bytes go
	 * @param count how many bytes to read
	 * @param frameLength the frame's length, for the message if the stream ends early
	 * @throws IOException if the stream ends first
	 */
	static void readFully(InputStream inputStream, byte[] into, int offset, int count, int frameLength)
			throws IOException {
		int read = 0;
		while (read < count) {
			int n = inputStream.read(into, offset + read, count - read);
			if (n < 0) {
				throw new IOException("Stream closed after " + (frameLength - count + read) + " of " + frameLength);
			}
			read += n;
		}
	}

	@Override
	public void serialize(byte[] bytes, OutputStream outputStream) throws IOException {
		writeHeader(outputStream, bytes.length);
		outputStream.write(bytes);
	}

	@Override
	protected int readHeader(InputStream inputStream) throws IOException {
		int b0 = inputStream.read();
		if (b0 < 0) {
			throw new SoftEndOfStreamException("Stream closed between payloads");
		}
		int b1 = inputStream.read();
		int b2 = inputStream.read();
		int b3 = inputStream.read();
		if ((b1 | b2 | b3) < 0) {
			throw new IOException("Stream closed inside a length header");
		}
		long length = ((long) b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
		if (length > getMaxMessageSize()) {
			throw new OversizedFrameException(length, getMaxMessageSize());
		}
		return (int) length;
	}

	@Override
	protected void writeHeader(OutputStream outputStream, int length) throws IOException {
		writeLength(outputStream, length);
	}

	static void writeLength(OutputStream outputStream, int length) throws IOException {
		outputStream.write(length >>> 24);
		outputStream.write(length >>> 16);
		outputStream.write(length >>> 8);
		outputStream.write(length);
	}

}
