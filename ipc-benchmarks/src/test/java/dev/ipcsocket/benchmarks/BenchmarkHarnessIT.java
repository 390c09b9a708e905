package dev.ipcsocket.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The harness's code paths work end to end with a few hundred messages per phase: every subject's
 * serving and driving process, the report. Measures nothing; {@code bench.sh} does.
 */
class BenchmarkHarnessIT {

	@TempDir
	Path dir;

	@Test
	@Timeout(180)
	void everySubjectCompletesEveryPhaseWithAFewHundredMessages() throws Exception {
		Path out = this.dir.resolve("smoke.md");
		List<Subject> subjects = Arrays.asList(Subject.values());

		boolean complete = BenchmarkHarness.run(BenchmarkPlan.SMOKE, out, subjects, false, false, 1);

		String report = Files.readString(out);
		assertThat(complete).as(report).isTrue();
		for (Subject subject : subjects) {
			if (subject != Subject.C_FLOOR || report.contains("| c-floor |")) {
				assertThat(report).contains("| " + subject.id() + " | ");
			}
		}
		assertThat(report).as("one re-election after kill -9, timed")
			.containsPattern("\\| re-election: `kill -9` of a listener JVM [^|]*\\| unpinned \\| 1 \\| [0-9.]+ \\|")
			.doesNotContain("re-election not implemented");
		assertThat(report).as("how long the run took, to check the modes' promised durations")
			.containsPattern("- the run took [0-9]+ s \\(the build before it not counted\\)");
		assertThat(Files.readString(out.resolveSibling("smoke.md.log"))).contains(Peer.RESULT);
	}

	@Test
	@Timeout(120)
	void roundsRunEverySubjectAgainAndTheReportSumsThemUp() throws Exception {
		Path out = this.dir.resolve("rounds.md");

		boolean complete = BenchmarkHarness.run(BenchmarkPlan.SMOKE, out, List.of(Subject.JDK_UDS, Subject.CORE_API),
				false, false, 2);

		String report = Files.readString(out);
		assertThat(complete).as(report).isTrue();
		assertThat(report).contains("Each subject ran 2 times per pinning")
			.containsPattern("\\| core-api \\| [0-9.]+ \\| [0-9.]+ \\([0-9.]+–[0-9.]+\\) \\|")
			.as("both rounds' timed starts counted")
			.containsPattern("\\| core `start\\(\\)` → `IpcConnectedEvent`, newcomer [^|]*\\| unpinned \\| "
					+ (2 * BenchmarkPlan.SMOKE.electionTrials()) + " \\|");
		assertThat(Files.readString(out.resolveSibling("rounds.md.log")).split(Peer.RESULT, -1))
			.as("a result line per subject and round")
			.hasSize(4 + 1);
	}

	@Test
	@Timeout(120)
	void aPinnedPassRunsBothProcessesOnOneCpuBeforeTheUnpinnedPass() throws Exception {
		assumeTrue(BenchmarkHarness.onPath("taskset"), "taskset (util-linux) pins the processes; without it there is no pinned pass to run");
		Path out = this.dir.resolve("pinned.md");

		boolean complete = BenchmarkHarness.run(BenchmarkPlan.SMOKE, out, List.of(Subject.JDK_UDS, Subject.CORE_API),
				false, true, 1);

		String report = Files.readString(out);
		assertThat(complete).as(report).isTrue();
		assertThat(report.indexOf("## Round trip (64 B) and one-way throughput, pinned (taskset -c "))
			.as("the pinned table, before the unpinned one")
			.isNotNegative()
			.isLessThan(report.indexOf("## Round trip (64 B) and one-way throughput, unpinned"));
		assertThat(Files.readString(out.resolveSibling("pinned.md.log")))
			.containsPattern("\\[core-api pinned drive\\] taskset -c [01] ");
	}

	@Test
	void smokePlanIsBoundedInCountAndTime() {
		BenchmarkPlan smoke = BenchmarkPlan.SMOKE;
		assertThat(smoke.rttWarmup() + smoke.rttMeasured()).isLessThanOrEqualTo(500);
		assertThat(smoke.small64Warmup() + smoke.small64Measured()).isLessThanOrEqualTo(500);
		assertThat(smoke.phaseTimeout()).isLessThanOrEqualTo(Duration.ofSeconds(30));
	}

}
