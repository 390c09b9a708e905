package dev.ipcsocket.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.testsupport.SiblingJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application whose only work is its socket, in a JVM of its own, runs while the
 * socket is open, as applications with message listener containers do, and exits once its
 * context is closed; with {@code ipc.keep-alive=false} it exits as soon as it has started.
 */
class KeepAliveIT {

	private static final Duration START = Duration.ofSeconds(60);

	@TempDir
	Path dir;

	@Test
	void applicationWithOnlyTheSocketRunsUntilItsContextCloses() throws IOException {
		try (SiblingJvm app = SiblingJvm.start(KeepAliveApplication.class, this.dir.resolve("app.log"),
				"--ipc.path=" + this.dir.resolve("app.sock"), "--spring.main.banner-mode=off")) {
			app.awaitLine("STARTED", START);

			// main has returned: only the keep-alive thread holds the JVM
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(app::isAlive);
			app.send("stop");

			assertThat(app.awaitExit(Duration.ofSeconds(30))).isZero();
		}
	}

	@Test
	void applicationExitsAtOnceWithKeepAliveOff() throws IOException {
		try (SiblingJvm app = SiblingJvm.start(KeepAliveApplication.class, this.dir.resolve("app.log"),
				"--ipc.path=" + this.dir.resolve("app.sock"), "--spring.main.banner-mode=off",
				"--ipc.keep-alive=false")) {
			app.awaitLine("STARTED", START);

			assertThat(app.awaitExit(Duration.ofSeconds(30))).isZero();
		}
	}

}
