package dev.ipcsocket.uplink;

import java.util.Locale;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.ipcsocket.uplink.BrokerUplink.BrokerState;

/**
 * {@link HealthIndicator} for the broker uplink: {@code role} {@code hub} (this member holds the
 * host's broker link) or {@code standby}, {@code broker} {@code up}, {@code down} or
 * {@code unknown}, {@code buffered} messages, {@code hostId} and {@code destination}. Down only
 * while this member is the hub and cannot reach the broker: local traffic goes on meanwhile.
 */
public class IpcUplinkHealthIndicator extends AbstractHealthIndicator {

	private final BrokerUplink uplink;

	public IpcUplinkHealthIndicator(BrokerUplink uplink) {
		super("IPC uplink health check failed");
		this.uplink = uplink;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		BrokerUplink.State state = this.uplink.state();
		builder.withDetail("role", state.hub() ? "hub" : "standby")
			.withDetail("hostId", state.hostId())
			.withDetail("destination", state.destination())
			.withDetail("broker", state.broker().name().toLowerCase(Locale.ROOT))
			.withDetail("buffered", state.buffered());
		if (state.lastBrokerError() != null) {
			builder.withDetail("lastBrokerError", state.lastBrokerError());
		}
		if (state.hub() && state.broker() == BrokerState.DOWN) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

}
