package dev.ipcsocket.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.actuate.IpcSocketMetrics;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * the IPC socket's Micrometer meters ({@link IpcSocketMetrics}), bound to every registry by
 * Spring Boot's metrics support.
 */
@AutoConfiguration(after = IpcAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnSingleCandidate(IPCSocket.class)
@ConditionalOnBean(MeterRegistry.class)
public final class IpcMetricsAutoConfiguration {

	IpcMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	IpcSocketMetrics ipcSocketMetrics(IPCSocket socket) {
		return new IpcSocketMetrics(socket);
	}

}
