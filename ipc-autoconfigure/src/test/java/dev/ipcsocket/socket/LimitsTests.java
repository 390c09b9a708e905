package dev.ipcsocket.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMemberLeftEvent;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcMode;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.bus.BusFrame;
import dev.ipcsocket.bus.BusFrameCodec;
import dev.ipcsocket.testsupport.Sockets;
import dev.ipcsocket.transport.SocketPath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The limits a listener keeps against peers that take too much: connections over the cap,
 * peers that do not read, frames that stall, and the largest messages it allows, all with real
 * sockets; the other members never notice.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LimitsTests {

	/** Messages kept for receive() and read(): the library keeps none unless asked. */
	private static final int KEPT = 1024;

	private static final Duration WAIT = Duration.ofSeconds(10);

	/** Short for a test, long enough that a busy machine does not make a reading peer look stalled. */
	private static final Duration SHORT = Duration.ofSeconds(1);

	@RegisterExtension
	final Sockets sockets = new Sockets();

	private final RecordedEvents events = new RecordedEvents();

	private IPCSocket listener(IpcSocketSettings settings) {
		IPCSocket socket = this.sockets.open(settings);
		socket.addListener(this.events);
		socket.start();
		return socket;
	}

	private List<IpcErrorEvent> errors() {
		return this.events.errors();
	}

	private IpcErrorEvent awaitError(String messagePart) {
		return this.events.awaitError(messagePart, WAIT);
	}

	private static IpcMessage receive(IPCSocket socket) {
		IpcMessage message = socket.receive(WAIT);
		assertThat(message).as("a message within " + WAIT).isNotNull();
		return message;
	}

	private static byte[] random(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	@Test
	void connectionOverTheCapIsRefusedAtAcceptAndTheMembersAreUnaffected() throws IOException {
		IPCSocket listener = listener(IpcSocketSettings.builder(this.sockets.path()).receiveBufferCapacity(KEPT).maxConnections(2).build());
		RawClient alice = this.sockets.closeLater(RawClient.join(this.sockets.path(), "alice"));
		RawClient bob = this.sockets.closeLater(RawClient.join(this.sockets.path(), "bob"));
		await().atMost(WAIT).until(() -> listener.peers().size() == 2);

		try (RawClient third = RawClient.connect(this.sockets.path())) {
			ByteBuffer refuse = ByteBuffer.wrap(third.readFrame());
			assertThat(refuse.get(1)).as("frame type Refuse").isEqualTo((byte) 3);
			assertThat(new String(refuse.array(), 4, refuse.getShort(2), StandardCharsets.UTF_8))
				.contains("already has 2 connections", "ipc.max-connections (2)");
			assertThat(third.drainUntilClosed()).isTrue();
		}
		assertThat(awaitError("ipc.max-connections").getCode()).isEqualTo(105);

		alice.writeFrame(RawClient.message("alice", 1, "still here".getBytes(StandardCharsets.UTF_8)));
		assertThat(receive(listener).text()).isEqualTo("still here");
		assertThat(bob.readData()).asString(StandardCharsets.UTF_8).isEqualTo("still here");
		listener.send("to both");
		assertThat(alice.readData()).asString(StandardCharsets.UTF_8).isEqualTo("to both");
		assertThat(bob.readData()).asString(StandardCharsets.UTF_8).isEqualTo("to both");

		alice.writeFrame(RawClient.bye());
		alice.close();
		await().atMost(WAIT).until(() -> listener.peers().size() == 1);
		this.sockets.closeLater(RawClient.join(this.sockets.path(), "carol"));
		await().atMost(WAIT).until(() -> listener.peers().size() == 2);
	}

	// repeated: a refusal races the newcomer's own set-up (a race lost 1 run in 4 made it fail with 100)
	@RepeatedTest(20)
	void libraryClientOverTheCapFailsToStartAndTheMembersAreUnaffected() throws IOException {
		IPCSocket listener = listener(IpcSocketSettings.builder(this.sockets.path()).receiveBufferCapacity(KEPT).maxConnections(1).build());
		RawClient alice = this.sockets.closeLater(RawClient.join(this.sockets.path(), "alice"));
		IPCSocket late = this.sockets.open(IpcSocketSettings.builder(this.sockets.path()).receiveBufferCapacity(KEPT).mode(IpcMode.CONNECT).build());

		// the Refuse, or the closed connection if the Hello went out before it was read
		assertThatExceptionOfType(IpcException.class).isThrownBy(late::start)
			.satisfies((ex) -> assertThat(ex.code()).isIn(105, 102));

		listener.send("alice is still served");
		assertThat(alice.readData()).asString(StandardCharsets.UTF_8).isEqualTo("alice is still served");
		assertThat(listener.peers()).extracting("id").containsExactly("alice");
	}

	@Test
	void peerThatStopsReadingIsClosedAfterTheSendTimeoutWhileTheOthersReceiveEverything() throws Exception {
		IPCSocket listener = listener(IpcSocketSettings.builder(this.sockets.path()).receiveBufferCapacity(KEPT).sendTimeout(SHORT).build());
		RawClient good = this.sockets.closeLater(RawClient.join(this.sockets.path(), "good"));
		RawClient stalled = this.sockets.closeLater(RawClient.join(this.sockets.path(), "stalled"));
		await().atMost(WAIT).until(() -> listener.peers().size() == 2);
		int messages = 8;
		CompletableFuture<List<byte[]>> received = CompletableFuture.supplyAsync(() -> readData(good, messages));

		long started = System.nanoTime();
		for (int i = 0; i < messages; i++) {
			// a megabyte each: far beyond what the kernel buffers for a peer that does not read
			listener.send(random(1024 * 1024, i));
		}
		Duration sending = Duration.ofNanos(System.nanoTime() - started);

		IpcErrorEvent error = awaitError("ipc.send-timeout");
		assertThat(error.getCode()).isEqualTo(102);
		assertThat(error.getPeer().id()).isEqualTo("stalled");
		assertThat(error.getException()).hasMessageContaining("the peer does not read");
		assertThat(sending).as("a stalled peer holds send() up for about the send timeout only")
			.isLessThan(SHORT.multipliedBy(10));
		List<byte[]> payloads = received.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		for (int i = 0; i < messages; i++) {
			assertThat(payloads.get(i)).as("message %d", i).isEqualTo(random(1024 * 1024, i));
		}
		await().atMost(WAIT).until(() -> listener.peers().stream().map((peer) -> peer.id()).toList().equals(List.of("good")));
		assertThat(this.events.all()).filteredOn(IpcMemberLeftEvent.class::isInstance)
			.singleElement()
			.satisfies((left) -> assertThat(((IpcMemberLeftEvent) left).isClean()).as("thrown out, no goodbye").isFalse());
		assertThat(stalled.drainUntilClosed()).isTrue();
	}

	@Test
	void peerThatStopsReadingDoesNotHoldUpTheRelayOfAnotherMembersMessages() throws Exception {
		IPCSocket listener = listener(IpcSocketSettings.builder(this.sockets.path()).receiveBufferCapacity(KEPT).sendTimeout(SHORT).build());
		RawClient sender = this.sockets.closeLater(RawClient.join(this.sockets.path(), "sender"));
		RawClient reader = this.sockets.closeLater(RawClient.join(this.sockets.path(), "reader"));
		this.sockets.closeLater(RawClient.join(this.sockets.path(), "stalled"));
		await().atMost(WAIT).until(() -> listener.peers().size() == 3);
		int messages = 8;
		CompletableFuture<List<byte[]>> relayed = CompletableFuture.supplyAsync(() -> readData(reader, messages));

		for (int i = 0; i < messages; i++) {
			sender.writeFrame(RawClient.message("sender", i + 1, random(512 * 1024, i)));
		}

		assertThat(awaitError("ipc.send-timeout").getPeer().id()).isEqualTo("stalled");
		List<byte[]> payloads = relayed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		for (int i = 0; i < messages; i++) {
			assertThat(payloads.get(i)).as("relayed message %d", i).isEqualTo(random(512 * 1024, i));
			assertThat(receive(listener).payload()).as("delivered message %d", i).isEqualTo(random(512 * 1024, i));
		}
	}

	@Test
	void clientWhoseListenerStopsReadingGivesUpTheLinkAfterTwiceTheSendTimeout() throws Exception {
		// a listener that answers the handshake and then never reads: not one of ours
		Path path = this.sockets.path();
		AFUNIXServerSocket server = this.sockets.closeLater(AFUNIXServerSocket.newInstance());
		server.bind(AFUNIXSocketAddress.of(path.toFile()));
		CompletableFuture<AFUNIXSocket> accepted = CompletableFuture.supplyAsync(() -> welcomeOne(server));
		IPCSocket client = this.sockets.open(IpcSocketSettings.builder(path).receiveBufferCapacity(KEPT).mode(IpcMode.CONNECT)
			.sendTimeout(SHORT)
			.connectTimeout(Duration.ofSeconds(2))
			.build());
		client.addListener(this.events);
		client.start();
		this.sockets.closeLater(accepted.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));

		long started = System.nanoTime();
		for (int i = 0; i < 4; i++) {
			client.send(random(1024 * 1024, i));
		}
		Duration sending = Duration.ofNanos(System.nanoTime() - started);

		IpcErrorEvent error = awaitError("ipc.send-timeout");
		assertThat(error.getCode()).isEqualTo(102);
		assertThat(error.getException()).hasMessageContaining("limit " + SHORT.multipliedBy(2).toMillis() + " ms");
		assertThat(sending).isLessThan(SHORT.multipliedBy(15));
	}

	private static AFUNIXSocket welcomeOne(AFUNIXServerSocket server) {
		try {
			AFUNIXSocket socket = server.accept();
			ByteBuffer header = ByteBuffer.wrap(socket.getInputStream().readNBytes(4));
			socket.getInputStream().readNBytes(header.getInt());
			long pid = ProcessHandle.current().pid();
			byte[] welcome = BusFrameCodec.encode(new BusFrame.Welcome(List.of(
					new dev.ipcsocket.IpcPeer("mute-listener", pid, SocketPath.ownUid(), SocketPath.ownGid()))));
			socket.getOutputStream().write(ByteBuffer.allocate(4 + welcome.length).putInt(welcome.length).put(welcome).array());
			return socket;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void clientThatSendsHalfAHeaderAndNothingMoreIsClosedByTheHandshakeTimeout() throws IOException {
		IPCSocket listener = listener(IpcSocketSettings.builder(this.sockets.path()).receiveBufferCapacity(KEPT).connectTimeout(SHORT).build());
		RawClient member = this.sockets.closeLater(RawClient.join(this.sockets.path(), "member"));

		try (RawClient silent = RawClient.connect(this.sockets.path())) {
			silent.writeRaw(new byte[] { 0, 0 });

			assertThat(silent.drainUntilClosed()).isTrue();
		}
		assertThat(awaitError("no Hello frame within 1000 ms").getCode()).isEqualTo(102);
		listener.send("member unaffected");
		assertThat(member.readData()).asString(StandardCharsets.UTF_8).isEqualTo("member unaffected");
	}

	@Test
	void memberThatStallsInTheMiddleOfAFrameIsClosedByTheSendTimeout() throws IOException {
		IPCSocket listener = listener(IpcSocketSettings.builder(this.sockets.path()).receiveBufferCapacity(KEPT).sendTimeout(SHORT).build());
		RawClient member = this.sockets.closeLater(RawClient.join(this.sockets.path(), "member"));

		try (RawClient staller = RawClient.join(this.sockets.path(), "staller")) {
			staller.writeRaw(ByteBuffer.allocate(14).putInt(100).put(new byte[10]).array());

			assertThat(staller.drainUntilClosed()).isTrue();
		}
		IpcErrorEvent error = awaitError("stalled in the middle");
		assertThat(error.getCode()).isEqualTo(102);
		assertThat(error.getPeer().id()).isEqualTo("staller");
		assertThat(listener.bytesAvailable()).isZero();
		member.writeFrame(RawClient.message("member", 1, "unaffected".getBytes(StandardCharsets.UTF_8)));
		assertThat(receive(listener).text()).isEqualTo("unaffected");
	}

	@Test
	void messagesOfOneAndEightMebibytesAndTheConfiguredMaximumCrossBothWaysByteExact() {
		int max = 16 * 1024 * 1024;
		IpcSocketSettings settings = IpcSocketSettings.builder(this.sockets.path()).receiveBufferCapacity(KEPT).maxMessageSize(max).build();
		IPCSocket listener = listener(settings);
		IPCSocket client = this.sockets.open(settings.toBuilder().instanceId("client").build());
		client.start();
		await().atMost(WAIT).until(() -> listener.peers().size() == 1);

		for (int size : new int[] { 1024 * 1024, 8 * 1024 * 1024, max }) {
			byte[] up = random(size, size);
			client.send(up);
			assertThat(receive(listener).payload()).as("%d bytes to the listener", size).isEqualTo(up);
			byte[] down = random(size, -size);
			listener.send(down);
			assertThat(receive(client).payload()).as("%d bytes to the client", size).isEqualTo(down);
		}
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(new byte[max + 1]))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(108));
		assertThat(errors()).isEmpty();
	}

	private static List<byte[]> readData(RawClient client, int count) {
		try {
			List<byte[]> payloads = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				payloads.add(client.readData());
			}
			return payloads;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
