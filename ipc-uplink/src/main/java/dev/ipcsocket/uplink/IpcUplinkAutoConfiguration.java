package dev.ipcsocket.uplink;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.autoconfigure.IpcAutoConfiguration;
import dev.ipcsocket.bus.BusUplink;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * the broker uplink: with {@code ipc.uplink.enabled=true} and a Spring Cloud Stream binder on the
 * classpath, the {@link IPCSocket}'s bus reaches the siblings on other hosts through the broker.
 * Every member gets the uplink; only the hub starts it.
 */
@AutoConfiguration(after = IpcAutoConfiguration.class,
		afterName = { "org.springframework.cloud.stream.function.FunctionConfiguration",
				"org.springframework.cloud.stream.config.BindingServiceConfiguration" })
@ConditionalOnClass(StreamBridge.class)
@ConditionalOnBooleanProperty("ipc.uplink.enabled")
@ConditionalOnBean(IPCSocket.class)
@EnableConfigurationProperties(IpcUplinkProperties.class)
public final class IpcUplinkAutoConfiguration {

	IpcUplinkAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(BusUplink.class)
	BrokerUplink ipcUplink(IpcUplinkProperties properties, Environment environment, StreamBridge streamBridge,
			BindingService bindingService, BinderFactory binderFactory, BindingServiceProperties bindingProperties,
			ObjectProvider<IPCSocket> socket) {
		String hostId = (properties.getHostId() != null) ? properties.getHostId()
				: IpcUplinkEnvironmentPostProcessor.localHostName();
		String destination = (properties.getDestination() != null) ? properties.getDestination()
				: "ipc-" + environment.getProperty("ipc.application-id", environment.getProperty(
						"spring.application.name", IpcSocketSettings.DEFAULT_APPLICATION_ID));
		Binder binder = Binder.get(environment);
		properties.validate(hostId, destination, (name) -> binder.bind(name, String.class).orElse(null));
		StreamBrokerLink broker = new StreamBrokerLink(streamBridge, bindingService, binderFactory, bindingProperties,
				destination, properties.getSendTimeout());
		return new BrokerUplink(new UplinkRouting(hostId, properties.getMaxHops()), broker,
				properties.getBufferCapacity(), properties.getOverflow(), properties.getDedupeWindow(),
				() -> socket.getObject().instanceId());
	}

}
