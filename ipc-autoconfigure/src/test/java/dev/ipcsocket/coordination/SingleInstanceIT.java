package dev.ipcsocket.coordination;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.autoconfigure.IpcSingleInstanceRunListener;
import dev.ipcsocket.testsupport.SiblingJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ipc.single-instance=true} with real starts of a Spring Boot application
 * ({@link SingleInstanceApplication}).
 */
class SingleInstanceIT {

	private static final Duration START = Duration.ofSeconds(60);

	@TempDir
	Path dir;

	private int started;

	@Test
	void secondStartHandsItsArgumentsToTheRunningInstanceAndExits() throws IOException {
		try (SiblingJvm first = start(null, "first")) {
			first.awaitLine("ready", START);
			try (SiblingJvm second = start(null, "open", "a file.txt", "ünï")) {
				assertThat(second.awaitExit(START)).isEqualTo(IpcSingleInstanceRunListener.HANDED_OVER_EXIT_CODE);
				String line = first.awaitLine("second-instance", START);
				assertThat(line).isEqualTo("second-instance " + second.pid() + " " + Path.of("").toAbsolutePath()
						+ " --ipc.path=" + this.dir.resolve("app.sock")
						+ " --ipc.single-instance=true open a file.txt ünï");
			}
		}
	}

	@Test
	void singleInstanceSetInAConfigurationFileIsDecidedOnceTheEnvironmentIsReady() throws IOException {
		// not on the command line: the run listener cannot act before the files are read
		Path properties = Files.writeString(this.dir.resolve("single.properties"), "ipc.single-instance=true\n");
		List<String> args = List.of("--ipc.path=" + this.dir.resolve("app.sock"),
				"--spring.config.additional-location=file:" + properties);
		try (SiblingJvm first = startWith(null, args, "first")) {
			first.awaitLine("ready", START);
			try (SiblingJvm second = startWith(null, args, "from-the-file")) {
				assertThat(second.awaitExit(START)).isEqualTo(IpcSingleInstanceRunListener.HANDED_OVER_EXIT_CODE);
				assertThat(first.awaitLine("second-instance", START)).endsWith(" from-the-file");
			}
		}
	}

	@Test
	void eightSimultaneousStartsLeaveOneRunningWithTheOthersArguments() throws IOException {
		List<String> lines = new CopyOnWriteArrayList<>();
		List<SiblingJvm> starts = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) {
				starts.add(start(lines::add, "start-" + i));
			}
			await().atMost(START).until(() -> starts.stream().filter(SiblingJvm::isAlive).count() == 1
					&& lines.stream().filter((line) -> line.startsWith("second-instance ")).count() == 7);
			List<Integer> exits = starts.stream()
				.filter((start) -> !start.isAlive())
				.map((start) -> start.awaitExit(START))
				.toList();
			assertThat(exits).hasSize(7).containsOnly(0);
			SiblingJvm running = starts.stream().filter(SiblingJvm::isAlive).findFirst().orElseThrow();
			int runningIndex = starts.indexOf(running);
			List<String> handedOver = lines.stream()
				.filter((line) -> line.startsWith("second-instance "))
				.map((line) -> line.substring(line.lastIndexOf(' ') + 1))
				.toList();
			List<String> others = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				if (i != runningIndex) {
					others.add("start-" + i);
				}
			}
			assertThat(handedOver).containsExactlyInAnyOrderElementsOf(others);
		}
		finally {
			starts.forEach(SiblingJvm::close);
		}
	}

	private SiblingJvm start(@Nullable Consumer<String> consumer, String... args) throws IOException {
		return startWith(consumer, List.of("--ipc.path=" + this.dir.resolve("app.sock"), "--ipc.single-instance=true"),
				args);
	}

	private SiblingJvm startWith(@Nullable Consumer<String> consumer, List<String> settings, String... args)
			throws IOException {
		List<String> all = new ArrayList<>(settings);
		all.addAll(List.of(args));
		return SiblingJvm.start(SingleInstanceApplication.class, this.dir.resolve("start-" + this.started++ + ".log"),
				consumer, all.toArray(String[]::new));
	}

}
