package dev.ipcsocket.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.springframework.core.serializer.Deserializer;


/**
 * Reads frames behind their 4-byte length header. A large message is read in two parts, its
 * envelope and then its payload straight from the socket into the array the listeners receive:
 * one copy of the payload on its way in instead of two (into a frame array, then out of it). A
 * hub relays such a frame as the same two parts. Small frames, and any frame that does not begin
 * with a head that the {@link FrameSplit} recognises, are read whole as {@link LengthHeaderFramer} reads them.
 */
final class FrameDeserializer implements Deserializer<Object> {

	/** Frames shorter than this are read whole: copying a small payload out costs less than a second array. */
	static final int SPLIT_THRESHOLD = 4096;

	/** How much of a large frame is read to find its envelope; a longer envelope (long ids) is read whole. */
	static final int PREFIX_BYTES = 512;

	private final LengthHeaderFramer framer;

	private final FrameSplit split;

	FrameDeserializer(LengthHeaderFramer framer, FrameSplit split) {
		this.framer = framer;
		this.split = split;
	}

	/**
	 * Read the next frame.
	 * @return a {@code byte[]} with the whole frame, or a {@link Frame} whose head is what the
	 * {@link FrameSplit} found and whose payload is the rest
	 */
	@Override
	public Object deserialize(InputStream inputStream) throws IOException {
		int length = this.framer.readHeader(inputStream);
		if (length < SPLIT_THRESHOLD) {
			byte[] whole = new byte[length];
			LengthHeaderFramer.readFully(inputStream, whole, 0, length, length);
			return whole;
		}
		byte[] prefix = new byte[PREFIX_BYTES];
		LengthHeaderFramer.readFully(inputStream, prefix, 0, PREFIX_BYTES, length);
		int envelope = this.split.headLength(prefix);
		if (envelope < 0) {
			// copyOf skips zeroing what it copies
			byte[] whole = Arrays.copyOf(prefix, length);
			LengthHeaderFramer.readFully(inputStream, whole, PREFIX_BYTES, length - PREFIX_BYTES, length);
			return whole;
		}
		byte[] payload = new byte[length - envelope];
		int alreadyRead = PREFIX_BYTES - envelope;
		System.arraycopy(prefix, envelope, payload, 0, alreadyRead);
		LengthHeaderFramer.readFully(inputStream, payload, alreadyRead, payload.length - alreadyRead, length);
		return Frame.received(Arrays.copyOf(prefix, envelope), payload);
	}

}
