package dev.ipcsocket.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
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

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcRole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Conditions that happen on any host (nobody listening, a peer leaving, the listener going away)
 * are logged as one line each, never as a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExpectedConditionsLoggingTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path dir;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	private ConfigurableApplicationContext start(String... args) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run(args);
		this.contexts.add(context);
		return context;
	}

	private String pathArgument() {
		return "--ipc.path=" + this.dir.resolve("app.sock");
	}

	@Test
	void nobodyListeningInConnectModeFailsStartUpWithAReportInsteadOfAStackTrace(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(pathArgument(), "--ipc.mode=connect"));

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("NAME_RESOLUTION_ERROR(103): nobody listens on " + this.dir.resolve("app.sock"))
			.contains("set ipc.mode=auto");
		assertThat(stackTraceLines(output)).isEmpty();
	}

	@Test
	void peerLeavingAndListenerGoingAwayLogNoStackTrace(CapturedOutput output) {
		ConfigurableApplicationContext listener = start(pathArgument());
		ConfigurableApplicationContext leaving = start(pathArgument());
		ConfigurableApplicationContext staying = start(pathArgument());
		IPCSocket listenerSocket = listener.getBean(IPCSocket.class);
		IPCSocket stayingSocket = staying.getBean(IPCSocket.class);
		await().atMost(WAIT).until(() -> listenerSocket.peers().size() == 2);

		leaving.close();
		await().atMost(WAIT).until(() -> listenerSocket.peers().size() == 1);
		listener.close();
		await().atMost(WAIT).until(() -> stayingSocket.role() == IpcRole.LISTENER);

		assertThat(output).contains("re-elected as LISTENER");
		assertThat(stackTraceLines(output)).isEmpty();
	}

	private static List<String> stackTraceLines(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.startsWith("\tat ") || line.startsWith("Caused by:")).toList();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, IpcAutoConfiguration.class })
	static class Application {

	}

}
