package dev.ipcsocket.coordination;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.testsupport.SiblingJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sibling JVMs ({@link LockContender}) contending for one lock of a {@link SiblingLockRegistry}.
 */
class SiblingLockIT {

	private static final int JVMS = 8;

	private static final int TOTAL_ACQUISITIONS = 10_000;

	private static final Duration START = Duration.ofSeconds(30);

	@TempDir
	Path dir;

	@Test
	void eightJvmsNeverHoldTheLockTogether() throws IOException {
		Path shared = this.dir.resolve("shared.txt");
		List<SiblingJvm> jvms = new ArrayList<>();
		try {
			for (int i = 0; i < JVMS; i++) {
				jvms.add(SiblingJvm.start(LockContender.class, this.dir.resolve("contender-" + i + ".log"),
						this.dir.resolve("locks").toString(), "contend", "the lock", shared.toString(),
						String.valueOf(TOTAL_ACQUISITIONS / JVMS)));
			}
			for (SiblingJvm jvm : jvms) {
				jvm.awaitLine("done", Duration.ofMinutes(2));
			}
		}
		finally {
			jvms.forEach(SiblingJvm::close);
		}
		List<String> lines = Files.readAllLines(shared);
		assertThat(lines).hasSize(2 * TOTAL_ACQUISITIONS);
		for (int i = 0; i < lines.size(); i += 2) {
			String enter = lines.get(i);
			assertThat(enter).as("line %d", i + 1).startsWith("enter ");
			assertThat(lines.get(i + 1)).as("line %d", i + 2).isEqualTo("exit " + enter.substring("enter ".length()));
		}
	}

	@Test
	void killedHolderFreesTheLockForTheNextWaiterAtOnce() throws IOException {
		String locks = this.dir.resolve("locks").toString();
		try (SiblingJvm holder = SiblingJvm.start(LockContender.class, this.dir.resolve("holder.log"), locks, "hold",
				"the lock")) {
			holder.awaitLine("holding", START);
			try (SiblingJvm waiter = SiblingJvm.start(LockContender.class, this.dir.resolve("waiter.log"), locks,
					"wait", "the lock")) {
				waiter.awaitLine("waiting", START);
				assertThat(waiterAcquires(waiter, Duration.ofMillis(300))).as("the waiter acquires while held")
					.isFalse();
				holder.kill();
				waiter.awaitLine("acquired", Duration.ofMillis(100));
			}
		}
	}

	private static boolean waiterAcquires(SiblingJvm waiter, Duration within) {
		try {
			waiter.awaitLine("acquired", within);
			return true;
		}
		catch (AssertionError ex) {
			return false;
		}
	}

}
