package dev.ipcsocket.test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.test.quickstart.QuickStartApplication;
import dev.ipcsocket.testsupport.SiblingJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's quick start, pasted: two plain Boot applications made of its code and its one
 * property, each in its own JVM, greet each other at start-up and stay up while their socket is
 * open. {@code ReadmeQuickStartTests} checks that the code run here is the README's.
 */
class QuickStartIT {

	/** A Boot application takes 10-40 s to start on a 2-core machine that other builds keep busy. */
	private static final Duration WAIT = Duration.ofSeconds(120);

	@TempDir
	Path dir;

	private SiblingJvm start(String name, List<String> output) throws IOException {
		// the README's ipc.path is under ${XDG_RUNTIME_DIR:/tmp}, which a system property sets too:
		// this test's directory here; the file is named quickstart only to keep it apart from the
		// other tests of this module
		return SiblingJvm.start(QuickStartApplication.class, this.dir.resolve(name + ".err"),
				List.of("-Xmx128m", "-DXDG_RUNTIME_DIR=" + this.dir), output::add, "--spring.config.name=quickstart");
	}

	@Test
	void twoQuickStartApplicationsGreetEachOtherAtStartUpAndStayUp() throws IOException {
		List<String> first = new CopyOnWriteArrayList<>();
		List<String> second = new CopyOnWriteArrayList<>();
		try (SiblingJvm firstJvm = start("first", first)) {
			await().atMost(WAIT).until(() -> printed(first, "role=LISTENER") || !firstJvm.isAlive());
			assertThat(firstJvm.isAlive()).as("the first application is still running").isTrue();
			try (SiblingJvm secondJvm = start("second", second)) {
				// the second's greeting at start-up reaches the first; the first welcomes the newcomer
				await().atMost(WAIT).until(() -> printed(first, " says hello from ") && printed(second, " says welcome, "));
				assertThat(printed(second, "role=CLIENT")).isTrue();
				assertThat(firstJvm.isAlive()).isTrue();
				assertThat(secondJvm.isAlive()).isTrue();
			}
		}
		assertThat(first).noneMatch((line) -> line.contains("Exception"));
	}

	private static boolean printed(List<String> output, String part) {
		return output.stream().anyMatch((line) -> line.contains(part));
	}

}
