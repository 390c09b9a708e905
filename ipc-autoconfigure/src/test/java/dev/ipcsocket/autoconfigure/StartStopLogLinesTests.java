package dev.ipcsocket.autoconfigure;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An auto-configured application logs one INFO line of the IPC socket and Spring Integration
 * when it starts (the role) and one when it stops (leaving the bus), as the README promises.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartStopLogLinesTests {

	@TempDir
	Path dir;

	@Test
	void startAndStopLogOneInfoLineEach(CapturedOutput output) {
		Path path = this.dir.resolve("app.sock");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			// logger names in full, so that each line tells whose it is
			.run("--ipc.path=" + path, "--ipc.instance-id=one", "--logging.pattern.console=%level %logger %msg%n");
		List<String> atStart = infoLines(output);
		context.close();
		List<String> atStop = infoLines(output).subList(atStart.size(), infoLines(output).size());

		assertThat(atStart).containsExactly("dev.ipcsocket.bus.Bus IPC socket " + path + ": role=LISTENER instance=one");
		assertThat(atStop)
			.containsExactly("dev.ipcsocket.bus.Bus IPC socket " + path + ": instance=one left the bus (was LISTENER)");
	}

	@Test
	void theApplicationsOwnLevelWins(CapturedOutput output) {
		new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run("--ipc.path=" + this.dir.resolve("app.sock"), "--logging.pattern.console=%level %logger %msg%n",
					"--logging.level.org.springframework.integration.endpoint.EventDrivenConsumer=info")
			.close();

		assertThat(infoLines(output))
			.contains("org.springframework.integration.endpoint.EventDrivenConsumer started bean "
					+ "'_org.springframework.integration.errorLogger'")
			.noneMatch((line) -> line.startsWith("org.springframework.integration.channel."));
	}

	private static List<String> infoLines(CapturedOutput output) {
		return output.getOut()
			.lines()
			.filter((line) -> line.startsWith("INFO dev.ipcsocket.")
					|| line.startsWith("INFO org.springframework.integration."))
			.map((line) -> line.substring("INFO ".length()))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, IpcAutoConfiguration.class })
	static class Application {

	}

}
