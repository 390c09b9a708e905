package dev.ipcsocket.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample jar's contract, with real sibling JVMs: one prints {@code role=LISTENER}, the others
 * {@code role=CLIENT}; a line on one's standard input is printed by every other, and never by
 * the sender; one member runs the leadership-guarded job.
 */
class SampleAppIT {

	/** The sample app takes 20-45 s to start on a 2-core machine that other builds keep busy. */
	private static final Duration WAIT = Duration.ofSeconds(120);

	@TempDir
	Path dir;

	private final List<SampleMember> members = new ArrayList<>();

	@AfterEach
	void stop() {
		this.members.forEach(SampleMember::stop);
	}

	private SampleMember start() throws IOException {
		SampleMember member = SampleMember.start(this.dir, "member-" + this.members.size(),
				"--ipc.path=" + this.dir.resolve("app.sock"));
		this.members.add(member);
		return member;
	}

	@Test
	void threeSiblingsElectOneListenerAndEveryLineReachesEveryOtherMember() throws IOException {
		SampleMember first = start();
		await().atMost(WAIT).until(() -> first.printed("role=LISTENER"));
		SampleMember second = start();
		SampleMember third = start();
		await().atMost(WAIT).until(() -> second.printed("role=CLIENT") && third.printed("role=CLIENT"));
		await().atMost(WAIT).until(() -> first.errorLines().stream().filter((line) -> line.startsWith("ipc connected")).count() == 2);

		second.type("from the second member");
		first.type("from the listener, with ünïcödé");
		third.type("@nobody is no member: a line for everyone");

		await().atMost(WAIT).until(() -> first.lines().contains("from the second member")
				&& third.lines().contains("from the second member")
				&& second.lines().contains("from the listener, with ünïcödé")
				&& third.lines().contains("from the listener, with ünïcödé")
				&& first.lines().contains("@nobody is no member: a line for everyone")
				&& second.lines().contains("@nobody is no member: a line for everyone"));
		assertThat(second.lines()).doesNotContain("from the second member");
		assertThat(first.lines()).doesNotContain("from the listener, with ünïcödé");
		await().atMost(WAIT).until(() -> jobRunners(first, second, third) == 1);
	}

	/** How many members printed a line of the leadership-guarded job. */
	private static long jobRunners(SampleMember... members) {
		return java.util.Arrays.stream(members)
			.filter((member) -> member.lines().stream().anyMatch((line) -> line.startsWith("job ")))
			.count();
	}

	@Test
	void secondStartWithSingleInstanceHandsItsArgumentsOverAndExits() throws Exception {
		String[] singleInstance = { "--ipc.path=" + this.dir.resolve("app.sock"), "--ipc.single-instance=true" };
		SampleMember running = SampleMember.start(this.dir, "running", singleInstance);
		this.members.add(running);
		await().atMost(WAIT).until(() -> running.printed("role=LISTENER"));
		SampleMember second = SampleMember.start(this.dir, "second", singleInstance[0], singleInstance[1], "open",
				"report.txt");
		this.members.add(second);

		assertThat(second.process().waitFor(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		assertThat(second.process().exitValue()).isZero();
		await().atMost(WAIT).until(() -> running.lines()
			.contains("second-instance " + String.join(" ", singleInstance) + " open report.txt"));
		assertThat(second.lines()).noneMatch((line) -> line.startsWith("role="));
	}

	@Test
	void stoppingTheListenerLeavesNoSocketFileBehind() throws Exception {
		SampleMember only = start();
		await().atMost(WAIT).until(() -> only.printed("role=LISTENER"));
		assertThat(this.dir.resolve("app.sock")).exists();

		only.process().destroy();

		assertThat(only.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		try (var entries = Files.list(this.dir)) {
			assertThat(entries.map((entry) -> entry.getFileName().toString()).filter((name) -> !name.endsWith(".err")))
				.containsExactlyInAnyOrder("app.sock.lock", "app.sock.locks");
		}
	}

}
