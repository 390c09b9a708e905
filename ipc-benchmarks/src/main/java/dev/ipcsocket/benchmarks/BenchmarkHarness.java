package dev.ipcsocket.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Runs every subject side by side in one run, pinned to one CPU first (when {@code taskset}
 * exists and the plan or {@code --pinned} asks for it) and then unpinned, then JMH for bytes
 * allocated per operation, and prints and writes one report. Exits non-zero only if a subject
 * crashed or hung, never because of its figures.
 * With {@code --rounds N} every subject runs N times per pinning, in turn with the others (round
 * 1 of each, then round 2, ...), and the report gives the median of the rounds: the raw baseline
 * drifts between runs on a shared machine, and a ratio taken within each round and then
 * summarised says more than one run does.
 * <p>
 * Usage: {@code BenchmarkHarness quick|full|smoke [--out FILE] [--subjects a,b] [--no-jmh]
 * [--pinned | --unpinned-only] [--rounds N]}. Extra JVM options for the peers (e.g. a JFR
 * recording) come from the system property {@code bench.peerJvmOptions}.
 */
public final class BenchmarkHarness {

	private static final List<String> PEER_JVM_OPTIONS = List.of("-Xms256m", "-Xmx256m");

	private BenchmarkHarness() {
	}

	public static void main(String[] args) throws Exception {
		List<String> arguments = new ArrayList<>(Arrays.asList(args));
		BenchmarkPlan plan = BenchmarkPlan.named(arguments.isEmpty() ? "quick" : arguments.remove(0));
		Path out = Path.of(option(arguments, "--out", "ipc-benchmarks/target/benchmarks/results-" + plan.name() + ".md"));
		List<Subject> subjects = Arrays.stream(option(arguments, "--subjects", allSubjectIds()).split(","))
			.map(Subject::of)
			.toList();
		boolean jmh = !arguments.remove("--no-jmh") && !plan.jmhArguments().isEmpty();
		boolean pinnedAsked = arguments.remove("--pinned");
		boolean unpinnedOnly = arguments.remove("--unpinned-only");
		if (pinnedAsked && unpinnedOnly) {
			throw new IllegalArgumentException("--pinned and --unpinned-only exclude each other");
		}
		boolean pinned = pinnedAsked || (plan.pinnedPass() && !unpinnedOnly);
		int rounds = Integer.parseInt(option(arguments, "--rounds", "1"));
		if (rounds < 1) {
			throw new IllegalArgumentException("--rounds must be 1 or more, not " + rounds);
		}
		if (!arguments.isEmpty()) {
			throw new IllegalArgumentException("unknown arguments " + arguments);
		}
		int exit = run(plan, out, subjects, jmh, pinned, rounds) ? 0 : 1;
		System.exit(exit);
	}

