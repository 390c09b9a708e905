package dev.ipcsocket.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Starts the serving and the driving process of each subject, optionally both pinned to one CPU,
 * and collects the driver's {@code BENCH RESULT} line. Every wait is bounded; a process that
 * outlives its bound is killed and the subject reported as failed. Everything the processes print
 * goes to a log file.
 */
final class PeerProcesses {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration SERVER_EXIT_TIMEOUT = Duration.ofSeconds(15);

	private final BenchmarkPlan plan;

	private final Path workDirectory;

	private final PrintWriter log;

	private final List<String> javaOptions;

	private final @Nullable Path cFloor;

	PeerProcesses(BenchmarkPlan plan, Path workDirectory, PrintWriter log, List<String> javaOptions,
			@Nullable Path cFloor) {
		this.plan = plan;
		this.workDirectory = workDirectory;
		this.log = log;
		this.javaOptions = javaOptions;
		this.cFloor = cFloor;
	}

	/**
	 * Run one subject's pair of processes.
	 * @param subject the subject
	 * @param cpu the CPU to pin both to, or {@code null} to leave them to the scheduler
	 * @return the driver's results, with an {@code error} entry if the run failed
	 */
	Map<String, String> run(Subject subject, @Nullable Integer cpu) {
		Map<String, String> failed = new LinkedHashMap<>();
		failed.put("subject", subject.id());
		Process server = null;
		Process driver = null;
		try {
			// a fresh directory per run: a subject runs once per round
			Path directory = Files.createTempDirectory(this.workDirectory,
					subject.id() + ((cpu != null) ? "-pinned-" : "-"),
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			Path socket = directory.resolve("s.sock");
			String label = subject.id() + ((cpu != null) ? " pinned" : " unpinned");
			BlockingQueue<String> serverLines = new LinkedBlockingQueue<>();
			server = start(command(subject, "serve", socket.toString(), cpu), label + " serve", serverLines);
			String ready = awaitLine(serverLines, Peer.READY, READY_TIMEOUT);
			if (ready == null) {
				failed.put("error", "server-not-ready");
				return failed;
			}
			String address = (subject == Subject.JDK_TCP) ? ready.replaceAll(".*port=(\\d+).*", "$1") : socket.toString();
			BlockingQueue<String> driverLines = new LinkedBlockingQueue<>();
			driver = start(command(subject, "drive", address, cpu), label + " drive", driverLines);
			Duration budget = this.plan.phaseTimeout().multipliedBy(12).plusSeconds(30);
			String result = awaitLine(driverLines, Peer.RESULT, budget);
			if (result == null) {
				failed.put("error", driver.isAlive() ? "driver-timeout" : "driver-exit-" + driver.waitFor());
				return failed;
			}
			if (!driver.waitFor(30, TimeUnit.SECONDS)) {
				this.log.println("[" + label + "] driver did not exit after its result; killed");
			}
			if (!server.waitFor(SERVER_EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				this.log.println("[" + label + "] server did not exit after the run; killed");
			}
			return parse(result);
		}
		catch (IOException ex) {
			failed.put("error", ex.getClass().getSimpleName());
			this.log.println("[" + subject.id() + "] " + ex);
			return failed;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			failed.put("error", "interrupted");
			return failed;
		}
		finally {
			destroy(driver);
			destroy(server);
			this.log.flush();
		}
	}

	private static void destroy(@Nullable Process process) {
		if (process != null && process.isAlive()) {
			process.destroyForcibly();
			try {
				process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private List<String> command(Subject subject, String role, String address, @Nullable Integer cpu) {
		List<String> command = new ArrayList<>();
		if (cpu != null) {
			command.addAll(List.of("taskset", "-c", String.valueOf(cpu)));
		}
		if (subject == Subject.C_FLOOR) {
			if (this.cFloor == null) {
				throw new IllegalStateException("the C floor was not compiled");
			}
			command.add(this.cFloor.toString());
		}
		else {
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(this.javaOptions);
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), Peer.class.getName()));
		}
		command.add(role);
		if (subject != Subject.C_FLOOR) {
			command.add(subject.id());
		}
		command.add(address);
		command.addAll(this.plan.toArguments());
		return command;
	}

	private Process start(List<String> command, String label, BlockingQueue<String> benchLines) throws IOException {
		this.log.println("[" + label + "] " + String.join(" ", command));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (line.startsWith("BENCH ")) {
						benchLines.add(line);
					}
					synchronized (this.log) {
						this.log.println("[" + label + "] " + line);
					}
				}
			}
			catch (IOException ex) {
				// the process is gone; its exit is handled by the caller
			}
		}, "bench-output-" + label);
		reader.setDaemon(true);
		reader.start();
		return process;
	}

	private static @Nullable String awaitLine(BlockingQueue<String> lines, String prefix, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (line == null) {
				return null;
			}
			if (line.startsWith(prefix)) {
				return line;
			}
		}
	}

	static Map<String, String> parse(String resultLine) {
		Map<String, String> results = new LinkedHashMap<>();
		for (String field : resultLine.substring(Peer.RESULT.length()).trim().split("\\s+")) {
			int equals = field.indexOf('=');
			if (equals > 0) {
				results.put(field.substring(0, equals), field.substring(equals + 1));
			}
		}
		return results;
	}

}
