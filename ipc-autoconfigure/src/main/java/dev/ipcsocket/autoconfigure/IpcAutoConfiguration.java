package dev.ipcsocket.autoconfigure;

import org.newsclub.net.unix.AFUNIXSocket;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.bus.BusUplink;
import dev.ipcsocket.messaging.IpcChannels;
import dev.ipcsocket.messaging.IpcInboundChannelAdapter;
import dev.ipcsocket.messaging.IpcListenerAnnotationBeanPostProcessor;
import dev.ipcsocket.messaging.IpcPayloadConverter;
import dev.ipcsocket.messaging.IpcRequestHandlers;
import dev.ipcsocket.messaging.IpcTemplate;
import dev.ipcsocket.messaging.IpcTypedEventPublisher;
import dev.ipcsocket.messaging.IpcOutboundMessageHandler;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * an {@link IPCSocket} on the path given by {@code ipc.path}: the socket, its start-up handshake,
 * its events as application events, and its inbound and outbound message channels.
 */
@AutoConfiguration(after = IntegrationAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({ AFUNIXSocket.class, TcpNetServerConnectionFactory.class })
@ConditionalOnBooleanProperty(name = "ipc.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "ipc.path")
@EnableConfigurationProperties(IpcProperties.class)
public final class IpcAutoConfiguration {

	IpcAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(IPCSocket.class)
	UnixDomainIPCSocket ipcSocket(IpcProperties properties, Environment environment,
			ObjectProvider<IpcSocketCustomizer> customizers, ObjectProvider<BusUplink> uplink) {
		String applicationName = environment.getProperty("spring.application.name",
				IpcSocketSettings.DEFAULT_APPLICATION_ID);
		Binder binder = Binder.get(environment);
		UnixDomainIPCSocket socket = new UnixDomainIPCSocket(
				properties.toSettings(applicationName, (name) -> binder.bind(name, String.class).orElse(null)));
		uplink.ifAvailable(socket::setUplink);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(socket));
		return socket;
	}

	@Bean
	@ConditionalOnMissingBean
	IpcSocketLifecycle ipcSocketLifecycle(IPCSocket socket, ApplicationEventPublisher eventPublisher,
			IpcProperties properties) {
		socket.addListener(eventPublisher::publishEvent);
		return new IpcSocketLifecycle(socket, properties.isKeepAlive());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(PublishSubscribeChannel.class)
	static class IpcChannelsConfiguration {

		@Bean(name = IpcChannels.INBOUND)
		@ConditionalOnMissingBean(name = IpcChannels.INBOUND)
		PublishSubscribeChannel ipcInboundChannel(IPCSocket socket) {
			PublishSubscribeChannel channel = new PublishSubscribeChannel();
			socket.addListener(new IpcInboundChannelAdapter(channel));
			return channel;
		}

		@Bean(name = IpcChannels.OUTBOUND)
		@ConditionalOnMissingBean(name = IpcChannels.OUTBOUND)
		DirectChannel ipcOutboundChannel(IPCSocket socket) {
			DirectChannel channel = new DirectChannel();
			channel.subscribe(new IpcOutboundMessageHandler(socket));
			return channel;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class IpcJsonConfiguration {

		@Bean
		@ConditionalOnMissingBean
		IpcPayloadConverter ipcPayloadConverter(ObjectProvider<JsonMapper> jsonMapper, IpcProperties properties,
				ResourceLoader resourceLoader) {
			ClassLoader classLoader = (resourceLoader.getClassLoader() != null) ? resourceLoader.getClassLoader()
					: IpcAutoConfiguration.class.getClassLoader();
			try {
				return new IpcPayloadConverter(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
						properties.getTrustedPackages(), properties.getTypeMappings(), classLoader);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException("ipc.type-mappings",
						properties.getTypeMappings(), ex.getMessage());
			}
		}

		@Bean
		@ConditionalOnMissingBean
		IpcTemplate ipcTemplate(IPCSocket socket, IpcPayloadConverter converter) {
			return new IpcTemplate(socket, converter);
		}

		@Bean
		@ConditionalOnMissingBean
		static IpcListenerAnnotationBeanPostProcessor ipcListenerAnnotationBeanPostProcessor() {
			return new IpcListenerAnnotationBeanPostProcessor(new IpcRequestHandlers());
		}

		@Bean
		@ConditionalOnMissingBean
		IpcTypedEventPublisher ipcTypedEventPublisher(IPCSocket socket, ApplicationEventPublisher eventPublisher,
				IpcPayloadConverter converter, IpcListenerAnnotationBeanPostProcessor ipcListeners) {
			IpcTypedEventPublisher publisher = new IpcTypedEventPublisher(eventPublisher, converter,
					ipcListeners.handlers());
			socket.addListener(publisher);
			return publisher;
		}

	}

}
