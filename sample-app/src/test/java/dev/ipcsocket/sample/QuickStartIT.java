package dev.ipcsocket.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.sample.quickstart.QuickStartApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's quick start, pasted: two plain Boot applications made of its code and its one
 * property, each in its own JVM, greet each other at start-up and stay up while their socket is
 * open. {@code ReadmeQuickStartTests} checks that the code run here is the README's.
 */
class QuickStartIT {

	/** A Boot app takes 20-45 s to start on a 2-core machine that other builds keep busy. */
	private static final Duration WAIT = Duration.ofSeconds(120);

	@TempDir
	Path dir;

	private final List<SampleMember> members = new ArrayList<>();

	@AfterEach
	void stop() {
		this.members.forEach(SampleMember::stop);
	}

	private SampleMember start(String name) throws IOException {
		// the README's ipc.path is under ${XDG_RUNTIME_DIR:/tmp}: this test's directory here; the
		// properties file is named quickstart only so that the sample app's own is not read
		SampleMember member = SampleMember.startFromTestClasspath(this.dir, name, QuickStartApplication.class,
				Map.of("XDG_RUNTIME_DIR", this.dir.toString()), "--spring.config.name=quickstart");
		this.members.add(member);
		return member;
	}

	@Test
	void twoQuickStartApplicationsGreetEachOtherAtStartUpAndStayUp() throws IOException {
		SampleMember first = start("first");
		await().atMost(WAIT).until(() -> first.printed("role=LISTENER") || !first.process().isAlive());
		assertThat(first.process().isAlive()).as("the first application is still running").isTrue();
		SampleMember second = start("second");
		await().atMost(WAIT).until(() -> second.printed("role=CLIENT") || !second.process().isAlive());

		// the second's greeting at start-up reaches the first; the first welcomes the newcomer
		await().atMost(WAIT).until(() -> first.printed(" says hello from ") && second.printed(" says welcome, "));
		assertThat(first.process().isAlive()).isTrue();
		assertThat(second.process().isAlive()).isTrue();
		assertThat(first.errorLines()).noneMatch((line) -> line.contains("Exception"));
		assertThat(this.dir.resolve("myapp/app.sock")).exists();
	}

}
