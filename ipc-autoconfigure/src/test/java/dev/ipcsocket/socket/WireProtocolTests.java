package dev.ipcsocket.socket;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client written without the library, from docs/PROTOCOL.md alone (plain JDK
 * {@link SocketChannel}), against a listening {@link IPCSocket}; and what bad bytes do.
 */
class WireProtocolTests {

	/** Messages kept for receive() and read(): the library keeps none unless asked. */
	private static final int KEPT = 1024;

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final int MAX = 64 * 1024;

	@RegisterExtension
	final Sockets sockets = new Sockets();

	private IPCSocket listener;

	private final List<IpcEvent> events = new CopyOnWriteArrayList<>();

	private int clients;

	@BeforeEach
	void listen() {
		this.listener = this.sockets.open(IpcSocketSettings.builder(this.sockets.path()).receiveBufferCapacity(KEPT).maxMessageSize(MAX).build());
		this.listener.addListener(this.events::add);
		this.listener.start();
	}

	private SocketChannel rawClient() throws IOException {
		return rawClient("raw-" + this.clients++);
	}

	/** Connect and say hello as docs/PROTOCOL.md describes, then read the Welcome frame. */
	private SocketChannel rawClient(String instanceId) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(this.listener.path()));
		writeFrame(channel, RawClient.hello("application", 1, instanceId));
		ByteBuffer welcome = ByteBuffer.wrap(readFrame(channel));
		assertThat(welcome.get()).as("version").isEqualTo((byte) 1);
		assertThat(welcome.get()).as("frame type Welcome").isEqualTo((byte) 2);
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

	/**
	 * Whether the listener closed the connection: end of stream, or a reset when it closed with
	 * bytes of ours still unread (the kernel then resets instead of ending the stream).
	 */
	private static boolean closedByPeer(SocketChannel channel) {
		try {
			return channel.read(ByteBuffer.allocate(1)) < 0;
		}
		catch (IOException reset) {
			return reset.getMessage() != null && reset.getMessage().contains("reset");
		}
	}

	@Test
	void plainJdkClientExchangesFramesWithTheListener() throws IOException {
		try (SocketChannel client = rawClient("plain-jdk")) {
			writeFrame(client, RawClient.message("plain-jdk", 1, "hello from a plain JDK client".getBytes(StandardCharsets.UTF_8)));
			writeFrame(client, RawClient.message("plain-jdk", 2, new byte[0]));
			IpcMessage first = receive();
			assertThat(first.text()).isEqualTo("hello from a plain JDK client");
			assertThat(first.peer().id()).isEqualTo("plain-jdk");
			assertThat(first.peer().pid()).isEqualTo(ProcessHandle.current().pid());
			assertThat(receive().payload()).isEmpty();

			byte[] reply = new byte[MAX];
			new Random(3).nextBytes(reply);
			this.listener.send(reply);
			assertThat(RawClient.payloadOf(readFrame(client))).isEqualTo(reply);
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

			writeFrame(good, RawClient.message("raw-0", 1, "still served".getBytes(StandardCharsets.UTF_8)));
			assertThat(receive().text()).isEqualTo("still served");
			await().atMost(WAIT).until(() -> this.listener.peers().size() == 1);
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
	void peerVanishingInsideALargeMessagesPayloadIsLostConnectionAndNothingHalfIsDelivered() throws IOException {
		try (SocketChannel bad = rawClient()) {
			byte[] message = RawClient.message("raw-0", 1, new byte[20_000]);
			writeRaw(bad, ByteBuffer.allocate(4 + 10_000).putInt(message.length).put(message, 0, 10_000).array());
			bad.close();

			IpcErrorEvent error = awaitError();
			assertThat(error.getCode()).isEqualTo(102);
			assertThat(error.getException()).hasMessageContaining("10000 of " + message.length);
			assertThat(this.listener.bytesAvailable()).isZero();
		}
	}

	@Test
	void largeFrameWhoseEnvelopeOverrunsItIsMalformedAndClosesOnlyThatConnection() throws IOException {
		try (SocketChannel good = rawClient(); SocketChannel bad = rawClient()) {
			// a Data frame whose origin announces more bytes than the frame holds
			byte[] frame = new byte[10_000];
			ByteBuffer.wrap(frame).put((byte) 1).put((byte) 7).put((byte) 0).putShort((short) 0xFFFF);
			writeFrame(bad, frame);

			IpcErrorEvent error = awaitError();
			assertThat(error.getCode()).isEqualTo(102);
			assertThat(error.getException()).hasMessageContaining("65535 bytes announced");
			assertThat(closedByPeer(bad)).isTrue();
			writeFrame(good, RawClient.message("raw-0", 1, "still served".getBytes(StandardCharsets.UTF_8)));
			assertThat(receive().text()).isEqualTo("still served");
		}
	}

	@Test
	void zeroBytesMidStreamCloseThatConnectionAsMalformedWithOneErrorEvent() throws IOException {
		try (SocketChannel client = rawClient()) {
			writeFrame(client, RawClient.message("raw-0", 1, "before the zeros".getBytes(StandardCharsets.UTF_8)));
			writeRaw(client, new byte[1024]);

			assertThat(receive().text()).isEqualTo("before the zeros");
			IpcErrorEvent error = awaitError();
			assertThat(error.getCode()).isEqualTo(102);
			assertThat(error.getException()).hasMessageContaining("ends inside a field");
			assertThat(closedByPeer(client)).isTrue();
			assertThat(this.listener.bytesAvailable()).isZero();
			await().atMost(WAIT).until(() -> this.listener.peers().isEmpty());
			// 1024 zeros are 256 empty frames: the first closes the connection, the rest are not read
			assertThat(this.events).filteredOn(IpcErrorEvent.class::isInstance).hasSize(1);
		}
	}

	@Test
	void unframedRandomBytesCloseOnlyThatConnection() throws IOException {
		try (SocketChannel good = rawClient()) {
			for (int seed = 1; seed <= 5; seed++) {
				this.events.clear();
				byte[] junk = new byte[512];
				new Random(seed).nextBytes(junk);
				try (SocketChannel bad = rawClient()) {
					try {
						writeRaw(bad, junk);
					}
					catch (IOException closedByTheListener) {
						// the junk's first bytes were enough to close it: expected
					}

					assertThat(awaitError().getCode()).as("seed %d", seed).isIn(102, 108);
					assertThat(closedByPeer(bad)).isTrue();
				}
			}
			writeFrame(good, RawClient.message("raw-0", 1, "unaffected".getBytes(StandardCharsets.UTF_8)));
			assertThat(receive().text()).isEqualTo("unaffected");
			await().atMost(WAIT).until(() -> this.listener.peers().size() == 1);
		}
	}

	@Test
	void dataBeforeHelloIsRefused() throws IOException {
		try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			client.connect(UnixDomainSocketAddress.of(this.listener.path()));
			writeFrame(client, RawClient.message("impostor", 1, "no hello".getBytes(StandardCharsets.UTF_8)));

			assertThat(awaitError().getException()).hasMessageContaining("before the Hello frame");
			assertThat(closedByPeer(client)).isTrue();
		}
	}

	@Test
	void anotherApplicationIsRefusedWithItsReason() throws IOException {
		try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			client.connect(UnixDomainSocketAddress.of(this.listener.path()));
			writeFrame(client, RawClient.hello("billing", 1, "billing-1"));

			ByteBuffer refuse = ByteBuffer.wrap(readFrame(client));
			assertThat(refuse.get(1)).as("frame type Refuse").isEqualTo((byte) 3);
			assertThat(new String(refuse.array(), 4, refuse.getShort(2), StandardCharsets.UTF_8))
				.contains("application 'billing' cannot join application 'application'");
			assertThat(awaitError().getCode()).isEqualTo(105);
			assertThat(closedByPeer(client)).isTrue();
		}
	}

	@Test
	void randomBytesCloseOnlyThatConnection() throws IOException {
		Random random = new Random(42);
		try (SocketChannel good = rawClient(); SocketChannel bad = rawClient()) {
			try {
				for (int i = 0; i < 20; i++) {
					byte[] junk = new byte[random.nextInt(64) + 1];
					random.nextBytes(junk);
					writeFrame(bad, junk);
				}
			}
			catch (IOException closedByTheListener) {
				// the first bad frame closed the connection: expected
			}

			awaitError();
			assertThat(closedByPeer(bad)).isTrue();
			writeFrame(good, RawClient.message("raw-0", 1, "unaffected".getBytes(StandardCharsets.UTF_8)));
			assertThat(receive().text()).isEqualTo("unaffected");
		}
	}

}
