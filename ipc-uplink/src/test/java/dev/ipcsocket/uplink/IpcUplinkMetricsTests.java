package dev.ipcsocket.uplink;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.ipcsocket.uplink.BrokerUplinkTests.FakeBroker;
import dev.ipcsocket.uplink.IpcUplinkProperties.Overflow;

import static org.assertj.core.api.Assertions.assertThat;

class IpcUplinkMetricsTests {

	@Test
	void countsEveryResultAndGaugesTheBuffer() {
		FakeBroker broker = new FakeBroker();
		broker.up = false;
		BrokerUplink uplink = new BrokerUplink(new UplinkRouting("h1", 1), broker, 10, Overflow.REJECT_NEW, 100,
				() -> "hub");
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new IpcUplinkMetrics(uplink).bindTo(registry);
		try {
			uplink.start(new FakeHub("app"));
			uplink.send(FakeHub.message("m1", 1, "", "x"));
			uplink.duplicateDropped(FakeHub.message("h2:app:m1", 1, "", "x"));

			assertThat(registry.get("ipc.uplink.messages").tag("result", "duplicate").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("ipc.uplink.buffered").gauge().value()).isEqualTo(1);
			for (UplinkResult result : UplinkResult.values()) {
				assertThat(registry.find("ipc.uplink.messages").tag("result", result.tag()).functionCounter())
					.as(result.tag())
					.isNotNull();
			}
			assertThat(UplinkResult.HOP_LIMIT.tag()).isEqualTo("hop-limit");
		}
		finally {
			uplink.stop();
		}
	}

}
