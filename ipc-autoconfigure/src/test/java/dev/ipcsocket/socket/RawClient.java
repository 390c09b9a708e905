package dev.ipcsocket.socket;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bus member written without the library, from docs/PROTOCOL.md alone, over a plain JDK
 * {@link SocketChannel}: it can behave well, or badly on purpose (never read, stop mid-frame).
 */
final class RawClient implements AutoCloseable {

	static final byte DATA = 7;

	private final SocketChannel channel;

	private RawClient(SocketChannel channel) {
		this.channel = channel;
	}

	/** The listener's end of a connection a server channel accepted, for a test that plays the listener. */
	static RawClient accepted(SocketChannel channel) {
		return new RawClient(channel);
	}

	/** Connect without saying anything. */
	static RawClient connect(Path path) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(path));
		return new RawClient(channel);
	}

	/** Connect, say Hello as application "application", and read the Welcome. */
	static RawClient join(Path path, String instanceId) throws IOException {
		RawClient client = connect(path);
		client.writeFrame(hello("application", 1, instanceId));
		byte[] welcome = client.readFrame();
		assertThat(welcome[1]).as("frame type Welcome").isEqualTo((byte) 2);
		return client;
	}

	static byte[] hello(String applicationId, int version, String instanceId) {
		byte[] app = applicationId.getBytes(StandardCharsets.UTF_8);
		byte[] id = instanceId.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(2 + 2 + app.length + 1 + 2 + id.length)
			.put((byte) 1)
			.put((byte) 1)
			.putShort((short) app.length)
			.put(app)
			.put((byte) version)
			.putShort((short) id.length)
			.put(id)
			.array();
	}

	/** A broadcast Data frame from {@code origin}. */
	static byte[] message(String origin, long sequence, byte[] payload) {
		byte[] from = origin.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(3 + 2 + from.length + 2 + 8 + 8 + 2 + payload.length)
			.put((byte) 1)
			.put(DATA)
			.put((byte) 0)
			.putShort((short) from.length)
			.put(from)
			.putShort((short) 0)
			.putLong(sequence)
			.putLong(0)
			.putShort((short) 0)
			.put(payload)
			.array();
	}

	static byte[] bye() {
		return new byte[] { 1, 6 };
	}

	/** The payload of a Data frame. */
	static byte[] payloadOf(byte[] frame) {
		ByteBuffer in = ByteBuffer.wrap(frame);
		assertThat(in.get()).isEqualTo((byte) 1);
		assertThat(in.get()).as("frame type Data").isEqualTo(DATA);
		in.get();
		skipString(in);
		skipString(in);
		in.getLong();
		in.getLong();
		skipString(in);
		byte[] payload = new byte[in.remaining()];
		in.get(payload);
		return payload;
	}

	private static void skipString(ByteBuffer in) {
		int length = Short.toUnsignedInt(in.getShort());
		in.position(in.position() + length);
	}

	void writeFrame(byte[] body) throws IOException {
		writeRaw(ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
	}

	void writeRaw(byte[] bytes) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		while (buffer.hasRemaining()) {
			this.channel.write(buffer);
		}
	}

	byte[] readFrame() throws IOException {
		ByteBuffer header = readFully(4);
		return readFully(header.getInt()).array();
	}

	/** Read frames until a Data frame comes, skipping membership news; return its payload. */
	byte[] readData() throws IOException {
		while (true) {
			byte[] frame = readFrame();
			if (frame[1] == DATA) {
				return payloadOf(frame);
			}
		}
	}

	private ByteBuffer readFully(int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length);
		while (buffer.hasRemaining()) {
			if (this.channel.read(buffer) < 0) {
				throw new IOException("end of stream after " + buffer.position() + " of " + length + " bytes");
			}
		}
		return buffer.flip();
	}

	/**
	 * Read and discard whatever the listener still sends until it closes the connection.
	 * @return whether it closed it (end of stream, or a reset because our bytes were unread)
	 */
	boolean drainUntilClosed() {
		ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
		try {
			while (this.channel.read(sink.clear()) >= 0) {
				// discard
			}
			return true;
		}
		catch (IOException reset) {
			return reset.getMessage() != null && reset.getMessage().contains("reset");
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
