package dev.ipcsocket.bus;

import java.io.IOException;

/**
 * Bytes that are not a valid bus frame; the connection that sent them is closed.
 */
public class MalformedFrameException extends IOException {

	public MalformedFrameException(String message) {
		super(message);
	}

}
