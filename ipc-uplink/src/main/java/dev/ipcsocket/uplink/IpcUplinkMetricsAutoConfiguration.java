package dev.ipcsocket.uplink;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * {@link IpcUplinkMetrics}: the {@code ipc.uplink.*} meters, bound by Spring Boot's meter
 * registry like any {@link MeterBinder}.
 */
@AutoConfiguration(after = IpcUplinkAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(BrokerUplink.class)
public final class IpcUplinkMetricsAutoConfiguration {

	IpcUplinkMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	IpcUplinkMetrics ipcUplinkMetrics(BrokerUplink uplink) {
		return new IpcUplinkMetrics(uplink);
	}

}
