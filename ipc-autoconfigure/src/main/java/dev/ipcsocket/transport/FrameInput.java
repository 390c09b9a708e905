package dev.ipcsocket.transport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered input that can wait for the next byte without taking it. It needs no mark: a
 * mark would keep every later read going through the buffer, where a large payload is copied
 * twice instead of read straight into its array.
 */
final class FrameInput extends BufferedInputStream {

	FrameInput(InputStream input) {
		super(input);
	}

	/**
	 * Block until a byte can be read or the stream ends.
	 * @return false at the end of the stream
	 * @throws IOException if reading fails
	 */
	synchronized boolean awaitByte() throws IOException {
		if (this.pos < this.count) {
			return true;
		}
		if (read() < 0) {
			return false;
		}
		// read() filled the buffer from its start and took its first byte: put it back
		this.pos--;
		return true;
	}

}
