package dev.ipcsocket.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/**
 * The JDK's own {@link SocketChannel} in blocking mode, over a Unix domain socket or TCP: the
 * baseline every other subject is compared with. Direct buffers, so the JDK copies nothing.
 */
final class ChannelFrameStream extends FrameStream {

	private static final int BUFFER_BYTES = 4 * Protocol.LARGE;

	private final SocketChannel channel;

	/** In read mode: position is the next unparsed byte, limit the end of what was read. */
	private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER_BYTES).flip();

	private final ByteBuffer lastFrame = this.in.duplicate();

	private final ByteBuffer out = ByteBuffer.allocateDirect(Protocol.LARGE + 4);

	private byte @Nullable [] framed;

	private int frameStart;

	ChannelFrameStream(SocketChannel channel) {
		this.channel = channel;
	}

	@Override
	int readFrame() throws IOException {
		ensure(4);
		int length = this.in.getInt(this.in.position());
		ensure(4 + length);
		this.frameStart = this.in.position();
		this.in.position(this.frameStart + 4 + length);
		return length;
	}

	private void ensure(int bytes) throws IOException {
		while (this.in.remaining() < bytes) {
			this.in.compact();
			int read = this.channel.read(this.in);
			this.in.flip();
			if (read < 0) {
				throw new EOFException("peer closed the connection");
			}
		}
	}

	@Override
	byte firstPayloadByte() {
		return this.in.get(this.frameStart + 4);
	}

	@Override
	void echoLastFrame() throws IOException {
		this.lastFrame.clear();
		this.lastFrame.position(this.frameStart);
		this.lastFrame.limit(this.in.position());
		writeFully(this.lastFrame);
	}

	@Override
	public void send(byte[] payload) throws IOException {
		if (payload != this.framed) {
			this.out.clear();
			this.out.putInt(payload.length).put(payload).flip();
			this.framed = payload;
		}
		else {
			this.out.rewind();
		}
		writeFully(this.out);
	}

	private void writeFully(ByteBuffer buffer) throws IOException {
		while (buffer.hasRemaining()) {
			this.channel.write(buffer);
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
