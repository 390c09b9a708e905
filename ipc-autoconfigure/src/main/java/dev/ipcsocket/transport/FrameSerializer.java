package dev.ipcsocket.transport;

import java.io.IOException;
import java.io.OutputStream;

import org.springframework.core.serializer.Serializer;

/**
 * Writes outbound frames behind their 4-byte length header: a {@link Frame}'s envelope and
 * payload one after the other into the connection's buffered stream (one copy of the payload
 * instead of two, one write to the socket), anything else as {@link LengthHeaderFramer} does.
 */
final class FrameSerializer implements Serializer<Object> {

	private final LengthHeaderFramer framer;

	FrameSerializer(LengthHeaderFramer framer) {
		this.framer = framer;
	}

	@Override
	public void serialize(Object object, OutputStream outputStream) throws IOException {
		if (object instanceof Frame frame) {
			LengthHeaderFramer.writeLength(outputStream, frame.length());
			outputStream.write(frame.head());
			outputStream.write(frame.getPayload());
		}
		else {
			this.framer.serialize((byte[]) object, outputStream);
		}
	}

}
