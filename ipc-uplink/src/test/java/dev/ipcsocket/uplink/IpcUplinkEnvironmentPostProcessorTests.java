package dev.ipcsocket.uplink;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class IpcUplinkEnvironmentPostProcessorTests {

	@Test
	void addsNothingUnlessEnabled() {
		StandardEnvironment environment = environment(Map.of());

		assertThat(environment.getPropertySources().contains(IpcUplinkEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void bindingsDefaultToTheDestinationAndThisHostsGroup() {
		StandardEnvironment environment = environment(
				Map.of("ipc.uplink.enabled", "true", "ipc.uplink.host-id", "h1", "spring.application.name", "orders"));

		assertThat(environment.getProperty("spring.cloud.stream.bindings.ipcUplink-in-0.destination"))
			.isEqualTo("ipc-orders");
		assertThat(environment.getProperty("spring.cloud.stream.bindings.ipcUplink-out-0.destination"))
			.isEqualTo("ipc-orders");
		assertThat(environment.getProperty("spring.cloud.stream.bindings.ipcUplink-in-0.group")).isEqualTo("h1");
		assertThat(environment.getProperty("spring.cloud.stream.kafka.bindings.ipcUplink-out-0.producer.sync"))
			.isEqualTo("true");
		assertThat(environment.getProperty(
				"spring.cloud.stream.kafka.bindings.ipcUplink-out-0.producer.configuration.delivery.timeout.ms"))
			.isEqualTo("10000");
	}

	@Test
	void hostIdDefaultsToTheHostNameAndSendTimeoutIsApplied() {
		StandardEnvironment environment = environment(
				Map.of("ipc.uplink.enabled", "true", "ipc.uplink.send-timeout", "3s", "ipc.application-id", "app"));

		assertThat(environment.getProperty("ipc.uplink.host-id"))
			.isEqualTo(IpcUplinkEnvironmentPostProcessor.localHostName());
		assertThat(environment.getProperty("spring.cloud.stream.bindings.ipcUplink-in-0.destination"))
			.isEqualTo("ipc-app");
		assertThat(environment.getProperty(
				"spring.cloud.stream.kafka.bindings.ipcUplink-out-0.producer.send-timeout-expression"))
			.isEqualTo("3000");
	}

	@Test
	void theApplicationsOwnBindingPropertiesWin() {
		StandardEnvironment environment = environment(Map.of("ipc.uplink.enabled", "true", "ipc.uplink.host-id", "h1",
				"ipc.uplink.destination", "shared", "spring.cloud.stream.bindings.ipcUplink-in-0.group", "mine"));

		assertThat(environment.getProperty("spring.cloud.stream.bindings.ipcUplink-in-0.group")).isEqualTo("mine");
		assertThat(environment.getProperty("spring.cloud.stream.bindings.ipcUplink-in-0.destination"))
			.isEqualTo("shared");
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new IpcUplinkEnvironmentPostProcessor().postProcessEnvironment(environment, null);
		return environment;
	}

}
