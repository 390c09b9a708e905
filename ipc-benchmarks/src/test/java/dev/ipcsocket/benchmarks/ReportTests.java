package dev.ipcsocket.benchmarks;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the report sums up a subject that ran in several rounds: ratios are taken within a round,
 * then their median is reported with its range.
 */
class ReportTests {

	private static final String PINNED = "pinned";

	@Test
	void oneRoundReportsItsRatioAlone() {
		Report report = new Report("# run");
		report.add(PINNED, Subject.JDK_UDS, rtt(10_000));
		report.add(PINNED, Subject.CORE_API, rtt(30_000));

		assertThat(report.markdown()).contains("| core-api | 30.0 | 3.00 |")
			.contains("| RTT p50 ≤ 2× (stretch 1.3×) | core-api | 3.00 **missed** |")
			.doesNotContain("rounds");
	}

	@Test
	void severalRoundsReportTheMedianOfTheRatiosTakenWithinEachRound() {
		Report report = new Report("# run");
		// the baseline drifts 10 → 20 → 40 µs; the ratio of the medians would be 30 / 20 = 1.50
		for (int[] round : new int[][] { { 10_000, 30_000 }, { 20_000, 20_000 }, { 40_000, 40_000 } }) {
			report.add(PINNED, Subject.JDK_UDS, rtt(round[0]));
			report.add(PINNED, Subject.CORE_API, rtt(round[1]));
		}

		assertThat(report.markdown()).contains("| core-api | 30.0 | 1.00 (1.00–3.00) |")
			.contains("| jdk-uds | 20.0 | 1.00 (1.00–1.00) |")
			.contains("| RTT p50 ≤ 2× (stretch 1.3×) | core-api | 1.00 met (stretch too) (2 of 3 rounds) |")
			.contains("Each subject ran 3 times per pinning");
	}

	@Test
	void aRoundWithoutTheFigureIsLeftOutOfItsRatios() {
		List<Map<String, String>> raw = List.of(rtt(10_000), Map.of(), rtt(10_000));
		List<Map<String, String>> subject = List.of(rtt(20_000), rtt(20_000), Map.of());

		assertThat(Report.ratios(subject, raw, "rtt.p50")).containsExactly(2.0);
		assertThat(Report.ratio(subject, raw, "rtt.p50")).isEqualTo("2.00");
		assertThat(Report.ratio(List.of(Map.of()), raw, "rtt.p50")).isEqualTo("-");
	}

	@Test
	void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
		assertThat(Report.median(new double[] { 4, 1, 3, 2 })).isEqualTo(2.5);
		assertThat(Report.median(new double[0])).isNaN();
	}

	@Test
	void aVerdictOverRoundsCountsTheRoundsThatMetTheTarget() {
		assertThat(Report.verdict(new double[] { 0.55, 0.65, 0.70 }, 0.6, Double.NaN, false))
			.isEqualTo("0.65 met (2 of 3 rounds)");
		assertThat(Report.verdict(new double[] { 11.0, 9.0, 10.5 }, 10.0, Double.NaN, true))
			.isEqualTo("10.50 **missed** (1 of 3 rounds)");
		assertThat(Report.verdict(new double[0], 10.0, Double.NaN, true)).isEqualTo("no figure");
	}

	private static Map<String, String> rtt(int p50Nanos) {
		return Map.of("rtt.p50", String.valueOf(p50Nanos));
	}

}
