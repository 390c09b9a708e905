package dev.ipcsocket.transport;

import java.io.IOException;

/**
 * A length header announced more bytes than the configured maximum; nothing was allocated.
 */
final class OversizedFrameException extends IOException {

	OversizedFrameException(long length, int maxMessageSize) {
		super("frame announces " + length + " bytes; the maximum is " + maxMessageSize
				+ " (ipc.max-message-size)");
	}

}
