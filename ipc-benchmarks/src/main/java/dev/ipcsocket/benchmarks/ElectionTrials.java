package dev.ipcsocket.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.HdrHistogram.Histogram;

import dev.ipcsocket.IpcConnectedEvent;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

/**
 * Times the connect-or-listen handshake inside one JVM (JVM start excluded): from
 * {@code start()} to the {@link IpcConnectedEvent} for a newcomer beside a live listener, and
 * from {@code start()} to listening on a fresh path. Per role, a warm-up of handshakes runs
 * first, as every other phase has one: the timed figures are those of a warm JVM, and the
 * warm-up's own times, from the first (cold) handshake on, are reported beside them. Each socket
 * is closed before the next handshake starts, so that no close of the harness's competes with
 * the handshake being timed for the CPUs; the close is timed on its own.
 */
final class ElectionTrials {

	private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

	private static final Duration CONNECT_WAIT = Duration.ofSeconds(5);

	private final Histogram close = new Histogram(HIGHEST_NANOS, 3);

	void run(Path livePath, Path scratch, int warmup, int trials, Map<String, String> results) throws Exception {
		Files.createDirectories(scratch);
		time("election.client", warmup, trials, (i) -> connect(livePath, i), results);
		time("election.listener", warmup, trials, (i) -> listen(scratch.resolve("e" + i + ".sock")), results);
		put(results, "close", this.close);
	}

	private static void time(String key, int warmup, int trials, Trial trial, Map<String, String> results)
			throws Exception {
		Histogram timed = new Histogram(HIGHEST_NANOS, 3);
		Histogram warming = new Histogram(HIGHEST_NANOS, 3);
		for (int i = 0; i < warmup + trials; i++) {
			long took = trial.run(i);
			if (i == 0) {
				results.put(key + ".first", String.valueOf(took));
			}
			((i < warmup) ? warming : timed).recordValue(took);
		}
		put(results, key, timed);
		put(results, key + ".warmup", warming);
	}

	private long connect(Path livePath, int trial) throws InterruptedException, TimeoutException {
		UnixDomainIPCSocket socket = new UnixDomainIPCSocket(IpcSocketSettings.of(livePath));
		CountDownLatch connected = new CountDownLatch(1);
		socket.addListener((event) -> {
			if (event instanceof IpcConnectedEvent) {
				connected.countDown();
			}
		});
		long started = System.nanoTime();
		socket.start();
		if (!connected.await(CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
			throw DriverLink.timedOut("a connect in election trial " + trial, CONNECT_WAIT);
		}
		long took = System.nanoTime() - started;
		close(socket);
		return took;
	}

	private long listen(Path freshPath) {
		UnixDomainIPCSocket socket = new UnixDomainIPCSocket(IpcSocketSettings.of(freshPath));
		long started = System.nanoTime();
		IpcRole role = socket.start();
		long took = System.nanoTime() - started;
		if (role != IpcRole.LISTENER) {
			throw new IllegalStateException("a fresh path made this socket a " + role);
		}
		close(socket);
		return took;
	}

	private void close(UnixDomainIPCSocket socket) {
		long started = System.nanoTime();
		socket.close();
		this.close.recordValue(System.nanoTime() - started);
	}

	private static void put(Map<String, String> results, String name, Histogram histogram) {
		results.put(name + ".n", String.valueOf(histogram.getTotalCount()));
		results.put(name + ".p50", String.valueOf(histogram.getValueAtPercentile(50)));
		results.put(name + ".p99", String.valueOf(histogram.getValueAtPercentile(99)));
		results.put(name + ".max", String.valueOf(histogram.getMaxValue()));
	}

	/** One handshake, returning how long it took in nanoseconds. */
	@FunctionalInterface
	private interface Trial {

		long run(int index) throws Exception;

	}

}
