package dev.ipcsocket.autoconfigure;

import java.nio.file.Path;

import io.micrometer.core.instrument.binder.MeterBinder;
import net.javacrumbs.shedlock.core.LockProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.actuate.IpcCoordinationHealthDetails;
import dev.ipcsocket.actuate.IpcCoordinationMetrics;
import dev.ipcsocket.coordination.SiblingLeadership;
import dev.ipcsocket.coordination.SiblingLockRegistry;
import dev.ipcsocket.coordination.SiblingShedLockProvider;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * coordination among the siblings of {@code ipc.path}: a {@link SiblingLockRegistry} and the
 * leadership of the roles of {@code ipc.leadership.roles}, with their health details and meters
 * when actuator and Micrometer are there, and a ShedLock {@code LockProvider} when ShedLock is. Neither needs the bus to be up.
 */
@AutoConfiguration(after = IpcAutoConfiguration.class)
@ConditionalOnClass(LockRegistryLeaderInitiator.class)
@ConditionalOnBooleanProperty(name = "ipc.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "ipc.path")
@EnableConfigurationProperties({ IpcProperties.class, IpcLeadershipProperties.class })
public final class IpcCoordinationAutoConfiguration {

	IpcCoordinationAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	SiblingLockRegistry ipcLockRegistry(IpcProperties properties) {
		Path path = properties.getPath();
		if (path == null) {
			throw new InvalidConfigurationPropertyValueException("ipc.path", null, "set it to the socket's path");
		}
		return SiblingLockRegistry.forSocket(path);
	}

	@Bean
	@ConditionalOnMissingBean
	SiblingLeadership ipcLeadership(SiblingLockRegistry registry, IpcLeadershipProperties leadership,
			IpcProperties properties, Environment environment, ApplicationEventPublisher eventPublisher) {
		if (leadership.getHeartbeat().isNegative() || leadership.getHeartbeat().isZero()) {
			throw new InvalidConfigurationPropertyValueException("ipc.leadership.heartbeat",
					leadership.getHeartbeat(), "it must be positive, e.g. 500ms");
		}
		for (String role : leadership.getRoles()) {
			if (role.isBlank()) {
				throw new InvalidConfigurationPropertyValueException("ipc.leadership.roles", leadership.getRoles(),
						"a role must not be blank");
			}
		}
		String candidateId = (properties.getInstanceId() != null) ? properties.getInstanceId()
				: environment.getProperty("spring.application.name", IpcSocketSettings.DEFAULT_APPLICATION_ID) + "-"
						+ ProcessHandle.current().pid();
		return new SiblingLeadership(registry, candidateId, leadership.getRoles(), leadership.getHeartbeat(),
				eventPublisher);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthContributor.class)
	static class IpcCoordinationHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean
		IpcCoordinationHealthDetails ipcCoordinationHealthDetails(ObjectProvider<SiblingLeadership> leadership,
				SiblingLockRegistry locks) {
			return new IpcCoordinationHealthDetails(leadership.getIfUnique(), locks);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(LockProvider.class)
	static class IpcShedLockConfiguration {

		@Bean
		@ConditionalOnMissingBean(LockProvider.class)
		SiblingShedLockProvider ipcShedLockProvider(SiblingLockRegistry locks) {
			return new SiblingShedLockProvider(locks);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class IpcCoordinationMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		IpcCoordinationMetrics ipcCoordinationMetrics(SiblingLockRegistry locks,
				ObjectProvider<SiblingLeadership> leadership) {
			return new IpcCoordinationMetrics(locks, leadership.getIfUnique());
		}

	}

}
