package dev.ipcsocket.benchmarks.uplink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ping/pong logic without a broker: a pinger and a ponger wired back to back.
 */
class RoundTripsTests {

	@Test
	void pingerMeasuresEveryRoundTripAndIgnoresStalePongs() throws InterruptedException {
		RoundTrips pinger = new RoundTrips(64);
		RoundTrips ponger = new RoundTrips(64);
		List<Integer> sizes = new ArrayList<>();
		// the ponger answers each ping twice: the pinger must take each number once
		String result = pinger.ping((ping) -> {
			sizes.add(ping.length);
			ponger.received(ping, (pong) -> {
				pinger.received(pong, (unused) -> {
				});
				pinger.received(pong, (unused) -> {
				});
			});
		}, 5, 20);

		assertThat(result).startsWith(RoundTrips.RESULT + " n=20 ");
		assertThat(sizes).hasSize(26).allMatch((size) -> size == 64);
	}

	@Test
	void pongerAnswersPingsOnlyWithTheSameNumber() {
		List<String> replies = new ArrayList<>();
		new RoundTrips(16).received("ping 7 ....".getBytes(StandardCharsets.UTF_8),
				(reply) -> replies.add(new String(reply, StandardCharsets.UTF_8)));
		new RoundTrips(16).received("pong 7 ....".getBytes(StandardCharsets.UTF_8),
				(reply) -> replies.add(new String(reply, StandardCharsets.UTF_8)));

		assertThat(replies).containsExactly("pong 7 .........");
	}

	@Test
	void percentilesAreNearestRank() {
		long[] sorted = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

		assertThat(RoundTrips.percentile(sorted, 50)).isEqualTo(5);
		assertThat(RoundTrips.percentile(sorted, 90)).isEqualTo(9);
		assertThat(RoundTrips.percentile(sorted, 99)).isEqualTo(10);
		assertThat(RoundTrips.summary(new long[] { 3, 1, 2 })).isEqualTo("n=3 p50_us=2 p90_us=3 p99_us=3 max_us=3");
	}

}
