package dev.ipcsocket.transport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A buffered output whose buffer starts small and grows, up to the socket's send buffer size,
 * to hold the largest frame written so far: a frame up to that size still reaches the socket
 * in one write, and a connection that only sends small frames keeps a small buffer.
 */
final class FrameOutput extends BufferedOutputStream {

	static final int INITIAL_SIZE = 8192;

	private final int maxSize;

	FrameOutput(OutputStream output, int initialSize, int maxSize) {
		super(output, Math.min(initialSize, maxSize));
		this.maxSize = maxSize;
	}

	@Override
	public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
		int needed = this.count + length;
		if (needed > this.buf.length && this.buf.length < this.maxSize) {
			this.buf = Arrays.copyOf(this.buf, Math.min(this.maxSize, Math.max(needed, this.buf.length * 2)));
		}
		super.write(bytes, offset, length);
	}

	/** The buffer's current size. */
	int bufferSize() {
		return this.buf.length;
	}

}
