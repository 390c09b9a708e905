package dev.ipcsocket.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample jar's contract, with real sibling JVMs: one prints {@code role=LISTENER}, the others
 * {@code role=CLIENT}; a line on one's standard input is printed by every other, and never by
 * the sender.
 */
class SampleAppIT {

	/** The sample app takes 20-45 s to start on a 2-core machine that other builds keep busy. */
	private static final Duration WAIT = Duration.ofSeconds(120);

	@TempDir
	Path dir;

	private final List<Member> members = new ArrayList<>();

	@AfterEach
	void stop() {
		this.members.forEach(Member::stop);
	}

	private Member start() throws IOException {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the repackaged sample jar (mvn verify builds it)").exists();
		Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
				jar.toString(), "--ipc.path=" + this.dir.resolve("app.sock"))
			.redirectError(this.dir.resolve("member-" + this.members.size() + ".err").toFile())
			.start();
		Member member = new Member(process);
		this.members.add(member);
		return member;
	}

	@Test
	void threeSiblingsElectOneListenerAndEveryLineReachesEveryOtherMember() throws IOException {
		Member first = start();
		await().atMost(WAIT).until(() -> first.printed("role=LISTENER"));
		Member second = start();
		Member third = start();
		await().atMost(WAIT).until(() -> second.printed("role=CLIENT") && third.printed("role=CLIENT"));
		await().atMost(WAIT).until(() -> errorLines(0).stream().filter((line) -> line.startsWith("ipc connected")).count() == 2);

		second.type("from the second member");
		first.type("from the listener, with ünïcödé");

		await().atMost(WAIT).until(() -> first.lines.contains("from the second member")
				&& third.lines.contains("from the second member")
				&& second.lines.contains("from the listener, with ünïcödé")
				&& third.lines.contains("from the listener, with ünïcödé"));
		assertThat(second.lines).doesNotContain("from the second member");
		assertThat(first.lines).doesNotContain("from the listener, with ünïcödé");
	}

	private List<String> errorLines(int member) throws IOException {
		return Files.readAllLines(this.dir.resolve("member-" + member + ".err"));
	}

	@Test
	void stoppingTheListenerLeavesNoSocketFileBehind() throws Exception {
		Member only = start();
		await().atMost(WAIT).until(() -> only.printed("role=LISTENER"));
		assertThat(this.dir.resolve("app.sock")).exists();

		only.process.destroy();

		assertThat(only.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		try (var entries = Files.list(this.dir)) {
			assertThat(entries.map((entry) -> entry.getFileName().toString()).filter((name) -> !name.endsWith(".err")))
				.containsExactly("app.sock.lock");
		}
	}

	private static final class Member {

		private final Process process;

		private final PrintStream stdin;

		private final List<String> lines = new CopyOnWriteArrayList<>();

		Member(Process process) {
			this.process = process;
			this.stdin = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
			Thread reader = new Thread(this::readOutput, "member-stdout-" + process.pid());
			reader.setDaemon(true);
			reader.start();
		}

		private void readOutput() {
			try (BufferedReader out = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = out.readLine(); line != null; line = out.readLine()) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}

		boolean printed(String part) {
			return this.lines.stream().anyMatch((line) -> line.contains(part));
		}

		void type(String line) {
			this.stdin.println(line);
		}

		void stop() {
			this.process.destroyForcibly();
		}

	}

}
