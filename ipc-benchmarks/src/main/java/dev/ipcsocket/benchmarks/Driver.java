package dev.ipcsocket.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Runs the measured phases over one subject's {@link DriverLink}: 64-byte round trips, then
 * one-way throughput of 64-byte and 64 KiB messages. A phase that fails or times out is
 * reported as such and the next one still runs.
 */
final class Driver {

	private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

	private final DriverLink link;

	private final BenchmarkPlan plan;

	private final Map<String, String> results;

	Driver(DriverLink link, BenchmarkPlan plan, Map<String, String> results) {
		this.link = link;
		this.plan = plan;
		this.results = results;
	}

	void run() {
		phase("rtt", this::roundTrips);
		phase("t64", () -> throughput("t64", Protocol.data(Protocol.SMALL), this.plan.small64Warmup(),
				this.plan.small64Measured()));
		phase("t64k", () -> throughput("t64k", Protocol.data(Protocol.LARGE), this.plan.large64kWarmup(),
				this.plan.large64kMeasured()));
	}

	private void phase(String name, Phase phase) {
		try {
			phase.run();
		}
		catch (Exception ex) {
			this.results.put(name + ".error", ex.getClass().getSimpleName());
			System.err.println("phase " + name + " failed: " + ex);
		}
	}

	private void synchronize(byte mode) throws Exception {
		this.link.send(Protocol.control(mode));
		this.link.send(Protocol.control(Protocol.ACK));
		this.link.awaitAck(this.plan.phaseTimeout());
	}

	private void roundTrips() throws Exception {
		synchronize(Protocol.ECHO);
		Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
		this.link.roundTrips(Protocol.data(Protocol.SMALL), this.plan.rttWarmup(), this.plan.rttMeasured(), histogram,
				this.plan.phaseTimeout());
		this.results.put("rtt.n", String.valueOf(histogram.getTotalCount()));
		this.results.put("rtt.p50", String.valueOf(histogram.getValueAtPercentile(50)));
		this.results.put("rtt.p99", String.valueOf(histogram.getValueAtPercentile(99)));
		this.results.put("rtt.p999", String.valueOf(histogram.getValueAtPercentile(99.9)));
		this.results.put("rtt.max", String.valueOf(histogram.getMaxValue()));
	}

	private void throughput(String name, byte[] message, int warmup, int measured) throws Exception {
		synchronize(Protocol.SINK);
		sendAll(message, warmup);
		double[] rates = new double[this.plan.throughputRepeats()];
		for (int i = 0; i < rates.length; i++) {
			long started = System.nanoTime();
			sendAll(message, measured);
			rates[i] = measured / ((System.nanoTime() - started) / 1e9);
		}
		Arrays.sort(rates);
		double median = rates[rates.length / 2];
		this.results.put(name + ".msgs", String.format("%.0f", median));
		this.results.put(name + ".mibs", String.format("%.1f", median * message.length / (1024.0 * 1024.0)));
	}

	/** Send the messages and wait until the server has received all of them. */
	private void sendAll(byte[] message, int count) throws Exception {
		long deadline = System.nanoTime() + this.plan.phaseTimeout().toNanos();
		for (int i = 0; i < count; i++) {
			this.link.send(message);
			if ((i & 1023) == 0 && System.nanoTime() - deadline > 0) {
				throw DriverLink.timedOut("sending " + count + " messages", this.plan.phaseTimeout());
			}
		}
		this.link.send(Protocol.control(Protocol.ACK));
		this.link.awaitAck(remaining(deadline));
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime()));
	}

	@FunctionalInterface
	private interface Phase {

		void run() throws Exception;

	}

}
