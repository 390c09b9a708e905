package dev.ipcsocket.uplink;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * {@link IpcUplinkHealthIndicator}: the {@code ipcUplink} health component.
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

}
