package dev.ipcsocket.uplink;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.function.StreamBridge;

import dev.ipcsocket.IPCSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Every invalid {@code ipc.uplink.*} value fails the start with Spring Boot's
 * {@link InvalidConfigurationPropertyValueException}, which its failure analyzer reports
 * without a stack trace.
 */
class IpcUplinkPropertiesValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpcUplinkAutoConfiguration.class))
		.withBean(IPCSocket.class, () -> mock(IPCSocket.class))
		.withBean(StreamBridge.class, () -> mock(StreamBridge.class))
		.withBean(BindingService.class, () -> mock(BindingService.class))
		.withBean(BinderFactory.class, () -> mock(BinderFactory.class))
		.withBean(BindingServiceProperties.class, () -> mock(BindingServiceProperties.class))
		.withPropertyValues("ipc.uplink.enabled=true");

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			ipc.uplink.host-id         | eu:1
			ipc.uplink.host-id         | ' '
			ipc.uplink.destination     | ' '
			ipc.uplink.buffer-capacity | 0
			ipc.uplink.max-hops        | 0
			ipc.uplink.dedupe-window   | -1
			ipc.uplink.send-timeout    | 0s
			""")
	void invalidValueFailsTheStartNamingThePropertyAndTheValueAsWritten(String name, String value) {
		this.contextRunner.withPropertyValues(name + "=" + value)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo(name);
					assertThat(ex.getReason()).isNotBlank();
					if (!value.isBlank()) {
						assertThat(ex.getValue()).isEqualTo(value);
					}
				}));
	}

}