	/**
	 * Run the benchmarks and write the report.
	 * @param pinned whether to run every subject pinned to one CPU too, before the unpinned pass
	 * @param rounds how many times each subject runs per pinning, in turn with the others
	 * @return {@code true} if every subject produced its figures
	 */
	static boolean run(BenchmarkPlan plan, Path out, List<Subject> subjects, boolean jmh, boolean pinned,
			int rounds) throws IOException, InterruptedException {
		long started = System.nanoTime();
		Files.createDirectories(out.toAbsolutePath().getParent());
		Path logFile = out.resolveSibling(out.getFileName() + ".log");
		Path work = Files.createTempDirectory("ipc-bench-");
		List<String> peerOptions = new ArrayList<>(PEER_JVM_OPTIONS);
		if (plan.equals(BenchmarkPlan.SMOKE)) {
			// the smoke plan measures nothing: start the JVMs faster
			peerOptions.add("-XX:TieredStopAtLevel=1");
		}
		String extra = System.getProperty("bench.peerJvmOptions", "").trim();
		if (!extra.isEmpty()) {
			peerOptions.addAll(Arrays.asList(extra.split("\\s+")));
		}
		Report report = new Report("# ipc-benchmarks, " + plan.name() + " run, "
				+ ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\n\n" + machine());
		try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
			Path cFloor = subjects.contains(Subject.C_FLOOR) ? compileCFloor(work, log, report) : null;
			PeerProcesses processes = new PeerProcesses(plan, work, log, peerOptions, cFloor);
			Map<String, @Nullable Integer> pinnings = new LinkedHashMap<>();
			Integer cpu = pinned ? pinningCpu() : null;
			if (cpu != null) {
				pinnings.put("pinned (taskset -c " + cpu + ": both processes on one CPU)", cpu);
			}
			else if (pinned) {
				report.note("taskset not found: no pinned run");
			}
			pinnings.put("unpinned", null);
			pinnings.forEach((label, pin) -> {
				for (int round = 1; round <= rounds; round++) {
					for (Subject subject : subjects) {
						if (subject == Subject.C_FLOOR && cFloor == null) {
							continue;
						}
						System.err.printf("%s: %s%s ...%n", label.replaceAll(" \\(.*", ""), subject.id(),
								(rounds > 1) ? " (round " + round + " of " + rounds + ")" : "");
						report.add(label, subject, processes.run(subject, pin));
					}
				}
			});
			if (subjects.contains(Subject.CORE_API)) {
				System.err.println("re-election after kill -9 ...");
				Map<String, String> reelection = new LinkedHashMap<>();
				try {
					new ReelectionTrials(peerOptions).run(work, reelectionRounds(plan), reelection);
				}
				catch (RuntimeException ex) {
					reelection.put("error", String.valueOf(ex.getMessage()));
					log.println("[re-election] " + ex);
				}
				report.addReelection(reelection);
			}
			if (jmh) {
				System.err.println("JMH with -prof gc ...");
				try {
					report.addAllocations(JmhRun.run(plan.jmhArguments(), work, log, List.of("-Xms512m", "-Xmx512m")));
				}
				catch (IOException ex) {
					report.note("JMH failed: " + ex.getMessage());
				}
			}
			report.note("load average at end: " + loadAverage());
			report.note("the run took " + Duration.ofNanos(System.nanoTime() - started).toSeconds()
					+ " s (the build before it not counted)");
			report.note("peer JVM options: " + String.join(" ", peerOptions) + "; plan: " + plan + "; rounds: "
					+ rounds);
			report.note("process output: " + logFile);
		}
		finally {
			deleteRecursively(work);
		}
		String markdown = report.markdown();
		Files.writeString(out, markdown, StandardCharsets.UTF_8);
		System.out.println(markdown);
		System.out.println("Written to " + out);
		return !report.hasFailures();
	}

	/** Listener kills per run: a fresh listener JVM each, so few in the quick runs. */
	private static int reelectionRounds(BenchmarkPlan plan) {
		return switch (plan.name()) {
			case "full" -> 30;
			case "quick" -> 5;
			default -> 1;
		};
	}

	private static String option(List<String> arguments, String name, String fallback) {
		int index = arguments.indexOf(name);
		if (index < 0 || index + 1 >= arguments.size()) {
			return fallback;
		}
		String value = arguments.get(index + 1);
		arguments.subList(index, index + 2).clear();
		return value;
	}

	private static String allSubjectIds() {
		return String.join(",", Arrays.stream(Subject.values()).map(Subject::id).toList());
	}

	/** CPU 1 as the findings use, or 0 on a one-CPU machine; null without taskset. */
	private static @Nullable Integer pinningCpu() {
		if (!onPath("taskset")) {
			return null;
		}
		return (Runtime.getRuntime().availableProcessors() > 1) ? 1 : 0;
	}

	static boolean onPath(String program) {
		String path = System.getenv("PATH");
		return path != null && Arrays.stream(path.split(":")).anyMatch((dir) -> Files.isExecutable(Path.of(dir, program)));
	}

	private static @Nullable Path compileCFloor(Path work, PrintWriter log, Report report)
			throws IOException, InterruptedException {
		if (!onPath("gcc")) {
			report.note("C floor skipped: gcc not found");
			return null;
		}
		Path source = work.resolve("uds_floor.c");
		try (InputStream in = BenchmarkHarness.class.getResourceAsStream("uds_floor.c")) {
			if (in == null) {
				throw new IOException("uds_floor.c is missing from the classpath");
			}
			Files.copy(in, source);
		}
		Path binary = work.resolve("uds_floor");
		Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), source.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
			gcc.destroyForcibly();
			log.println("[gcc] " + output);
			report.note("C floor skipped: gcc failed (see the log)");
			return null;
		}
		return binary;
	}

	private static String machine() {
		String cpuModel = "unknown";
		try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
			cpuModel = lines.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.replaceFirst("^[^:]*:\\s*", ""))
				.findFirst()
				.orElse(cpuModel);
		}
		catch (IOException ex) {
			// not Linux: leave it unknown
		}
		return "Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel + "), "
				+ System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
				+ System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.name") + ", "
				+ System.getProperty("java.vendor") + "). Load average at start: " + loadAverage()
				+ " (other work on the machine skews every figure; compare ratios within one run).";
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
