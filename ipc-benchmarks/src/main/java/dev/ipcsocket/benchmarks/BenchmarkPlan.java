package dev.ipcsocket.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * How much one run measures: message counts per phase and the time every phase is bounded by.
 *
 * @param name the mode's name
 * @param rttWarmup round trips before the histogram starts recording
 * @param rttMeasured round trips recorded
 * @param small64Warmup 64-byte messages sent before timing throughput
 * @param small64Measured 64-byte messages timed
 * @param large64kWarmup 64 KiB messages sent before timing throughput: enough for the JIT to
 * compile the large-message paths, which the 64-byte phase never took (a few thousand were not)
 * @param large64kMeasured 64 KiB messages timed
 * @param throughputRepeats timed throughput runs per size (the median is reported)
 * @param electionTrials connect-or-listen handshakes timed per role
 * @param phaseTimeout longest any one phase may take before it is reported as timed out
 * @param jmhArguments arguments for JMH, or an empty list to skip it
 * @param electionWarmup handshakes per role before the timed ones (their times, the first,
 * cold one among them, are reported on rows of their own)
 * @param pinnedPass whether every subject also runs with both processes pinned to one CPU,
 * before the unpinned pass ({@code --pinned} asks for it, {@code --unpinned-only} drops it)
 */
public record BenchmarkPlan(String name, int rttWarmup, int rttMeasured, int small64Warmup, int small64Measured,
		int large64kWarmup, int large64kMeasured, int throughputRepeats, int electionTrials, Duration phaseTimeout,
		List<String> jmhArguments, int electionWarmup, boolean pinnedPass) {

	/**
	 * About a minute on an idle two-core machine; a sanity check, not a figure to quote. Unpinned
	 * only (the pinned pass starts every JVM on one CPU and took longer than the rest together),
	 * and JMH without forks: one JVM for every benchmark instead of one each.
	 */
	public static final BenchmarkPlan QUICK = new BenchmarkPlan("quick", 10_000, 10_000, 30_000, 100_000, 15_000,
			5_000, 1, 200, Duration.ofSeconds(30),
			List.of("-f", "0", "-wi", "1", "-w", "200ms", "-i", "1", "-r", "500ms"), 200, false);

	/** The figures: 100k round trips after warm-up, three throughput runs each. */
	public static final BenchmarkPlan FULL = new BenchmarkPlan("full", 100_000, 100_000, 500_000, 2_000_000, 40_000,
			30_000, 3, 1_000, Duration.ofSeconds(120),
			List.of("-f", "1", "-wi", "3", "-w", "2s", "-i", "5", "-r", "2s"), 3_000, true);

	/** A few hundred messages per phase: proves the code paths work, measures nothing. */
	public static final BenchmarkPlan SMOKE = new BenchmarkPlan("smoke", 100, 300, 100, 300, 10, 30, 1, 5,
			Duration.ofSeconds(20), List.of(), 2, false);

	public static BenchmarkPlan named(String name) {
		return switch (name) {
			case "quick" -> QUICK;
			case "full" -> FULL;
			case "smoke" -> SMOKE;
			default -> throw new IllegalArgumentException("unknown mode '" + name + "': use quick, full or smoke");
		};
	}

	/**
	 * The plan as command-line arguments for a peer process (the C floor reads the first nine).
	 * @return the arguments
	 */
	List<String> toArguments() {
		return List.of(String.valueOf(this.rttWarmup), String.valueOf(this.rttMeasured),
				String.valueOf(this.small64Warmup), String.valueOf(this.small64Measured),
				String.valueOf(this.large64kWarmup), String.valueOf(this.large64kMeasured),
				String.valueOf(this.throughputRepeats), String.valueOf(this.electionTrials),
				String.valueOf(this.phaseTimeout.toSeconds()), String.valueOf(this.electionWarmup));
	}

	static BenchmarkPlan fromArguments(List<String> arguments) {
		int[] n = arguments.stream().mapToInt(Integer::parseInt).toArray();
		return new BenchmarkPlan("peer", n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], Duration.ofSeconds(n[8]),
				List.of(), n[9], false);
	}

}
