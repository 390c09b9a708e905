package dev.ipcsocket.socket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.bus.BusFrame;
import dev.ipcsocket.bus.BusFrameCodec;
import dev.ipcsocket.bus.MalformedFrameException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Seeded, time-bounded fuzzing of the listener's handshake over real connections: whatever a
 * client sends first (a Hello, a damaged Hello, any frame, unframed bytes), the listener answers
 * with well-formed Welcome or Refuse frames or closes the connection, reports only the declared
 * errors (102, 105, 108), and keeps serving its members. {@code ipc.fuzz.millis} bounds it
 * (2 s, 30 s with {@code -Pstress}); {@code -Dipc.fuzz.seed=...} replays a failure.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HandshakeFuzzTests {

	private static final long MILLIS = Long.getLong("ipc.fuzz.millis", 2000);

	private static final long SEED = Long.getLong("ipc.fuzz.seed", System.nanoTime());

	private static final int READ_TIMEOUT_MILLIS = 10_000;

	@TempDir
	Path dir;

	@Test
	void whateverAClientSendsFirstTheListenerAnswersWellOrClosesAndKeepsServing() throws IOException {
		Path path = this.dir.resolve("app.sock");
		List<IpcErrorEvent> errors = new CopyOnWriteArrayList<>();
		try (IPCSocket listener = new UnixDomainIPCSocket(IpcSocketSettings.builder(path).receiveBufferCapacity(0).build());
				IPCSocket member = new UnixDomainIPCSocket(
						IpcSocketSettings.builder(path).instanceId("taken").receiveBufferCapacity(0).build())) {
			listener.addListener((event) -> {
				if (event instanceof IpcErrorEvent error) {
					errors.add(error);
				}
			});
			listener.start();
			member.start();
			Random random = new Random(SEED);
			Map<Answer, Integer> answers = new EnumMap<>(Answer.class);
			// one of each answer for sure, however few random cases a busy machine gets through
			for (byte[] first : List.of(frame(RawClient.hello("application", 1, "fuzz-first")),
					frame(RawClient.hello("other-app", 1, "fuzz-other")), new byte[] { 1, 2, 3, 4 })) {
				answers.merge(exchange(path, first), 1, Integer::sum);
			}
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MILLIS);
			while (System.nanoTime() < deadline) {
				byte[] first = firstBytes(random);
				Answer answer = exchange(path, first);
				answers.merge(answer, 1, Integer::sum);
			}
			System.out.println("Handshake fuzz, seed " + SEED + ": " + answers);

			assertThat(answers).containsKeys(Answer.WELCOME, Answer.REFUSE, Answer.CLOSED);
			assertThat(errors).extracting(IpcErrorEvent::getCode).containsAnyOf(102, 105).isSubsetOf(102, 105, 108);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> listener.peers().stream().allMatch((peer) -> peer.id().equals("taken")));
			listener.send("still serving");
			try (RawClient late = RawClient.join(path, "late")) {
				late.writeFrame(RawClient.message("late", 1, "and admitting".getBytes(StandardCharsets.UTF_8)));
				await().atMost(Duration.ofSeconds(10)).until(() -> member.statistics().messagesReceived() >= 2);
			}
		}
	}

	/** What the listener did with a connection's first bytes. */
	enum Answer {

		WELCOME, REFUSE, CLOSED

	}

	/**
	 * Send the bytes, end our side, and read everything the listener sends until it closes.
	 * Every frame it sends must be well-formed and one a client may receive.
	 */
	private static Answer exchange(Path path, byte[] first) throws IOException {
		try (AFUNIXSocket socket = AFUNIXSocket.newInstance()) {
			socket.connect(AFUNIXSocketAddress.of(path.toFile()));
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			try {
				socket.getOutputStream().write(first);
				socket.shutdownOutput();
			}
			catch (SocketException closedAlready) {
				// the listener closed on the first bytes: what it sent before is still readable
			}
			byte[] received = readUntilClosed(socket.getInputStream());
			return judge(received, first);
		}
	}

	private static byte[] readUntilClosed(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				out.write(buffer, 0, n);
			}
		}
		catch (SocketException reset) {
			// the listener closed with our bytes unread: the kernel resets instead of ending the stream
		}
		return out.toByteArray();
	}

	private static Answer judge(byte[] received, byte[] sent) {
		ByteBuffer in = ByteBuffer.wrap(received);
		Answer answer = Answer.CLOSED;
		while (in.hasRemaining()) {
			if (in.remaining() < 4 || in.remaining() - 4 < in.getInt(in.position())) {
				fail("a partial frame came back for " + describe(sent) + ": " + describe(received));
			}
			byte[] body = new byte[in.getInt()];
			in.get(body);
			BusFrame frame;
			try {
				frame = BusFrameCodec.decode(body);
			}
			catch (MalformedFrameException ex) {
				throw new AssertionError("the listener sent a malformed frame for " + describe(sent), ex);
			}
			if (frame instanceof BusFrame.Welcome) {
				answer = Answer.WELCOME;
			}
			else if (frame instanceof BusFrame.Refuse) {
				answer = Answer.REFUSE;
			}
			else if (!(frame instanceof BusFrame.Joined || frame instanceof BusFrame.Left
					|| frame instanceof BusFrame.Bye || frame instanceof BusFrame.Data)) {
				fail("the listener sent " + frame + " for " + describe(sent));
			}
		}
		return answer;
	}

	/** A Hello (good or not), a damaged Hello, or any bytes; framed as the protocol says, or not. */
	private static byte[] firstBytes(Random random) {
		byte[] body = switch (random.nextInt(4)) {
			case 0 -> hello(random);
			case 1 -> damage(random, hello(random));
			case 2 -> damage(random, RawClient.message("x", 1, new byte[random.nextInt(16)]));
			default -> {
				byte[] any = new byte[random.nextInt(48)];
				random.nextBytes(any);
				yield any;
			}
		};
		return (random.nextInt(5) == 0) ? body : frame(body);
	}

	private static byte[] frame(byte[] body) {
		return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
	}

	private static byte[] hello(Random random) {
		String application = (random.nextInt(4) == 0) ? "other-app" : "application";
		int version = (random.nextInt(4) == 0) ? random.nextInt(256) : 1;
		String id = switch (random.nextInt(6)) {
			case 0 -> "taken";
			case 1 -> "";
			default -> "fuzz-" + random.nextInt(1_000_000);
		};
		return RawClient.hello(application, version, id);
	}

	private static byte[] damage(Random random, byte[] bytes) {
		byte[] damaged = bytes.clone();
		switch (random.nextInt(4)) {
			case 0 -> damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
			case 1 -> damaged = java.util.Arrays.copyOf(damaged, random.nextInt(damaged.length));
			case 2 -> damaged = java.util.Arrays.copyOf(damaged, damaged.length + 1 + random.nextInt(8));
			default -> ByteBuffer.wrap(damaged).putShort(2 + random.nextInt(damaged.length - 3), (short) 0xFFFF);
		}
		return damaged;
	}

	private static String describe(byte[] bytes) {
		return bytes.length + " bytes " + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64))
				+ " (seed " + SEED + ")";
	}

}
