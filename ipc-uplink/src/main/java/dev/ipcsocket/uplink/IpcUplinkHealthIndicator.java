package dev.ipcsocket.uplink;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
		builder.withDetails(describe(state));
		if (state.hub() && state.broker() == BrokerState.DOWN) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

	/**
	 * Describe the uplink's state, as this component and the {@code ipc} component show it.
	 * @param state the state
	 * @return its details
	 */
	static Map<String, Object> describe(BrokerUplink.State state) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("role", state.hub() ? "hub" : "standby");
		details.put("hostId", state.hostId());
		details.put("destination", state.destination());
		details.put("broker", state.broker().name().toLowerCase(Locale.ROOT));
		details.put("buffered", state.buffered());
		if (state.lastBrokerError() != null) {
			details.put("lastBrokerError", state.lastBrokerError());
		}
		return details;
	}

}
