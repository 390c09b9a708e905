package dev.ipcsocket.uplink;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.function.StreamBridge;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.actuate.IpcHealthDetailsContributor;
import dev.ipcsocket.bus.BusUplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class IpcUplinkAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpcUplinkAutoConfiguration.class,
				IpcUplinkHealthContributorAutoConfiguration.class, IpcUplinkMetricsAutoConfiguration.class))
		.withBean(IPCSocket.class, () -> mock(IPCSocket.class))
		.withBean(StreamBridge.class, () -> mock(StreamBridge.class))
		.withBean(BindingService.class, () -> mock(BindingService.class))
		.withBean(BinderFactory.class, () -> mock(BinderFactory.class))
		.withBean(BindingServiceProperties.class, () -> mock(BindingServiceProperties.class));

	@Test
	void offUnlessEnabled() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(BusUplink.class));
	}

	@Test
	void enabledGivesTheBrokerUplinkWithItsHealthAndMeters() {
		this.contextRunner.withPropertyValues("ipc.uplink.enabled=true", "ipc.uplink.host-id=h1").run((context) -> {
			assertThat(context).hasSingleBean(BrokerUplink.class);
			assertThat(context).hasSingleBean(IpcUplinkHealthIndicator.class);
			assertThat(context).hasSingleBean(IpcUplinkMetrics.class);
			BrokerUplink uplink = context.getBean(BrokerUplink.class);
			assertThat(uplink.state().hostId()).isEqualTo("h1");
			assertThat(uplink.state().destination()).isEqualTo("ipc-application");
			assertThat(uplink.state().hub()).isFalse();
		});
	}

	@Test
	void theUplinkStateIsAmongTheIpcHealthDetails() {
		this.contextRunner.withPropertyValues("ipc.uplink.enabled=true", "ipc.uplink.host-id=h1").run((context) -> {
			IPCSocket socket = context.getBean(IPCSocket.class);
			assertThat(context.getBean(IpcHealthDetailsContributor.class).details(socket))
				.extractingByKey("uplink")
				.isEqualTo(java.util.Map.of("role", "standby", "hostId", "h1", "destination", "ipc-application",
						"broker", "unknown", "buffered", 0));
		});
	}

	@Test
	void propertiesAreApplied() {
		this.contextRunner
			.withPropertyValues("ipc.uplink.enabled=true", "ipc.uplink.host-id=h1", "ipc.uplink.destination=d",
					"ipc.uplink.dedupe-window=99")
			.run((context) -> {
				BrokerUplink uplink = context.getBean(BrokerUplink.class);
				assertThat(uplink.state().destination()).isEqualTo("d");
				assertThat(uplink.duplicateWindow()).isEqualTo(99);
			});
	}

	@Test
	void destinationDefaultsToTheApplicationId() {
		this.contextRunner.withPropertyValues("ipc.uplink.enabled=true", "spring.application.name=orders")
			.run((context) -> assertThat(context.getBean(BrokerUplink.class).state().destination())
				.isEqualTo("ipc-orders"));
	}

	@Test
	void hostIdDefaultsToTheHostName() {
		this.contextRunner.withPropertyValues("ipc.uplink.enabled=true")
			.run((context) -> assertThat(context.getBean(BrokerUplink.class).state().hostId())
				.isEqualTo(IpcUplinkEnvironmentPostProcessor.localHostName()));
	}

	@Test
	void hostIdWithAColonFailsTheStartNamingTheProperty() {
		this.contextRunner.withPropertyValues("ipc.uplink.enabled=true", "ipc.uplink.host-id=a:b")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ipc.uplink.host-id"));
	}

	@Test
	void backsOffFromAnUplinkOfTheApplication() {
		this.contextRunner.withPropertyValues("ipc.uplink.enabled=true")
			.withBean(BusUplink.class, () -> mock(BusUplink.class))
			.run((context) -> assertThat(context).hasSingleBean(BusUplink.class).doesNotHaveBean(BrokerUplink.class));
	}

	@Test
	void offWithoutSpringCloudStream() {
		this.contextRunner.withPropertyValues("ipc.uplink.enabled=true")
			.withClassLoader(new FilteredClassLoader(StreamBridge.class))
			.run((context) -> assertThat(context).doesNotHaveBean(BusUplink.class));
	}

	@Test
	void offWithoutASocket() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(IpcUplinkAutoConfiguration.class,
				IpcUplinkHealthContributorAutoConfiguration.class, IpcUplinkMetricsAutoConfiguration.class))
			.withBean(StreamBridge.class, () -> mock(StreamBridge.class))
			.withBean(BindingService.class, () -> mock(BindingService.class))
			.withPropertyValues("ipc.uplink.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(BusUplink.class));
	}

	@Test
	void healthIndicatorCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("ipc.uplink.enabled=true", "management.health.ipcUplink.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(BrokerUplink.class)
				.doesNotHaveBean(IpcUplinkHealthIndicator.class));
	}

}
