package dev.ipcsocket.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcMemberJoinedEvent;
import dev.ipcsocket.IpcMemberLeftEvent;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application's context stops and starts again ({@code SmartLifecycle}, what
 * checkpoint/restore needs): stopping leaves the bus cleanly, starting joins it again, and
 * messages flow both ways afterwards, through the same {@code @EventListener}s.
 */
class ContextRestartTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path dir;

	private ConfigurableApplicationContext context;

	private IPCSocket sibling;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
		if (this.sibling != null) {
			this.sibling.close();
		}
	}

	@Test
	void stoppedContextLeavesCleanlyAndJoinsAgainWhenStarted() {
		Path path = this.dir.resolve("app.sock");
		this.sibling = new UnixDomainIPCSocket(IpcSocketSettings.builder(path).instanceId("sibling").build());
		List<IpcEvent> seen = new CopyOnWriteArrayList<>();
		this.sibling.addListener(seen::add);
		assertThat(this.sibling.start()).isEqualTo(IpcRole.LISTENER);
		this.context = new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.run("--ipc.path=" + path, "--ipc.instance-id=app", "--ipc.keep-alive=false",
					"--spring.main.banner-mode=off");
		Recorder recorder = this.context.getBean(Recorder.class);
		IPCSocket socket = this.context.getBean(IPCSocket.class);
		await().atMost(WAIT).until(() -> joins(seen) == 1);

		this.context.stop();

		await().atMost(WAIT).until(() -> seen.stream()
			.anyMatch((event) -> event instanceof IpcMemberLeftEvent left && left.isClean()));
		assertThat(socket.role()).isNull();
		assertThat(this.sibling.peers()).isEmpty();

		this.context.start();

		await().atMost(WAIT).until(() -> joins(seen) == 2);
		assertThat(socket.role()).isEqualTo(IpcRole.CLIENT);
		this.sibling.sendTo("app", "to the restarted app".getBytes(StandardCharsets.UTF_8));
		socket.send("from the restarted app");
		await().atMost(WAIT).until(() -> recorder.texts.contains("to the restarted app"));
		await().atMost(WAIT).until(() -> seen.stream()
			.anyMatch((event) -> event instanceof IpcDataEvent data && data.getText().equals("from the restarted app")));
		assertThat(seen).noneMatch(IpcErrorEvent.class::isInstance);
		assertThat(recorder.errors).isEmpty();
	}

	private static long joins(List<IpcEvent> events) {
		return events.stream().filter(IpcMemberJoinedEvent.class::isInstance).count();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	static class Recorder {

		final List<String> texts = new CopyOnWriteArrayList<>();

		final List<IpcErrorEvent> errors = new CopyOnWriteArrayList<>();

		@EventListener
		void on(IpcDataEvent data) {
			this.texts.add(data.getText());
		}

		@EventListener
		void on(IpcErrorEvent error) {
			this.errors.add(error);
		}

	}

}
