package dev.ipcsocket.autoconfigure;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import dev.ipcsocket.socket.UnixDomainIPCSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every invalid {@code ipc.*} value fails the start with Spring Boot's
 * {@link InvalidConfigurationPropertyValueException}, so that its failure analyzer reports the
 * property, the value as written and the reason instead of a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class IpcPropertiesValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class));

	@TempDir
	Path dir;

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			ipc.connect-timeout         | 0s
			ipc.connect-timeout         | -1s
			ipc.send-timeout            | 0ms
			ipc.max-message-size        | 0B
			ipc.max-message-size        | 3GB
			ipc.receive-buffer-capacity | -1
			ipc.dispatch-queue-capacity | 0
			ipc.dispatch-queue-size     | 0B
			ipc.outage-buffer-capacity  | -1
			ipc.max-connections         | 0
			ipc.allowed-uids            | 1000,-1
			ipc.allowed-gids            | -5
			ipc.permissions             | 0755
			ipc.permissions             | 0400
			ipc.permissions             | u+rw
			ipc.application-id          | orders:eu
			ipc.instance-id             | node:1
			""")
	void invalidValueFailsTheStartNamingThePropertyAndTheValueAsWritten(String name, String value) {
		this.contextRunner.withPropertyValues("ipc.path=" + this.dir.resolve("app.sock"), name + "=" + value)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo(name);
					assertThat(ex.getValue()).isEqualTo(value);
					assertThat(ex.getReason()).isNotBlank();
				}));
	}

	@Test
	void emptyPathFailsNamingIt() {
		this.contextRunner.withPropertyValues("ipc.path=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("ipc.path")));
	}

	@Test
	void applicationNameOutsideTheIdAlphabetBecomesAValidApplicationId() {
		this.contextRunner
			.withPropertyValues("ipc.path=" + this.dir.resolve("app.sock"), "spring.application.name=orders:eu")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(UnixDomainIPCSocket.class)
				.extracting((socket) -> socket.settings().applicationId())
				.isEqualTo("orders-eu"));
	}

	@Test
	void failureAnalyzerPrintsThePropertyTheValueAsWrittenAndTheReasonWithoutAStackTrace(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run("--ipc.path=" + this.dir.resolve("app.sock"), "--ipc.connect-timeout=0s"));

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("'0s'")
			.contains("ipc.connect-timeout")
			.contains("must be positive")
			.doesNotContain("PT0S");
		assertThat(stackTraceLines(output)).isEmpty();
	}

	private static List<String> stackTraceLines(CapturedOutput output) {
		return output.getAll()
			.lines()
			.filter((line) -> line.startsWith("\tat ") || line.startsWith("Caused by:"))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, IpcAutoConfiguration.class })
	static class Application {

	}

}
