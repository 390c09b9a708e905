package dev.ipcsocket.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import dev.ipcsocket.IpcConnectedEvent;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.transport.UnixDomainIPCSocket;

/**
 * Times the connect-or-listen handshake inside one JVM (JVM start excluded): from
 * {@code start()} to the {@link IpcConnectedEvent} for a newcomer beside a live listener, and
 * from {@code start()} to listening on a fresh path. Sockets are closed on another thread, so
 * that their close time (timed as well) does not delay the next trial.
 */
final class ElectionTrials {

	private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

	private static final Duration CONNECT_WAIT = Duration.ofSeconds(5);

	private final Histogram asClient = new Histogram(HIGHEST_NANOS, 3);

	private final Histogram asListener = new Histogram(HIGHEST_NANOS, 3);

	private final Histogram close = new Histogram(HIGHEST_NANOS, 3);

	private final ExecutorService closer = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "bench-closer");
		thread.setDaemon(true);
		return thread;
	});

	void run(Path livePath, Path scratch, int trials, Map<String, String> results) throws Exception {
		Files.createDirectories(scratch);
		for (int i = 0; i < trials; i++) {
			UnixDomainIPCSocket socket = new UnixDomainIPCSocket(settings(livePath));
			CountDownLatch connected = new CountDownLatch(1);
			socket.addListener((event) -> {
				if (event instanceof IpcConnectedEvent) {
					connected.countDown();
				}
			});
			long started = System.nanoTime();
			socket.start();
			if (!connected.await(CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw DriverLink.timedOut("a connect in election trial " + i, CONNECT_WAIT);
			}
			this.asClient.recordValue(System.nanoTime() - started);
			closeLater(socket);
		}
		for (int i = 0; i < trials; i++) {
			UnixDomainIPCSocket socket = new UnixDomainIPCSocket(settings(scratch.resolve("e" + i + ".sock")));
			long started = System.nanoTime();
			IpcRole role = socket.start();
			this.asListener.recordValue(System.nanoTime() - started);
			if (role != IpcRole.LISTENER) {
				throw new IllegalStateException("a fresh path made this socket a " + role);
			}
			closeLater(socket);
		}
		this.closer.shutdown();
		this.closer.awaitTermination(trials * 2L, TimeUnit.SECONDS);
		put(results, "election.client", this.asClient);
		put(results, "election.listener", this.asListener);
		synchronized (this.close) {
			put(results, "close", this.close);
		}
	}

	private static IpcSocketSettings settings(Path path) {
		return IpcSocketSettings.of(path);
	}

	private void closeLater(UnixDomainIPCSocket socket) {
		this.closer.execute(() -> {
			long started = System.nanoTime();
			socket.close();
			synchronized (this.close) {
				this.close.recordValue(System.nanoTime() - started);
			}
		});
	}

	private static void put(Map<String, String> results, String name, Histogram histogram) {
		results.put(name + ".n", String.valueOf(histogram.getTotalCount()));
		results.put(name + ".p50", String.valueOf(histogram.getValueAtPercentile(50)));
		results.put(name + ".p99", String.valueOf(histogram.getValueAtPercentile(99)));
		results.put(name + ".max", String.valueOf(histogram.getMaxValue()));
	}

}
