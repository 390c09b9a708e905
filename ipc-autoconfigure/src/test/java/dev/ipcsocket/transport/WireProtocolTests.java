package dev.ipcsocket.transport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcSocketSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client written without the library, from docs/PROTOCOL.md alone (plain JDK
 * {@link SocketChannel}), against a listening {@link IPCSocket}; and what bad bytes do.
 */
class WireProtocolTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final int MAX = 64 * 1024;

	@TempDir
	Path dir;

	private IPCSocket listener;

	private final List<IpcEvent> events = new CopyOnWriteArrayList<>();

	@BeforeEach
	void listen() {
		this.listener = new UnixDomainIPCSocket(IpcSocketSettings.of(this.dir.resolve("app.sock")).withMaxMessageSize(MAX));
		this.listener.addListener(this.events::add);
		this.listener.start();
	}

	@AfterEach
	void close() {
		this.listener.close();
	}

	private SocketChannel rawClient() throws IOException {
		int peersBefore = this.listener.peers().size();
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(this.listener.path()));
		await().atMost(WAIT).until(() -> this.listener.peers().size() > peersBefore);
		return channel;
	}

	private static void writeFrame(SocketChannel channel, byte[] payload) throws IOException {
		ByteBuffer frame = ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).flip();
		while (frame.hasRemaining()) {
			channel.write(frame);
		}
	}

	private static void writeRaw(SocketChannel channel, byte[] bytes) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	private static byte[] readFrame(SocketChannel channel) throws IOException {
		ByteBuffer header = readFully(channel, 4);
		return readFully(channel, header.getInt()).array();
	}

	private static ByteBuffer readFully(SocketChannel channel, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length);
		while (buffer.hasRemaining()) {
			if (channel.read(buffer) < 0) {
				throw new IOException("end of stream after " + buffer.position() + " of " + length + " bytes");
			}
		}
		return buffer.flip();
	}

	private IpcMessage receive() {
		IpcMessage message = this.listener.receive(WAIT);
		assertThat(message).as("a message within " + WAIT).isNotNull();
		return message;
	}

	private IpcErrorEvent awaitError() {
		await().atMost(WAIT).until(() -> this.events.stream().anyMatch(IpcErrorEvent.class::isInstance));
		return this.events.stream()
			.filter(IpcErrorEvent.class::isInstance)
			.map(IpcErrorEvent.class::cast)
			.findFirst()
			.orElseThrow();
	}

	private static boolean closedByPeer(SocketChannel channel) throws IOException {
		return channel.read(ByteBuffer.allocate(1)) < 0;
	}

	@Test
	void plainJdkClientExchangesFramesWithTheListener() throws IOException {
		try (SocketChannel client = rawClient()) {
			writeFrame(client, "hello from a plain JDK client".getBytes(StandardCharsets.UTF_8));
			writeFrame(client, new byte[0]);
			assertThat(receive().text()).isEqualTo("hello from a plain JDK client");
			assertThat(receive().payload()).isEmpty();

			byte[] reply = new byte[MAX];
			new Random(3).nextBytes(reply);
			this.listener.send(reply);
			assertThat(readFrame(client)).isEqualTo(reply);
		}
	}

	@Test
	void oversizedLengthHeaderClosesThatConnectionWithoutAllocatingAndOthersKeepWorking() throws IOException {
		try (SocketChannel good = rawClient(); SocketChannel bad = rawClient()) {
			writeRaw(bad, new byte[] { 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF });

			IpcErrorEvent error = awaitError();
			assertThat(error.getCode()).isEqualTo(108);
			assertThat(error.getException()).hasMessageContaining("2147483647 bytes");
			assertThat(closedByPeer(bad)).isTrue();

			writeFrame(good, "still served".getBytes(StandardCharsets.UTF_8));
			assertThat(receive().text()).isEqualTo("still served");
			assertThat(this.listener.peers()).hasSize(1);
		}
	}

	@Test
	void lengthHeaderWithTheTopBitSetIsOversizedNotNegative() throws IOException {
		try (SocketChannel bad = rawClient()) {
			writeRaw(bad, new byte[] { (byte) 0x80, 0, 0, 0 });

			assertThat(awaitError().getCode()).isEqualTo(108);
			assertThat(closedByPeer(bad)).isTrue();
		}
	}

	@Test
	void peerVanishingMidFrameIsLostConnectionAndNothingHalfIsDelivered() throws IOException {
		try (SocketChannel bad = rawClient()) {
			writeRaw(bad, ByteBuffer.allocate(14).putInt(100).put(new byte[10]).array());
			bad.close();

			assertThat(awaitError().getCode()).isEqualTo(102);
			assertThat(this.listener.bytesAvailable()).isZero();
		}
	}

	@Test
	void zeroBytesMidStreamAreEmptyFramesAndTheStreamStaysInStep() throws IOException {
		try (SocketChannel client = rawClient()) {
			writeRaw(client, new byte[1024]);
			writeFrame(client, "after zeros".getBytes(StandardCharsets.UTF_8));

			for (int i = 0; i < 256; i++) {
				assertThat(receive().payload()).isEmpty();
			}
			assertThat(receive().text()).isEqualTo("after zeros");
		}
	}

}
