package dev.ipcsocket.socket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.testsupport.SiblingJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The listener relays at socket speed whatever its own listeners do, in real processes: its
 * application's listener does not return ({@link CountingSibling} with {@code hold}), a client
 * sends 200 broadcasts back to back, and a third member receives all of them well within a
 * second; once let go, the listener's own listener gets all 200 in order.
 */
class SlowHubListenerIT {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Path LOGS = Path.of("target", "sibling-logs", "slow-hub-listener");

	@TempDir
	Path dir;

	private final List<SiblingJvm> members = new ArrayList<>();

	@AfterEach
	void stopMembers() {
		this.members.forEach(SiblingJvm::close);
	}

	@Test
	void aHubWhoseListenerDoesNotReturnStillRelaysEveryBroadcast() throws IOException {
		Files.createDirectories(LOGS);
		Path socket = this.dir.resolve("s.sock");
		SiblingJvm hub = start(socket, "hub", "hold");
		assertThat(hub.awaitLine("STARTED", WAIT)).contains("role=LISTENER");
		SiblingJvm third = start(socket, "third");
		SiblingJvm sender = start(socket, "sender");
		assertThat(third.awaitLine("STARTED", WAIT)).contains("role=CLIENT");
		assertThat(sender.awaitLine("STARTED", WAIT)).contains("role=CLIENT");
		for (SiblingJvm member : List.of(hub, third, sender)) {
			member.send("PEERS 2");
			assertThat(member.awaitLine("PEERS", WAIT)).isEqualTo("PEERS 2");
		}
		List<String> sent = IntStream.rangeClosed(1, 200).mapToObj((n) -> "sender:" + n).toList();

		sender.send("BURST 200");
		sender.awaitLine("BURST", WAIT);

		// the hub's connection check would let another thread read on behind its listener after up
		// to a second: the relay must not wait for that
		await().atMost(Duration.ofMillis(900)).pollInterval(Duration.ofMillis(10))
			.until(() -> received("third").equals(sent));
		assertThat(received("hub")).isEmpty();
		hub.send("RELEASE");
		await().atMost(WAIT).until(() -> received("hub").equals(sent));
	}

	private SiblingJvm start(Path socket, String id, String... more) throws IOException {
		List<String> args = new ArrayList<>(List.of(socket.toString(), id, this.dir.toString(), "hub"));
		args.addAll(List.of(more));
		SiblingJvm member = SiblingJvm.start(CountingSibling.class, LOGS.resolve(id + ".log"),
				args.toArray(String[]::new));
		this.members.add(member);
		return member;
	}

	private List<String> received(String id) throws IOException {
		Path file = this.dir.resolve(id + ".received");
		String content = Files.exists(file) ? Files.readString(file) : "";
		int end = content.lastIndexOf('\n');
		return (end < 0) ? List.of() : List.of(content.substring(0, end).split("\n"));
	}

}
