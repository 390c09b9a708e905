package dev.ipcsocket.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

/**
 * The run's tables in Markdown: every figure beside its ratio to raw JDK Unix domain sockets
 * measured in the same run and pinning, the election times, bytes allocated per operation, and
 * which of the targets were met. Informational only: nothing here fails the run.
 * <p>
 * When subjects ran in several rounds, a figure is the median of its rounds, and a ratio is the
 * median of the ratios taken within each round (each against the raw run of its own round), with
 * their range beside it; a target's verdict says in how many rounds it was met.
 */
final class Report {

	/** Results per pinning label ("pinned ..." first, then "unpinned"), per subject, one per round. */
	private final Map<String, Map<Subject, List<Map<String, String>>>> runs = new LinkedHashMap<>();

	private final List<JmhRun.Row> allocations = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	/** Re-election times, measured once per run (not per pinning). */
	private Map<String, String> reelection = Map.of();

	private final String heading;

	Report(String heading) {
		this.heading = heading;
	}

	/** Add one round's results of a subject; rounds are paired with the raw baseline's in order. */
	void add(String pinning, Subject subject, Map<String, String> results) {
		this.runs.computeIfAbsent(pinning, (key) -> new EnumMap<>(Subject.class))
			.computeIfAbsent(subject, (key) -> new ArrayList<>())
			.add(results);
	}

	void addReelection(Map<String, String> results) {
		this.reelection = results;
	}

	void addAllocations(List<JmhRun.Row> rows) {
		this.allocations.addAll(rows);
	}

	void note(String note) {
		this.notes.add(note);
	}

	/** Whether any subject failed to produce its figures. */
	boolean hasFailures() {
		return this.runs.values()
			.stream()
			.flatMap((bySubject) -> bySubject.values().stream())
			.flatMap(List::stream)
			.anyMatch((results) -> results.keySet().stream().anyMatch((key) -> key.endsWith("error")))
				|| this.reelection.containsKey("error");
	}

	String markdown() {
		StringBuilder out = new StringBuilder();
		out.append(this.heading).append("\n\n");
		out.append("× raw: ratio to raw JDK `SocketChannel` on a Unix domain socket (jdk-uds), same run, same pinning. ")
			.append("Latency: lower is better. Throughput (one way, one write per message): higher is better.\n");
		int rounds = rounds();
		if (rounds > 1) {
			out.append("\nEach subject ran ").append(rounds).append(" times per pinning, in turn with the others. ")
				.append("A figure is the median of its rounds; × raw is the median of the ratios taken within each ")
				.append("round, with their lowest and highest in brackets.\n");
		}
		this.runs.forEach((pinning, bySubject) -> table(out, pinning, bySubject));
		election(out);
		allocation(out);
		targets(out);
		if (!this.notes.isEmpty()) {
			out.append("\n## Notes\n\n");
			this.notes.forEach((note) -> out.append("- ").append(note).append('\n'));
		}
		return out.toString();
	}

	/** The most rounds any subject ran. */
	private int rounds() {
		return this.runs.values()
			.stream()
			.flatMap((bySubject) -> bySubject.values().stream())
			.mapToInt(List::size)
			.max()
			.orElse(0);
	}

	private void table(StringBuilder out, String pinning, Map<Subject, List<Map<String, String>>> bySubject) {
		List<Map<String, String>> raw = bySubject.getOrDefault(Subject.JDK_UDS, List.of());
		out.append("\n## Round trip (64 B) and one-way throughput, ").append(pinning).append("\n\n");
		out.append("| subject | RTT p50 µs | × raw | p99 µs | × raw | p99.9 µs | × raw | 64 B msg/s | × raw | 64 KiB MiB/s | × raw |\n");
		out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		bySubject.forEach((subject, rounds) -> {
			out.append("| ").append(subject.id());
			for (String key : List.of("rtt.p50", "rtt.p99", "rtt.p999")) {
				out.append(" | ").append(micros(median(rounds, key))).append(" | ").append(ratio(rounds, raw, key));
			}
			out.append(" | ").append(number(median(rounds, "t64.msgs"))).append(" | ").append(ratio(rounds, raw, "t64.msgs"));
			out.append(" | ").append(number(median(rounds, "t64k.mibs"))).append(" | ").append(ratio(rounds, raw, "t64k.mibs"));
			out.append(" |");
			String errors = errors(rounds);
			if (!errors.isEmpty()) {
				out.append(" failed: ").append(errors);
			}
			out.append('\n');
		});
		out.append('\n');
		bySubject.keySet().forEach((subject) -> out.append("- ").append(subject.id()).append(": ")
			.append(subject.description()).append('\n'));
	}

