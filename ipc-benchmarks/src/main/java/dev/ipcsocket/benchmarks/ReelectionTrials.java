package dev.ipcsocket.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import dev.ipcsocket.IpcConnectedEvent;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

/**
 * Re-election after {@code kill -9} of the listener: a listener in a JVM of its own
 * ({@link ReelectionListener}) and two clients in this JVM; the listener is killed and the time
 * runs from the kill until both survivors are connected again, one listening and the other
 * connected to it (the later of their two {@link IpcConnectedEvent}s). A fresh listener JVM per
 * round; its start-up is not timed.
 */
final class ReelectionTrials {

	private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final Histogram times = new Histogram(HIGHEST_NANOS, 3);

	private final List<String> javaCommand;

	ReelectionTrials(List<String> javaOptions) {
		this.javaCommand = new ArrayList<>();
		this.javaCommand.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		this.javaCommand.addAll(javaOptions);
		this.javaCommand.addAll(List.of("-cp", System.getProperty("java.class.path"), ReelectionListener.class.getName()));
	}

	void run(Path work, int rounds, Map<String, String> results) throws IOException, InterruptedException {
		for (int round = 0; round < rounds; round++) {
			Path directory = Files.createDirectory(work.resolve("reelection-" + round),
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			this.times.recordValue(round(directory.resolve("s.sock")));
		}
		results.put("reelection.n", String.valueOf(this.times.getTotalCount()));
		results.put("reelection.p50", String.valueOf(this.times.getValueAtPercentile(50)));
		results.put("reelection.p99", String.valueOf(this.times.getValueAtPercentile(99)));
		results.put("reelection.max", String.valueOf(this.times.getMaxValue()));
	}

	private long round(Path path) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(this.javaCommand);
		command.add(path.toString());
		Process listener = new ProcessBuilder(command).redirectErrorStream(true).start();
		List<UnixDomainIPCSocket> survivors = new ArrayList<>();
		try {
			awaitReady(listener);
			AtomicLong killed = new AtomicLong(Long.MAX_VALUE);
			AtomicLong back = new AtomicLong();
			CountDownLatch bothBack = new CountDownLatch(2);
			for (int i = 0; i < 2; i++) {
				UnixDomainIPCSocket survivor = new UnixDomainIPCSocket(IpcSocketSettings.of(path));
				survivor.addListener((event) -> {
					if (event instanceof IpcConnectedEvent && System.nanoTime() > killed.get()) {
						back.accumulateAndGet(System.nanoTime(), Math::max);
						bothBack.countDown();
					}
				});
				survivors.add(survivor);
				if (survivor.start() != IpcRole.CLIENT) {
					throw new IllegalStateException("a survivor did not join the listener in its JVM");
				}
			}
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (survivors.stream().anyMatch((survivor) -> survivor.peers().size() < 2)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("the survivors did not see each other within " + WAIT);
				}
				Thread.onSpinWait();
			}
			killed.set(System.nanoTime());
			listener.destroyForcibly();
			if (!bothBack.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("no re-election within " + WAIT);
			}
			return back.get() - killed.get();
		}
		finally {
			listener.destroyForcibly();
			survivors.forEach(UnixDomainIPCSocket::close);
		}
	}

	private static void awaitReady(Process listener) throws IOException {
		BufferedReader lines = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
		for (String line = lines.readLine(); line != null; line = lines.readLine()) {
			if (line.startsWith(Peer.READY)) {
				if (!line.contains("role=LISTENER")) {
					throw new IllegalStateException("the listener JVM did not listen: " + line);
				}
				drain(lines);
				return;
			}
		}
		throw new IllegalStateException("the listener JVM ended before it listened");
	}

	/** Read what the listener JVM prints until it dies, so that it never blocks on a full pipe. */
	private static void drain(BufferedReader lines) {
		Thread reader = new Thread(() -> {
			try {
				while (lines.readLine() != null) {
					// discarded
				}
			}
			catch (IOException ex) {
				// the process is gone
			}
		}, "bench-reelection-output");
		reader.setDaemon(true);
		reader.start();
	}

}
