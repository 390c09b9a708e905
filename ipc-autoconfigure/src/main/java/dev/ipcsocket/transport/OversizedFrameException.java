package dev.ipcsocket.transport;

import java.io.IOException;

/**
 * A length header announced more bytes than the configured maximum; nothing was allocated.
 */
final class OversizedFrameException extends IOException {

	OversizedFrameException(long length, int maxFrameSize) {
		super("frame announces " + length + " bytes; the largest frame read is " + maxFrameSize
				+ " bytes (ipc.max-message-size and the envelope)");
	}

}
