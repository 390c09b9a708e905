package dev.ipcsocket.uplink;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.ipcsocket.uplink.BrokerUplinkTests.FakeBroker;
import dev.ipcsocket.uplink.IpcUplinkProperties.Overflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class IpcUplinkHealthIndicatorTests {

	private final FakeBroker broker = new FakeBroker();

	private final BrokerUplink uplink = new BrokerUplink(new UplinkRouting("h1", 1), this.broker, 10,
			Overflow.REJECT_NEW, 100, () -> "hub");

	private final IpcUplinkHealthIndicator indicator = new IpcUplinkHealthIndicator(this.uplink);

	@Test
	void aMemberThatIsNotTheHubStandsByAndIsUp() {
		Health health = this.indicator.health(true);

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("role", "standby")
			.containsEntry("hostId", "h1")
			.containsEntry("destination", "fake")
			.containsEntry("broker", "unknown")
			.containsEntry("buffered", 0);
	}

	@Test
	void aHubThatCannotReachTheBrokerIsDownWithWhatWaits() {
		this.broker.up = false;
		this.uplink.start(new FakeHub("app"));
		try {
			this.uplink.send(FakeHub.message("m1", 1, "", "x"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.indicator.health(true).getStatus().equals(Status.DOWN));

			Health health = this.indicator.health(true);
			assertThat(health.getDetails()).containsEntry("role", "hub")
				.containsEntry("broker", "down")
				.containsEntry("buffered", 1)
				.containsEntry("lastBrokerError", "broker down");

			this.broker.up = true;
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.indicator.health(true).getStatus().equals(Status.UP));
		}
		finally {
			this.uplink.stop();
		}
	}

}