	private void election(StringBuilder out) {
		out.append("\n## Election to connected (in-process, JVM start excluded)\n\n");
		if (rounds() > 1) {
			out.append("Over all rounds: n counts every round's starts, p50 and p99 are the median of the rounds' ")
				.append("own, max the highest; a single start's row gives the median of the rounds.\n\n");
		}
		out.append("| measured | run | n | p50 ms | p99 ms | max ms |\n|---|---|---:|---:|---:|---:|\n");
		this.runs.forEach((pinning, bySubject) -> {
			List<Map<String, String>> core = bySubject.getOrDefault(Subject.CORE_API, List.of());
			electionRow(out, "core `start()` → `IpcConnectedEvent`, newcomer beside a live listener (timed, after "
					+ "the warm-up)", pinning, core, "election.client");
			electionRow(out, "… newcomer: the warm-up's starts", pinning, core, "election.client.warmup");
			single(out, "… newcomer: the first start in this JVM (cold; one of the warm-up's)", pinning, core,
					"election.client.first");
			electionRow(out, "core `start()` → listening, fresh path (timed, after the warm-up)", pinning, core,
					"election.listener");
			electionRow(out, "… fresh path: the warm-up's starts", pinning, core, "election.listener.warmup");
			single(out, "… fresh path: the first start in this JVM (cold; one of the warm-up's)", pinning, core,
					"election.listener.first");
			electionRow(out, "core `close()` (not election; timed on the side)", pinning, core, "close");
			for (Subject spring : List.of(Subject.SPRING_EVENTS, Subject.SPRING_CHANNELS)) {
				List<Map<String, String>> results = bySubject.getOrDefault(spring, List.of());
				single(out, spring.id() + ": lifecycle start → `IpcConnectedEvent` (client)", pinning, results,
						"election.spring.lifecycle");
				single(out, spring.id() + ": `SpringApplication.run` → `IpcConnectedEvent` (client)", pinning,
						results, "election.spring.run");
			}
		});
		electionRow(out, "re-election: `kill -9` of a listener JVM → both survivors connected again (unpinned)",
				"unpinned", List.of(this.reelection), "reelection");
	}

	private static void electionRow(StringBuilder out, String what, String pinning, List<Map<String, String>> rounds,
			String key) {
		double[] counts = values(rounds, key + ".n");
		double[] highest = values(rounds, key + ".max");
		out.append("| ").append(what).append(" | ").append(pinning).append(" | ")
			.append((counts.length == 0) ? "-" : format("%.0f", Arrays.stream(counts).sum()))
			.append(" | ")
			.append(millis(median(rounds, key + ".p50")))
			.append(" | ")
			.append(millis(median(rounds, key + ".p99")))
			.append(" | ")
			.append(millis((highest.length == 0) ? Double.NaN : Arrays.stream(highest).max().getAsDouble()))
			.append(" |\n");
	}

	private static void single(StringBuilder out, String what, String pinning, List<Map<String, String>> rounds,
			String key) {
		double[] starts = values(rounds, key);
		out.append("| ").append(what).append(" | ").append(pinning).append(" | ").append(starts.length).append(" | ")
			.append(millis(median(starts)))
			.append(" | | |\n");
	}

	private void allocation(StringBuilder out) {
		if (this.allocations.isEmpty()) {
			return;
		}
		out.append("\n## In-process hot path (JMH, `-prof gc`; B/op counts every thread)\n\n");
		out.append("| benchmark | params | ns/op | B/op |\n|---|---|---:|---:|\n");
		for (JmhRun.Row row : this.allocations) {
			out.append("| ").append(row.benchmark()).append(" | ").append(row.params()).append(" | ")
				.append(format("%.1f", row.nanosPerOp())).append(" | ").append(format("%.0f", row.bytesPerOp()))
				.append(" |\n");
		}
		siblingLocks(out);
	}

