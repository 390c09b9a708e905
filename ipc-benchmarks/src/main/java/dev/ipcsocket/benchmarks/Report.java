package dev.ipcsocket.benchmarks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;

/**
 * The run's tables in Markdown: every figure beside its ratio to raw JDK Unix domain sockets
 * measured in the same run and pinning, the election times, bytes allocated per operation, and
 * which of the targets were met. Informational only: nothing here fails the run.
 */
final class Report {

	/** Results per pinning label ("pinned ..." first, then "unpinned"), per subject. */
	private final Map<String, Map<Subject, Map<String, String>>> runs = new LinkedHashMap<>();

	private final List<JmhRun.Row> allocations = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	/** Re-election times, measured once per run (not per pinning). */
	private Map<String, String> reelection = Map.of();

	private final String heading;

	Report(String heading) {
		this.heading = heading;
	}

	void add(String pinning, Subject subject, Map<String, String> results) {
		this.runs.computeIfAbsent(pinning, (key) -> new EnumMap<>(Subject.class)).put(subject, results);
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
			.anyMatch((results) -> results.keySet().stream().anyMatch((key) -> key.endsWith("error")))
				|| this.reelection.containsKey("error");
	}

	String markdown() {
		StringBuilder out = new StringBuilder();
		out.append(this.heading).append("\n\n");
		out.append("× raw: ratio to raw JDK `SocketChannel` on a Unix domain socket (jdk-uds), same run, same pinning. ")
			.append("Latency: lower is better. Throughput (one way, one write per message): higher is better.\n");
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

	private void table(StringBuilder out, String pinning, Map<Subject, Map<String, String>> bySubject) {
		Map<String, String> raw = bySubject.getOrDefault(Subject.JDK_UDS, Map.of());
		out.append("\n## Round trip (64 B) and one-way throughput, ").append(pinning).append("\n\n");
		out.append("| subject | RTT p50 µs | × raw | p99 µs | × raw | p99.9 µs | × raw | 64 B msg/s | × raw | 64 KiB MiB/s | × raw |\n");
		out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		bySubject.forEach((subject, results) -> {
			out.append("| ").append(subject.id());
			for (String key : List.of("rtt.p50", "rtt.p99", "rtt.p999")) {
				out.append(" | ").append(micros(results.get(key))).append(" | ").append(ratio(results, raw, key));
			}
			out.append(" | ").append(number(results.get("t64.msgs"))).append(" | ").append(ratio(results, raw, "t64.msgs"));
			out.append(" | ").append(number(results.get("t64k.mibs"))).append(" | ").append(ratio(results, raw, "t64k.mibs"));
			out.append(" |");
			String errors = errors(results);
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
		out.append("| measured | run | n | p50 ms | p99 ms | max ms |\n|---|---|---:|---:|---:|---:|\n");
		this.runs.forEach((pinning, bySubject) -> {
			Map<String, String> core = bySubject.getOrDefault(Subject.CORE_API, Map.of());
			electionRow(out, "core `start()` → `IpcConnectedEvent`, newcomer beside a live listener (timed, after "
					+ "the warm-up)", pinning, core, "election.client");
			electionRow(out, "… newcomer: the warm-up's starts", pinning, core, "election.client.warmup");
			single(out, "… newcomer: the first start in this JVM (cold; one of the warm-up's)", pinning,
					core.get("election.client.first"));
			electionRow(out, "core `start()` → listening, fresh path (timed, after the warm-up)", pinning, core,
					"election.listener");
			electionRow(out, "… fresh path: the warm-up's starts", pinning, core, "election.listener.warmup");
			single(out, "… fresh path: the first start in this JVM (cold; one of the warm-up's)", pinning,
					core.get("election.listener.first"));
			electionRow(out, "core `close()` (not election; timed on the side)", pinning, core, "close");
			for (Subject spring : List.of(Subject.SPRING_EVENTS, Subject.SPRING_CHANNELS)) {
				Map<String, String> results = bySubject.getOrDefault(spring, Map.of());
				single(out, spring.id() + ": lifecycle start → `IpcConnectedEvent` (client)", pinning,
						results.get("election.spring.lifecycle"));
				single(out, spring.id() + ": `SpringApplication.run` → `IpcConnectedEvent` (client)", pinning,
						results.get("election.spring.run"));
			}
		});
		electionRow(out, "re-election: `kill -9` of a listener JVM → both survivors connected again (unpinned)",
				"unpinned", this.reelection, "reelection");
	}

	private static void electionRow(StringBuilder out, String what, String pinning, Map<String, String> results,
			String key) {
		out.append("| ").append(what).append(" | ").append(pinning).append(" | ")
			.append(results.getOrDefault(key + ".n", "-")).append(" | ").append(millis(results.get(key + ".p50")))
			.append(" | ").append(millis(results.get(key + ".p99"))).append(" | ")
			.append(millis(results.get(key + ".max"))).append(" |\n");
	}

	private static void single(StringBuilder out, String what, String pinning, @Nullable String nanos) {
		out.append("| ").append(what).append(" | ").append(pinning).append(" | 1 | ").append(millis(nanos))
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
					(bySubject) -> ratioOf(bySubject, subject, "rtt.p50"), 2.0, 1.3, true);
			target(out, "RTT p99 ≤ 3×", subject, pinnings, (bySubject) -> ratioOf(bySubject, subject, "rtt.p99"), 3.0,
					Double.NaN, true);
			target(out, "64 B throughput ≥ 0.5× (stretch 1×)", subject, pinnings,
					(bySubject) -> ratioOf(bySubject, subject, "t64.msgs"), 0.5, 1.0, false);
			target(out, "64 KiB throughput ≥ 0.6×", subject, pinnings,
					(bySubject) -> ratioOf(bySubject, subject, "t64k.mibs"), 0.6, Double.NaN, false);
			target(out, "RTT p50 below raw JDK TCP loopback (× TCP)", subject, pinnings,
					(bySubject) -> ratioTo(bySubject, subject, Subject.JDK_TCP, "rtt.p50"), 1.0, Double.NaN, true);
		}
		target(out, "raw UDS RTT p50 below raw TCP, same code (× TCP)", Subject.JDK_UDS, pinnings,
				(bySubject) -> ratioTo(bySubject, Subject.JDK_UDS, Subject.JDK_TCP, "rtt.p50"), 1.0, Double.NaN, true);
		for (String role : List.of("client", "listener")) {
			target(out, "election p99 ≤ 10 ms (" + role + ", ms)", Subject.CORE_API, pinnings,
					(bySubject) -> value(bySubject.getOrDefault(Subject.CORE_API, Map.of())
						.get("election." + role + ".p99")) / 1e6,
					10.0, Double.NaN, true);
		}
		double reelectionP99 = value(this.reelection.get("reelection.p99")) / 1e6;
		out.append("| re-election ≤ 500 ms p99 (ms; unpinned, measured once per run) | core-api");
		pinnings.forEach((pinning) -> out.append(" | ").append(Double.isNaN(reelectionP99) ? "n/a"
				: format("%.1f", reelectionP99) + ((reelectionP99 <= 500) ? " met" : " **missed**")));
		out.append(" |\n");
	}

	private void target(StringBuilder out, String what, Subject subject, List<String> pinnings,
			ToDoubleFunction<Map<Subject, Map<String, String>>> measure, double limit, double stretch,
			boolean lowerIsBetter) {
		out.append("| ").append(what).append(" | ").append(subject.id());
		for (String pinning : pinnings) {
			out.append(" | ");
			out.append(verdict(measure.applyAsDouble(this.runs.getOrDefault(pinning, Map.of())), limit, stretch,
					lowerIsBetter));
		}
		out.append(" |\n");
	}

	private static String verdict(double value, double limit, double stretch, boolean lowerIsBetter) {
		if (Double.isNaN(value)) {
			return "no figure";
		}
		boolean met = lowerIsBetter ? value <= limit : value >= limit;
		boolean stretchMet = !Double.isNaN(stretch) && (lowerIsBetter ? value <= stretch : value >= stretch);
		return format("%.2f", value) + (stretchMet ? " met (stretch too)" : met ? " met" : " **missed**");
	}

	private static double ratioOf(Map<Subject, Map<String, String>> bySubject, Subject subject, String key) {
		return ratioTo(bySubject, subject, Subject.JDK_UDS, key);
	}

	private static double ratioTo(Map<Subject, Map<String, String>> bySubject, Subject subject, Subject reference,
			String key) {
		return value(bySubject.getOrDefault(subject, Map.of()).get(key))
				/ value(bySubject.getOrDefault(reference, Map.of()).get(key));
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

	private static String ratio(Map<String, String> results, Map<String, String> raw, String key) {
		double ratio = value(results.get(key)) / value(raw.get(key));
		return Double.isNaN(ratio) ? "-" : format("%.2f", ratio);
	}

	private static String micros(@Nullable String nanos) {
		double value = value(nanos);
		return Double.isNaN(value) ? "-" : format("%.1f", value / 1e3);
	}

	private static String millis(@Nullable String nanos) {
		double value = value(nanos);
		return Double.isNaN(value) ? "-" : format("%.2f", value / 1e6);
	}

	private static String number(@Nullable String text) {
		double value = value(text);
		return Double.isNaN(value) ? "-" : format("%,.0f", value);
	}

	private static String errors(Map<String, String> results) {
		StringBuilder errors = new StringBuilder();
		results.forEach((key, value) -> {
			if (key.endsWith("error")) {
				errors.append((errors.length() > 0) ? ", " : "").append(key).append('=').append(value);
			}
		});
		return errors.toString();
	}

	private static String format(String pattern, double value) {
		return String.format(Locale.ROOT, pattern, value);
	}

}
