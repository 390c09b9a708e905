package dev.ipcsocket.benchmarks.uplink;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Both ends of a ping/pong, whatever carries it: the pinging side sends {@code ping <n>} padded to
 * the payload size and waits for {@code pong <n>}; the ponging side answers each ping. Until the
 * first pong arrives the pinger repeats ping 0 (bindings and queues appear in the background), so
 * it ignores pongs with a number it is not waiting for. Every wait is bounded.
 */
public final class RoundTrips {

	/** The line a pinging peer prints on standard output when it is done. */
	public static final String RESULT = "UPLINK-BENCH RESULT";

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(150);

	private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

	private final BlockingQueue<String> pongs = new ArrayBlockingQueue<>(4096);

	private final int payloadSize;

	public RoundTrips(int payloadSize) {
		this.payloadSize = payloadSize;
	}

	/**
	 * A message arrived: a pinging side queues its pongs, a ponging side answers its pings.
	 * @param payload the message
	 * @param send sends a reply
	 */
	public void received(byte[] payload, Consumer<byte[]> send) {
		String text = new String(payload, StandardCharsets.UTF_8);
		if (text.startsWith("pong ")) {
			this.pongs.offer(text);
		}
		else if (text.startsWith("ping ")) {
			send.accept(message("pong", number(text)));
		}
	}

	/**
	 * Ping until the first pong, then warm up and measure.
	 * @param send sends a ping
	 * @param warmup round trips not measured
	 * @param rounds round trips measured
	 * @return the {@link #RESULT} line
	 * @throws InterruptedException if interrupted
	 */
	public String ping(Consumer<byte[]> send, int warmup, int rounds) throws InterruptedException {
		long connectStarted = System.nanoTime();
		long deadline = connectStarted + CONNECT_TIMEOUT.toNanos();
		boolean connected = false;
		while (!connected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("no pong within " + CONNECT_TIMEOUT);
			}
			send.accept(message("ping", 0));
			connected = awaitPong(0, Duration.ofMillis(250)) != null;
		}
		long connectMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectStarted);
		long[] micros = new long[rounds];
		for (int i = 1; i <= warmup + rounds; i++) {
			long started = System.nanoTime();
			send.accept(message("ping", i));
			if (awaitPong(i, REPLY_TIMEOUT) == null) {
				throw new IllegalStateException("no pong " + i + " within " + REPLY_TIMEOUT);
			}
			if (i > warmup) {
				micros[i - warmup - 1] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started);
			}
		}
		return RESULT + " " + summary(micros) + String.format(Locale.ROOT, " first_pong_ms=%d", connectMillis);
	}

	/**
	 * Summarize round trips.
	 * @param micros round trips in microseconds
	 * @return {@code n=… p50_us=… p90_us=… p99_us=… max_us=…}
	 */
	public static String summary(long[] micros) {
		long[] sorted = micros.clone();
		Arrays.sort(sorted);
		return String.format(Locale.ROOT, "n=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d", sorted.length,
				percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
				(sorted.length > 0) ? sorted[sorted.length - 1] : 0);
	}

	static long percentile(long[] sorted, double percent) {
		if (sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	private @Nullable String awaitPong(int number, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
			String pong = this.pongs.poll(left, TimeUnit.NANOSECONDS);
			if (pong != null && number(pong) == number) {
				return pong;
			}
		}
		return null;
	}

	private byte[] message(String kind, int number) {
		StringBuilder text = new StringBuilder(kind).append(' ').append(number).append(' ');
		while (text.length() < this.payloadSize) {
			text.append('.');
		}
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static int number(String text) {
		int end = text.indexOf(' ', 5);
		return Integer.parseInt(text.substring(5, (end < 0) ? text.length() : end));
	}

}
