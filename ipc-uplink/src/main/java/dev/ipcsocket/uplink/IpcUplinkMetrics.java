package dev.ipcsocket.uplink;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the broker uplink, read from its counters when the registry publishes:
 * {@code ipc.uplink.messages} with a {@code result} tag per {@link UplinkResult}, and the gauge
 * {@code ipc.uplink.buffered}.
 */
public class IpcUplinkMetrics implements MeterBinder {

	private final BrokerUplink uplink;

	public IpcUplinkMetrics(BrokerUplink uplink) {
		this.uplink = uplink;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		UplinkCounters counters = this.uplink.counters();
		for (UplinkResult result : UplinkResult.values()) {
			FunctionCounter.builder("ipc.uplink.messages", counters, (c) -> c.count(result))
				.description("Messages through the broker uplink, by what became of them")
				.tag("result", result.tag())
				.register(registry);
		}
		Gauge.builder("ipc.uplink.buffered", this.uplink, (u) -> u.state().buffered())
			.description("Messages for other hosts waiting for the broker")
			.register(registry);
	}

}