	/** The sibling lock's uncontended lock/unlock as ratios to its parts, from the same JMH run. */
	private void siblingLocks(StringBuilder out) {
		double sibling = lockNanos("sibling-lock");
		double reentrant = lockNanos("reentrant-lock");
		double file = lockNanos("file-channel-lock");
		if (Double.isNaN(sibling)) {
			return;
		}
		out.append("\n## Sibling locks, uncontended lock and unlock (JMH, same run)\n\n")
			.append("| lock | ns/op | × ReentrantLock | × FileChannel.lock |\n|---|---:|---:|---:|\n")
			.append("| sibling lock | ").append(format("%.1f", sibling)).append(" | ")
			.append(format("%.1f", sibling / reentrant)).append(" | ").append(format("%.1f", sibling / file))
			.append(" |\n");
	}

	private double lockNanos(String subject) {
		return this.allocations.stream()
			.filter((row) -> row.benchmark().startsWith("SiblingLockBenchmark") && row.params().contains(subject))
			.mapToDouble(JmhRun.Row::nanosPerOp)
			.findFirst()
			.orElse(Double.NaN);
	}

	private void targets(StringBuilder out) {
		out.append("\n## Targets (issue 6), starter against raw JDK UDS in the same run\n\n");
		List<String> pinnings = new ArrayList<>(this.runs.keySet());
		out.append("| target | subject");
		pinnings.forEach((pinning) -> out.append(" | ").append(pinning));
		out.append(" |\n|---|---");
		pinnings.forEach((pinning) -> out.append("|---"));
		out.append("|\n");
		for (Subject subject : List.of(Subject.SPRING_EVENTS, Subject.SPRING_EVENTS_DISPATCH, Subject.SPRING_CHANNELS,
				Subject.CORE_API, Subject.CORE_API_DISPATCH)) {
			target(out, "RTT p50 ≤ 2× (stretch 1.3×)", subject, pinnings,
					(bySubject) -> ratiosTo(bySubject, subject, Subject.JDK_UDS, "rtt.p50"), 2.0, 1.3, true);
			target(out, "RTT p99 ≤ 3×", subject, pinnings,
					(bySubject) -> ratiosTo(bySubject, subject, Subject.JDK_UDS, "rtt.p99"), 3.0, Double.NaN, true);
			target(out, "64 B throughput ≥ 0.5× (stretch 1×)", subject, pinnings,
					(bySubject) -> ratiosTo(bySubject, subject, Subject.JDK_UDS, "t64.msgs"), 0.5, 1.0, false);
			target(out, "64 KiB throughput ≥ 0.6×", subject, pinnings,
					(bySubject) -> ratiosTo(bySubject, subject, Subject.JDK_UDS, "t64k.mibs"), 0.6, Double.NaN, false);
			target(out, "RTT p50 below raw JDK TCP loopback (× TCP)", subject, pinnings,
					(bySubject) -> ratiosTo(bySubject, subject, Subject.JDK_TCP, "rtt.p50"), 1.0, Double.NaN, true);
		}
		target(out, "raw UDS RTT p50 below raw TCP, same code (× TCP)", Subject.JDK_UDS, pinnings,
				(bySubject) -> ratiosTo(bySubject, Subject.JDK_UDS, Subject.JDK_TCP, "rtt.p50"), 1.0, Double.NaN, true);
		for (String role : List.of("client", "listener")) {
			target(out, "election p99 ≤ 10 ms (" + role + ", ms)", Subject.CORE_API, pinnings,
					(bySubject) -> Arrays.stream(values(bySubject.getOrDefault(Subject.CORE_API, List.of()),
							"election." + role + ".p99"))
						.map((nanos) -> nanos / 1e6)
						.toArray(),
					10.0, Double.NaN, true);
		}
		double reelectionP99 = value(this.reelection.get("reelection.p99")) / 1e6;
		out.append("| re-election ≤ 500 ms p99 (ms; unpinned, measured once per run) | core-api");
		pinnings.forEach((pinning) -> out.append(" | ").append(Double.isNaN(reelectionP99) ? "n/a"
				: format("%.1f", reelectionP99) + ((reelectionP99 <= 500) ? " met" : " **missed**")));
		out.append(" |\n");
	}

