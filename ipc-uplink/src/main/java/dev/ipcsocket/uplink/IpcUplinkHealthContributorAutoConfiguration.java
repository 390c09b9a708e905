package dev.ipcsocket.uplink;

import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.ipcsocket.actuate.IpcHealthDetailsContributor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * {@link IpcUplinkHealthIndicator}: the {@code ipcUplink} health component, down while the hub
 * cannot reach the broker, and the uplink's state among the details of the {@code ipc} component.
 */
@AutoConfiguration(after = IpcUplinkAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(BrokerUplink.class)
@ConditionalOnEnabledHealthIndicator("ipcUplink")
public final class IpcUplinkHealthContributorAutoConfiguration {

	IpcUplinkHealthContributorAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = "ipcUplinkHealthIndicator")
	IpcUplinkHealthIndicator ipcUplinkHealthIndicator(BrokerUplink uplink) {
		return new IpcUplinkHealthIndicator(uplink);
	}

	/** The uplink's state among the details of the {@code ipc} health component too. */
	@Bean
	@ConditionalOnMissingBean(name = "ipcUplinkHealthDetails")
	IpcHealthDetailsContributor ipcUplinkHealthDetails(BrokerUplink uplink) {
		return (socket) -> Map.of("uplink", IpcUplinkHealthIndicator.describe(uplink.state()));
	}

}
