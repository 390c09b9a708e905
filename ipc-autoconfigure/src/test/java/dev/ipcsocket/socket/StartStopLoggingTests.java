package dev.ipcsocket.socket;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A socket says one INFO line when its role is decided and one when it leaves the bus. The INFO
 * lines that Spring Integration's connection factories log under the names of our factory
 * classes (a TCP "port=0", "Listening", "started", "stopped") cannot be turned off from the code;
 * in a Spring Boot application IpcLoggingEnvironmentPostProcessor lowers those loggers to WARN,
 * which StartStopLogLinesTests covers. They are left out here.
 */
class StartStopLoggingTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path dir;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	private Level rootLevel;

	@BeforeEach
	void captureLogs() {
		this.rootLevel = this.root.getLevel();
		this.root.setLevel(Level.INFO);
		this.appender.start();
		this.root.addAppender(this.appender);
	}

	@AfterEach
	void release() {
		this.root.detachAppender(this.appender);
		this.root.setLevel(this.rootLevel);
	}

	@Test
	void listenerAndClientLogOneInfoLineEachAtStartAndAtStop() {
		Path path = this.dir.resolve("app.sock");
		UnixDomainIPCSocket listener = new UnixDomainIPCSocket(
				IpcSocketSettings.builder(path).applicationId("app").instanceId("one").build());
		UnixDomainIPCSocket client = new UnixDomainIPCSocket(
				IpcSocketSettings.builder(path).applicationId("app").instanceId("two").build());
		try {
			assertThat(listener.start()).isEqualTo(IpcRole.LISTENER);
			assertThat(client.start()).isEqualTo(IpcRole.CLIENT);
			await().atMost(WAIT).until(() -> listener.peers().size() == 1);
			assertThat(infoLines()).containsExactly("IPC socket " + path + ": role=LISTENER instance=one",
					"IPC socket " + path + ": role=CLIENT instance=two");
			this.appender.list.clear();
			client.close();
			await().atMost(WAIT).until(() -> listener.peers().isEmpty());
			assertThat(infoLines()).containsExactly("IPC socket " + path + ": instance=two left the bus (was CLIENT)");
			this.appender.list.clear();
		}
		finally {
			client.close();
			listener.close();
		}
		assertThat(infoLines()).containsExactly("IPC socket " + path + ": instance=one left the bus (was LISTENER)");
	}

	private List<String> infoLines() {
		return this.appender.list.stream()
			.filter((event) -> event.getLevel().isGreaterOrEqual(Level.INFO))
			.filter((event) -> event.getLoggerName().startsWith("dev.ipcsocket")
					|| event.getLoggerName().startsWith("org.springframework.integration"))
			.filter((event) -> !event.getLoggerName().endsWith("ConnectionFactory"))
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

}
