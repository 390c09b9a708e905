package dev.ipcsocket.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.test.IpcSiblingContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sidecar shape with {@link IpcSiblingContainer}: the sample application under test on the
 * host listens, and two sample containers that mount its socket's directory join it at once. Both
 * run the jar as pid 1 in a pid namespace of their own, yet get default instance ids of their
 * own (their host names differ, and so do the random digits), and a line from any of the three
 * reaches the two others.
 */
@RequiresContainerEngine
@SpringBootTest(classes = { SampleApplication.class, SampleAppSiblingContainersIT.Received.class },
		properties = "sample.stdin=false")
class SampleAppSiblingContainersIT {

	private static final Duration WAIT = Duration.ofMinutes(2);

	@TempDir
	static Path dir;

	@DynamicPropertySource
	static void ipc(DynamicPropertyRegistry registry) {
		registry.add("ipc.path", () -> dir.resolve("app.sock").toString());
	}

	@Autowired
	IPCSocket socket;

	@Autowired
	Received received;

	private static IpcSiblingContainer sibling() {
		return new IpcSiblingContainer(SampleImage.IMAGE).withSocket(dir.resolve("app.sock"))
			.waitingFor(Wait.forLogMessage(".*role=CLIENT.*\\n", 1).withStartupTimeout(WAIT));
	}

	@Test
	void twoContainersJoinAtOnceWithIdsOfTheirOwnAndEveryLineReachesTheOthers() {
		try (IpcSiblingContainer first = sibling(); IpcSiblingContainer second = sibling()) {
			Startables.deepStart(first, second).join();

			await().atMost(WAIT).until(() -> this.socket.peers().size() == 2);
			List<String> ids = this.socket.peers().stream().map(IpcPeer::id).toList();
			assertThat(ids).doesNotHaveDuplicates()
				.allMatch((id) -> id.startsWith("ipc-sample-"))
				.containsExactlyInAnyOrder(id(first), id(second));

			this.socket.send("from the host");
			first.typeLine("from the first container");
			second.typeLine("from the second container");

			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(this.received.lines).containsExactlyInAnyOrder("from the first container",
						"from the second container");
				assertThat(first.standardOutput()).contains("from the host", "from the second container");
				assertThat(second.standardOutput()).contains("from the host", "from the first container");
			});
			assertThat(first.standardOutput()).doesNotContain("from the first container");
			assertThat(second.standardOutput()).doesNotContain("from the second container");
		}
	}

	/** The id a sample printed with its role. */
	private static String id(IpcSiblingContainer sibling) {
		Pattern role = Pattern.compile("role=CLIENT .* id=(\\S+)");
		return await().atMost(WAIT)
			.until(() -> role.matcher(sibling.standardOutput()), Matcher::find)
			.group(1);
	}

	/** What the application under test received from its siblings. */
	@TestComponent
	static class Received {

		final List<String> lines = new CopyOnWriteArrayList<>();

		@EventListener
		void on(IpcDataEvent event) {
			this.lines.add(event.getText());
		}

	}

}
