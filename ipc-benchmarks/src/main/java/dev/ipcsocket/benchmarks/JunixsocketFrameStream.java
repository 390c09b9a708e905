package dev.ipcsocket.benchmarks;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * junixsocket's socket streams, used directly: what the starter's transport is built on. Reads go
 * through a default-sized {@link BufferedInputStream}, as the starter's connections do: a
 * junixsocket read costs more the more bytes it asks for (see BENCHMARKS.md).
 */
final class JunixsocketFrameStream extends FrameStream {

	private final AFUNIXSocket socket;

	private final DataInputStream in;

	private final OutputStream out;

	/** The frame read last, header included. */
	private final byte[] frame = new byte[Protocol.LARGE + 4];

	private byte @Nullable [] framed;

	private byte[] framedBytes = new byte[0];

	private int frameLength;

	JunixsocketFrameStream(AFUNIXSocket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
		this.out = socket.getOutputStream();
	}

	@Override
	int readFrame() throws IOException {
		int length = this.in.readInt();
		this.frame[0] = (byte) (length >>> 24);
		this.frame[1] = (byte) (length >>> 16);
		this.frame[2] = (byte) (length >>> 8);
		this.frame[3] = (byte) length;
		this.in.readFully(this.frame, 4, length);
		this.frameLength = 4 + length;
		return length;
	}

	@Override
	byte firstPayloadByte() {
		return this.frame[4];
	}

	@Override
	void echoLastFrame() throws IOException {
		this.out.write(this.frame, 0, this.frameLength);
	}

	@Override
	public void send(byte[] payload) throws IOException {
		if (payload != this.framed) {
			this.framedBytes = ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
			this.framed = payload;
		}
		this.out.write(this.framedBytes);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