	private void target(StringBuilder out, String what, Subject subject, List<String> pinnings,
			Function<Map<Subject, List<Map<String, String>>>, double[]> measure, double limit, double stretch,
			boolean lowerIsBetter) {
		out.append("| ").append(what).append(" | ").append(subject.id());
		for (String pinning : pinnings) {
			out.append(" | ");
			out.append(verdict(measure.apply(this.runs.getOrDefault(pinning, Map.of())), limit, stretch,
					lowerIsBetter));
		}
		out.append(" |\n");
	}

	/** The verdict on the median of the rounds, and with several rounds in how many it was met. */
	static String verdict(double[] rounds, double limit, double stretch, boolean lowerIsBetter) {
		if (rounds.length == 0) {
			return "no figure";
		}
		double value = median(rounds);
		boolean met = meets(value, limit, lowerIsBetter);
		boolean stretchMet = !Double.isNaN(stretch) && meets(value, stretch, lowerIsBetter);
		String verdict = format("%.2f", value) + (stretchMet ? " met (stretch too)" : met ? " met" : " **missed**");
		if (rounds.length == 1) {
			return verdict;
		}
		long metRounds = Arrays.stream(rounds).filter((round) -> meets(round, limit, lowerIsBetter)).count();
		return verdict + " (" + metRounds + " of " + rounds.length + " rounds)";
	}

	private static boolean meets(double value, double limit, boolean lowerIsBetter) {
		return lowerIsBetter ? value <= limit : value >= limit;
	}

	/**
	 * A subject's figure over the reference's, round by round: round i of one against round i
	 * of the other, rounds without both figures left out.
	 */
	private static double[] ratiosTo(Map<Subject, List<Map<String, String>>> bySubject, Subject subject,
			Subject reference, String key) {
		return ratios(bySubject.getOrDefault(subject, List.of()), bySubject.getOrDefault(reference, List.of()), key);
	}

	static double[] ratios(List<Map<String, String>> rounds, List<Map<String, String>> reference, String key) {
		return IntStream.range(0, Math.min(rounds.size(), reference.size()))
			.mapToDouble((round) -> value(rounds.get(round).get(key)) / value(reference.get(round).get(key)))
			.filter(Double::isFinite)
			.toArray();
	}

	/** The figure of every round that has it. */
	private static double[] values(List<Map<String, String>> rounds, String key) {
		return rounds.stream()
			.mapToDouble((results) -> value(results.get(key)))
			.filter((value) -> !Double.isNaN(value))
			.toArray();
	}

	private static double median(List<Map<String, String>> rounds, String key) {
		return median(values(rounds, key));
	}

	/** The middle value, or the mean of the two middle ones; NaN for none. */
	static double median(double[] values) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static double value(@Nullable String text) {
		if (text == null) {
			return Double.NaN;
		}
		try {
			return Double.parseDouble(text);
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	/** The median ratio over the rounds, with its range when there is more than one. */
	static String ratio(List<Map<String, String>> rounds, List<Map<String, String>> raw, String key) {
		double[] ratios = ratios(rounds, raw, key);
		if (ratios.length == 0) {
			return "-";
		}
		String median = format("%.2f", median(ratios));
		if (ratios.length == 1) {
			return median;
		}
		return median + " (" + format("%.2f", Arrays.stream(ratios).min().getAsDouble()) + "–"
				+ format("%.2f", Arrays.stream(ratios).max().getAsDouble()) + ")";
	}

	private static String micros(double nanos) {
		return Double.isNaN(nanos) ? "-" : format("%.1f", nanos / 1e3);
	}

	private static String millis(double nanos) {
		return Double.isNaN(nanos) ? "-" : format("%.2f", nanos / 1e6);
	}

	private static String number(double value) {
		return Double.isNaN(value) ? "-" : format("%,.0f", value);
	}

	private static String errors(List<Map<String, String>> rounds) {
		StringBuilder errors = new StringBuilder();
		for (int round = 0; round < rounds.size(); round++) {
			String prefix = (rounds.size() > 1) ? "round " + (round + 1) + ": " : "";
			rounds.get(round).forEach((key, value) -> {
				if (key.endsWith("error")) {
					errors.append((errors.length() > 0) ? ", " : "").append(prefix).append(key).append('=').append(value);
				}
			});
		}
		return errors.toString();
	}

	private static String format(String pattern, double value) {
		return String.format(Locale.ROOT, pattern, value);
	}

}
