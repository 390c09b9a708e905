package dev.ipcsocket.bus;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.ipcsocket.IpcPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded, time-bounded fuzzing of {@link BusFrameCodec#decode(byte[])}: any bytes give a frame
 * or a {@link MalformedFrameException}, never another exception and never an allocation out of
 * proportion to the input; valid frames survive a round trip unchanged.
 * <p>
 * A plain JUnit loop rather than jqwik: jqwik's releases (up to 1.10.1) run on JUnit Platform
 * 1.x, while Spring Boot 4.0.7 manages JUnit Platform 6.0.3, and jqwik's authors ask that it not
 * be used by AI coding agents. Each test runs for {@code ipc.fuzz.millis} (2 s by default, 30 s
 * with {@code -Pstress}); a failure prints the seed, and {@code -Dipc.fuzz.seed=...} replays it.
 * <p>
 * Allocation, by design: the decoder allocates a string only after checking its byte count
 * against the bytes left, a member list only after checking 26 bytes per announced member, and
 * the payload from what is left; so everything it allocates is proportional to the input. The
 * tests measure it with the JVM's per-thread allocation counter.
 */
class BusFrameCodecFuzzTests {

	private static final long MILLIS = Long.getLong("ipc.fuzz.millis", 2000);

	private static final long SEED = Long.getLong("ipc.fuzz.seed", System.nanoTime());

	/** Per decode: the input's size several times over (UTF-16 strings, lists) plus a fixed allowance for an exception. */
	private static final long ALLOCATION_FACTOR = 8;

	private static final long ALLOCATION_ALLOWANCE = 32 * 1024;

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	@Test
	void validFramesSurviveARoundTripUnchanged() throws MalformedFrameException {
		Random random = new Random(SEED);
		long deadline = System.nanoTime() + MILLIS * 1_000_000;
		int frames = 0;
		while (System.nanoTime() < deadline) {
			BusFrame frame = randomFrame(random);
			byte[] encoded = BusFrameCodec.encode(frame);
			BusFrame decoded = decode(encoded);
			if (!sameFrame(decoded, frame)) {
				fail("decoded " + decoded + " from " + describe(encoded) + ", encoded from " + frame);
			}
			assertThat(BusFrameCodec.encode(decoded)).as(describe(encoded)).isEqualTo(encoded);
			frames++;
		}
		System.out.println("Round trip: " + frames + " frames in " + MILLIS + " ms, seed " + SEED);
		assertThat(frames).isPositive();
	}

	@Test
	void anyBytesDecodeToAFrameOrAMalformedFrameExceptionWithinBoundedAllocation() {
		Random random = new Random(SEED + 1);
		warmUp(random);
		long deadline = System.nanoTime() + MILLIS * 1_000_000;
		int inputs = 0;
		int malformed = 0;
		while (System.nanoTime() < deadline) {
			byte[] input = (random.nextInt(4) == 0) ? randomBytes(random) : mutate(random, randomFrame(random));
			Decoded decoded = decodeMeasured(input);
			if (decoded.failure() instanceof MalformedFrameException) {
				malformed++;
			}
			else if (decoded.failure() != null) {
				fail("undeclared " + decoded.failure() + " for " + describe(input), decoded.failure());
			}
			long bound = ALLOCATION_FACTOR * input.length + ALLOCATION_ALLOWANCE;
			// the first time an error message is built links its string concatenation: measure again
			if (decoded.allocated() > bound && decodeMeasured(input).allocated() > bound) {
				fail(decoded.allocated() + " bytes allocated decoding " + describe(input));
			}
			inputs++;
		}
		System.out.println("Decoded " + inputs + " fuzzed inputs (" + malformed + " malformed) in " + MILLIS
				+ " ms, seed " + SEED);
		assertThat(malformed).isPositive().isLessThan(inputs);
	}

	@Test
	void hugeCountsInSmallFramesAreRejectedBeforeAnythingIsAllocatedForThem() {
		byte[] manyMembers = { 1, 2, (byte) 0xFF, (byte) 0xFF, 0, 1, 'x' };
		byte[] longString = { 1, 3, (byte) 0xFF, (byte) 0xFF, 'x' };
		byte[] longOrigin = { 1, 7, 0, (byte) 0xFF, (byte) 0xFF };
		byte[] longHelloId = { 1, 1, 0, 0, 1, (byte) 0xFF, (byte) 0xFF };
		warmUp(new Random(SEED));
		for (byte[] input : List.of(manyMembers, longString, longOrigin, longHelloId)) {
			Decoded decoded = decodeMeasured(input);
			assertThat(decoded.failure()).as(describe(input)).isInstanceOf(MalformedFrameException.class);
			assertThat(decoded.allocated()).as(describe(input)).isLessThan(ALLOCATION_ALLOWANCE);
		}
	}

	/** Decode and count the bytes this thread allocated doing it, and nothing else. */
	private static Decoded decodeMeasured(byte[] input) {
		Throwable failure = null;
		long before = THREADS.getCurrentThreadAllocatedBytes();
		try {
			BusFrameCodec.decode(input);
		}
		catch (Throwable ex) {
			failure = ex;
		}
		return new Decoded(THREADS.getCurrentThreadAllocatedBytes() - before, failure);
	}

	/** Load and initialise what decoding and its exceptions need, so that only decoding is measured. */
	private static void warmUp(Random random) {
		for (int i = 0; i < 2000; i++) {
			decodeMeasured(mutate(random, randomFrame(random)));
			decodeMeasured(randomBytes(random));
		}
	}

	private static boolean sameFrame(BusFrame decoded, BusFrame expected) {
		if (decoded instanceof BusFrame.Data data && expected instanceof BusFrame.Data other) {
			return data.kind() == other.kind() && data.origin().equals(other.origin())
					&& data.target().equals(other.target()) && data.sequence() == other.sequence()
					&& data.correlation() == other.correlation() && data.type().equals(other.type())
					&& java.util.Arrays.equals(data.payload(), other.payload());
		}
		return decoded.equals(expected);
	}

	private record Decoded(long allocated, Throwable failure) {
	}

	private static BusFrame decode(byte[] encoded) throws MalformedFrameException {
		return BusFrameCodec.decode(encoded);
	}

	private static String describe(byte[] input) {
		String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, 96));
		return input.length + " bytes " + hex + ((input.length > 96) ? "..." : "") + " (seed " + SEED + ")";
	}

	static BusFrame randomFrame(Random random) {
		return switch (random.nextInt(8)) {
			case 0 -> new BusFrame.Hello(string(random), random.nextInt(256), string(random));
			case 1 -> new BusFrame.Welcome(members(random));
			case 2 -> new BusFrame.Refuse(string(random));
			case 3 -> new BusFrame.Joined(member(random));
			case 4 -> new BusFrame.Left(string(random), random.nextBoolean());
			case 5 -> new BusFrame.Bye();
			case 6 -> new BusFrame.Confirmed(random.nextLong());
			default -> new BusFrame.Data(BusFrame.Kind.values()[random.nextInt(3)], string(random), string(random),
					random.nextLong(), random.nextLong(), string(random), bytes(random));
		};
	}

	private static List<IpcPeer> members(Random random) {
		int count = (random.nextInt(20) == 0) ? random.nextInt(300) : random.nextInt(5);
		List<IpcPeer> members = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			members.add(member(random));
		}
		return members;
	}

	private static IpcPeer member(Random random) {
		return new IpcPeer(string(random), random.nextLong(), random.nextLong(), random.nextLong());
	}

	/** Any string of valid code points, ASCII mostly, now and then long or far outside ASCII. */
	private static String string(Random random) {
		int length = (random.nextInt(50) == 0) ? random.nextInt(3000) : random.nextInt(24);
		StringBuilder value = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			int codePoint = switch (random.nextInt(8)) {
				case 0 -> random.nextInt(0xD800);
				case 1 -> 0xE000 + random.nextInt(0x110000 - 0xE000);
				default -> 0x20 + random.nextInt(0x5F);
			};
			value.appendCodePoint(codePoint);
		}
		return value.toString();
	}

	private static byte[] bytes(Random random) {
		byte[] bytes = new byte[(random.nextInt(20) == 0) ? random.nextInt(65536) : random.nextInt(64)];
		random.nextBytes(bytes);
		return bytes;
	}

	private static byte[] randomBytes(Random random) {
		byte[] bytes = new byte[random.nextInt(80)];
		random.nextBytes(bytes);
		if (bytes.length > 0 && random.nextBoolean()) {
			bytes[0] = 1;
		}
		return bytes;
	}

	/** A valid frame, damaged: bits flipped, cut short, lengthened, or a count set to its maximum. */
	static byte[] mutate(Random random, BusFrame frame) {
		byte[] bytes = BusFrameCodec.encode(frame);
		switch (random.nextInt(5)) {
			case 0 -> {
				for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
					int at = random.nextInt(bytes.length);
					bytes[at] ^= (byte) (1 << random.nextInt(8));
				}
				return bytes;
			}
			case 1 -> {
				byte[] cut = new byte[random.nextInt(bytes.length + 1)];
				System.arraycopy(bytes, 0, cut, 0, cut.length);
				return cut;
			}
			case 2 -> {
				byte[] longer = new byte[bytes.length + 1 + random.nextInt(16)];
				System.arraycopy(bytes, 0, longer, 0, bytes.length);
				return longer;
			}
			case 3 -> {
				if (bytes.length >= 4) {
					ByteBuffer.wrap(bytes).putShort(2 + random.nextInt(bytes.length - 3), (short) 0xFFFF);
				}
				return bytes;
			}
			default -> {
				bytes[1] = (byte) random.nextInt(256);
				return bytes;
			}
		}
	}

}
