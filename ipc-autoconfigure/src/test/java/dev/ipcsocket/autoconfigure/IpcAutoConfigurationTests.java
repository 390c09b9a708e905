package dev.ipcsocket.autoconfigure;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocket;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcListenerThread;
import dev.ipcsocket.IpcMode;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.autoconfigure.orders.OrderPlaced;
import dev.ipcsocket.bus.BusFrame;
import dev.ipcsocket.bus.BusUplink;
import dev.ipcsocket.messaging.IpcChannels;
import dev.ipcsocket.messaging.IpcListener;
import dev.ipcsocket.messaging.IpcListenerAnnotationBeanPostProcessor;
import dev.ipcsocket.messaging.IpcPayloadConverter;
import dev.ipcsocket.messaging.IpcRequestHandlers;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcAutoConfiguration}.
 */
class IpcAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class));

	@TempDir
	Path dir;

	private String pathProperty() {
		return "ipc.path=" + this.dir.resolve("app.sock");
	}

	@Test
	void backsOffWithoutPath() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(IPCSocket.class)
			.doesNotHaveBean(IpcSocketLifecycle.class)
			.doesNotHaveBean(IpcChannels.INBOUND));
	}

	@Test
	void pathGivesAStartedSocketWithChannels() {
		this.contextRunner.withPropertyValues(pathProperty()).run((context) -> {
			assertThat(context).hasSingleBean(IPCSocket.class).hasSingleBean(IpcSocketLifecycle.class);
			assertThat(context.getBean(IpcChannels.INBOUND)).isInstanceOf(PublishSubscribeChannel.class);
			assertThat(context.getBean(IpcChannels.OUTBOUND)).isInstanceOf(DirectChannel.class);
			IPCSocket socket = context.getBean(IPCSocket.class);
			assertThat(socket.role()).isEqualTo(IpcRole.LISTENER);
			assertThat(socket.path()).isEqualTo(this.dir.resolve("app.sock"));
		});
		assertThat(this.dir.resolve("app.sock")).as("removed when the context closes").doesNotExist();
	}

	@Test
	void aBusUplinkBeanIsStartedWhenTheSocketBecomesTheHubAndStoppedWithIt() {
		List<String> calls = new CopyOnWriteArrayList<>();
		BusUplink uplink = new BusUplink() {

			@Override
			public void start(Hub hub) {
				calls.add("start " + hub.applicationId());
			}

			@Override
			public void stop() {
				calls.add("stop");
			}

			@Override
			public void send(BusFrame.Data data) {
				calls.add("send");
			}

		};
		this.contextRunner.withPropertyValues(pathProperty(), "spring.application.name=orders")
			.withBean(BusUplink.class, () -> uplink)
			.run((context) -> assertThat(calls).containsExactly("start orders"));
		assertThat(calls).containsExactly("start orders", "stop");
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues(pathProperty(), "ipc.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IPCSocket.class));
	}

	@Test
	void backsOffWithoutJunixsocket() {
		this.contextRunner.withPropertyValues(pathProperty())
			.withClassLoader(new FilteredClassLoader(AFUNIXSocket.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IPCSocket.class));
	}

	@Test
	void backsOffFromAUserDefinedSocketAndStillStartsIt() {
		Path userPath = this.dir.resolve("user.sock");
		this.contextRunner.withPropertyValues(pathProperty())
			.withBean("mySocket", IPCSocket.class, () -> new UnixDomainIPCSocket(IpcSocketSettings.of(userPath)))
			.run((context) -> {
				assertThat(context).hasSingleBean(IPCSocket.class).hasBean("mySocket");
				assertThat(context.getBean(IPCSocket.class).role()).isEqualTo(IpcRole.LISTENER);
				assertThat(userPath).exists();
			});
	}

	@Test
	void propertiesBindToTheSocketSettings() {
		this.contextRunner
			.withPropertyValues(pathProperty(), "ipc.mode=listen", "ipc.connect-timeout=750ms",
					"ipc.max-message-size=2KB", "ipc.relay=false", "ipc.receive-buffer-capacity=16",
					"ipc.dispatch-queue-capacity=32", "ipc.dispatch-queue-size=64KB", "ipc.listener-thread=dispatch")
			.run((context) -> {
				IpcSocketSettings settings = context.getBean(UnixDomainIPCSocket.class).settings();
				assertThat(settings.mode()).isEqualTo(IpcMode.LISTEN);
				assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(750));
				assertThat(settings.maxMessageSize()).isEqualTo(2048);
				assertThat(settings.relay()).isFalse();
				assertThat(settings.receiveBufferCapacity()).isEqualTo(16);
				assertThat(settings.dispatchQueueCapacity()).isEqualTo(32);
				assertThat(settings.dispatchQueueBytes()).isEqualTo(64 * 1024);
				assertThat(settings.listenerThread()).isEqualTo(IpcListenerThread.DISPATCH);
			});
	}

	@Test
	void securityAndLimitPropertiesBindToTheSocketSettingsAndTheSocketFile() {
		this.contextRunner
			.withPropertyValues(pathProperty(), "ipc.allowed-uids=1000,1001", "ipc.allowed-gids=100",
					"ipc.permissions=0660", "ipc.max-connections=8", "ipc.send-timeout=250ms")
			.run((context) -> {
				IpcSocketSettings settings = context.getBean(UnixDomainIPCSocket.class).settings();
				assertThat(settings.allowedUids()).containsExactlyInAnyOrder(1000L, 1001L);
				assertThat(settings.allowedGids()).containsExactly(100L);
				assertThat(settings.maxConnections()).isEqualTo(8);
				assertThat(settings.sendTimeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(PosixFilePermissions.toString(java.nio.file.Files
					.getPosixFilePermissions(this.dir.resolve("app.sock"), java.nio.file.LinkOption.NOFOLLOW_LINKS)))
					.isEqualTo("rw-rw----");
			});
	}

	@Test
	void customizersSeeTheSocketBeforeItStarts() {
		this.contextRunner.withPropertyValues(pathProperty())
			.withBean(IpcSocketCustomizer.class, () -> (socket) -> assertThat(socket.role()).isNull())
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void pathTooLongFailsStartUpWithWhatToDo() {
		this.contextRunner.withPropertyValues("ipc.path=" + this.dir.resolve("x".repeat(120)))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("INVALID_PORT_ERROR(107)")
				.hasMessageContaining("set ipc.path to a shorter path"));
	}

	@Test
	void typeMappingsReachThePayloadConverter() {
		this.contextRunner
			.withPropertyValues(pathProperty(), "ipc.type-mappings.order-placed=" + OrderPlaced.class.getName())
			.run((context) -> assertThat(context.getBean(IpcPayloadConverter.class)
				.encode(new OrderPlaced("o-1", "me"))
				.type()).isEqualTo("order-placed"));
	}

	@Test
	void aTypeAliasWithADotFailsStartUpNamingTheProperty() {
		this.contextRunner
			.withPropertyValues(pathProperty(), "ipc.type-mappings[orders.placed]=" + OrderPlaced.class.getName())
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ipc.type-mappings")
				.hasMessageContaining("type alias 'orders.placed' is not 1 to 64 characters"));
	}

	@Test
	void connectModeWithNobodyListeningFailsStartUp() {
		this.contextRunner.withPropertyValues(pathProperty(), "ipc.mode=connect")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("NAME_RESOLUTION_ERROR(103)"));
	}

	@Test
	void ipcListenerMethodsAreFoundAndOnlyOnePerRequestTypeIsAllowed() {
		this.contextRunner.withPropertyValues(pathProperty())
			.withBean(QuoteDesk.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(IpcListenerAnnotationBeanPostProcessor.class)
				.satisfies((processor) -> assertThat(processor.handlers().find(new QuoteRequest("o-1")))
					.isNotNull()
					.extracting(IpcRequestHandlers.Handler::bean)
					.isSameAs(context.getBean(QuoteDesk.class))));
		this.contextRunner.withPropertyValues(pathProperty())
			.withBean(QuoteDesk.class)
			.withBean(SecondQuoteDesk.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("requests of type " + QuoteRequest.class.getName() + " have two @IpcListener methods")
				.hasMessageContaining("QuoteDesk.quote(QuoteRequest)")
				.hasMessageContaining("SecondQuoteDesk.quote(QuoteRequest)"));
		this.contextRunner.withPropertyValues(pathProperty())
			.withBean(VoidQuoteDesk.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("VoidQuoteDesk.quote(QuoteRequest) returns void: its return value is the reply"));
	}

	record QuoteRequest(String orderId) {
	}

	static class QuoteDesk {

		@IpcListener
		String quote(QuoteRequest request) {
			return "42";
		}

	}

	static class SecondQuoteDesk {

		@IpcListener
		String quote(QuoteRequest request) {
			return "43";
		}

	}

	static class VoidQuoteDesk {

		@IpcListener
		void quote(QuoteRequest request) {
		}

	}

}
