package dev.ipcsocket.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.actuate.IpcHealthDetailsContributor;
import dev.ipcsocket.actuate.IpcHealthIndicator;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * {@link IpcHealthIndicator}: the {@code ipc} health component.
 */
@AutoConfiguration(after = IpcAutoConfiguration.class)
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(IPCSocket.class)
@ConditionalOnEnabledHealthIndicator("ipc")
public final class IpcHealthContributorAutoConfiguration
		extends CompositeHealthContributorConfiguration<IpcHealthIndicator, IPCSocket> {

	IpcHealthContributorAutoConfiguration(ObjectProvider<IpcHealthDetailsContributor> details) {
		super((socket) -> new IpcHealthIndicator(socket, details.orderedStream().toList()));
	}

	// one socket gives the indicator itself; several give a composite named by their beans
	@Bean
	@ConditionalOnMissingBean(name = { "ipcHealthIndicator", "ipcHealthContributor" })
	HealthContributor ipcHealthContributor(ConfigurableListableBeanFactory beanFactory) {
		return createContributor(beanFactory, IPCSocket.class);
	}

}
