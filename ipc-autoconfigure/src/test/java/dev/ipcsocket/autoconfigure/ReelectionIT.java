package dev.ipcsocket.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.autoconfigure.BusMemberJvm.Received;
import dev.ipcsocket.autoconfigure.orders.OrderPlaced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Four bus members, one listener and three clients, each a Spring Boot application in a JVM of
 * its own ({@link BusMemberApplication}). Round after round the listener is killed with SIGKILL:
 * exactly one survivor becomes the new listener and the two others connect to it, without any
 * user code; every message a survivor sends from right after the kill until after the recovery
 * reaches each other survivor once and in order, or comes back as an error carrying it. A new
 * member then restores three clients for the next round.
 * <p>
 * The time from the kill to the moment the last survivor has its role again (a client's role
 * is decided once the new listener has welcomed it) is written per round, with p50 and max, to
 * {@code target/reelection-times.txt}. Rounds: system property {@code ipc.reelection.rounds}.
 */
class ReelectionIT {

	private static final int ROUNDS = Integer.getInteger("ipc.reelection.rounds", 10);

	private static final int MEMBERS = 4;

	/** Messages a survivor sends per outage: the first {@link #BURST} back to back right after the kill. */
	private static final int OUTAGE_MESSAGES = 60;

	private static final int BURST = 20;

	/** The rest follow one every few milliseconds, until after the bus has recovered. */
	private static final int TRICKLE_INTERVAL_MILLIS = 5;

	private static final Duration POLL = Duration.ofMillis(20);

	/** Kept after the run, so that a failure can be read in the members' own words. */
	private static final Path LOGS = Path.of("target", "sibling-logs", "reelection");

	private static final Path TIMES = Path.of("target", "reelection-times.txt");

	@TempDir
	static Path dir;

	private static Path socket;

	/** Every member started, the killed ones included. */
	private static final List<BusMemberJvm> members = new ArrayList<>();

	@BeforeAll
	static void startMembers() throws IOException {
		socket = dir.resolve("bus.sock");
		Files.createDirectories(LOGS);
		try {
			for (int i = 0; i < MEMBERS; i++) {
				startMember();
			}
			members.forEach(BusMemberJvm::awaitReady);
			awaitEveryoneSeesEveryone(live());
		}
		catch (RuntimeException | AssertionError ex) {
			stopMembers();
			throw ex;
		}
	}

	@AfterAll
	static void stopMembers() {
		members.forEach(BusMemberJvm::close);
		members.clear();
	}

	@Test
	void survivorsOfAKilledListenerElectExactlyOneNewListenerAndLoseNoMessage() throws IOException {
		List<Duration> recoveries = new ArrayList<>();
		List<String> report = new ArrayList<>();
		try {
			for (int round = 1; round <= ROUNDS; round++) {
				recoveries.add(killTheListenerAndRecover(round, report));
			}
		}
		finally {
			writeTimes(recoveries, report);
		}
	}

	private Duration killTheListenerAndRecover(int round, List<String> report) throws IOException {
		List<BusMemberJvm> live = live();
		List<BusMemberJvm> listeners = live.stream().filter(ReelectionIT::isListener).toList();
		assertThat(listeners).as("listeners before round %d", round).hasSize(1);
		BusMemberJvm listener = listeners.get(0);
		List<BusMemberJvm> survivors = live.stream().filter((member) -> member != listener).toList();
		// a different survivor sends each round: sometimes it becomes the listener, sometimes not
		BusMemberJvm sender = survivors.get(round % survivors.size());
		List<BusMemberJvm> receivers = survivors.stream().filter((member) -> member != sender).toList();
		Map<BusMemberJvm, Integer> marks = new LinkedHashMap<>();
		survivors.forEach((survivor) -> marks.put(survivor, survivor.mark()));
		String prefix = "r" + round + "-";

		long killedAt = epochMicros();
		assertThat(listener.kill()).as("exit value of %s after SIGKILL", listener).isEqualTo(137);
		sender.send("TRICKLE " + prefix + " " + BURST + " " + OUTAGE_MESSAGES + " " + TRICKLE_INTERVAL_MILLIS);

		await("round " + round + ": every survivor decides its role again").atMost(BusMemberJvm.WAIT)
			.pollInterval(POLL)
			.until(() -> survivors.stream().allMatch((survivor) -> !survivor.lines("ROLE", marks.get(survivor)).isEmpty()));
		awaitEveryoneSeesEveryone(survivors);
		Map<BusMemberJvm, String> roles = new LinkedHashMap<>();
		long recoveredAt = 0;
		long listeningAt = 0;
		for (BusMemberJvm survivor : survivors) {
			List<String> decided = survivor.lines("ROLE", marks.get(survivor));
			assertThat(decided).as("round %d: roles decided by %s", round, survivor.id()).hasSize(1);
			String[] fields = decided.get(0).split(" ");
			roles.put(survivor, fields[1]);
			long at = Long.parseLong(fields[2].substring("at=".length()));
			recoveredAt = Math.max(recoveredAt, at);
			listeningAt = fields[1].equals("LISTENER") ? at : listeningAt;
		}
		assertThat(roles.values()).as("round %d: roles after killing %s", round, listener.id())
			.containsOnlyOnce("LISTENER")
			.containsOnly("LISTENER", "CLIENT");
		Duration recovery = Duration.ofNanos((recoveredAt - killedAt) * 1000);

		List<String> texts = IntStream.rangeClosed(1, OUTAGE_MESSAGES).mapToObj((i) -> prefix + i).toList();
		await("round " + round + ": every outage message delivered or reported").atMost(BusMemberJvm.WAIT)
			.pollInterval(POLL)
			.until(() -> !sender.lines("TRICKLED", marks.get(sender)).isEmpty() && texts.stream()
				.allMatch((text) -> reported(sender, marks.get(sender), text)
						|| receivers.stream().allMatch((receiver) -> texts(receiver, prefix).contains(text))));
		for (BusMemberJvm receiver : receivers) {
			List<Received> received = receiver.received(prefix);
			assertThat(received).as("round %d: outage messages received by %s", round, receiver.id())
				.allSatisfy((message) -> {
					assertThat(message.origin()).isEqualTo(sender.id());
					assertThat(message.kind()).isEqualTo("broadcast");
				});
			assertThat(texts(receiver, prefix)).as("round %d: outage messages received by %s", round, receiver.id())
				.doesNotHaveDuplicates()
				.isSortedAccordingTo(Comparator.comparingInt(texts::indexOf));
		}
		assertThat(texts(sender, prefix)).as("round %d: outage messages echoed to the sender", round).isEmpty();
		long reported = texts.stream().filter((text) -> reported(sender, marks.get(sender), text)).count();

		BusMemberJvm newcomer = startMember().awaitReady();
		assertThat(newcomer.role()).as("role of the newcomer %s", newcomer.id()).contains("CLIENT");
		awaitEveryoneSeesEveryone(live());

		BusMemberJvm newListener = roles.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().equals("LISTENER"))
			.findFirst()
			.orElseThrow()
			.getKey();
		String line = String.format(Locale.ROOT,
				"round %d: killed listener %s; %s listens %.1f ms and all %d survivors are connected %.1f ms after "
						+ "the kill; %s sent %d messages through the outage: %d delivered to each other survivor, "
						+ "%d reported",
				round, listener.id(), newListener.id(), (listeningAt - killedAt) / 1e3, survivors.size(),
				recovery.toNanos() / 1e6, sender.id(), OUTAGE_MESSAGES, OUTAGE_MESSAGES - reported, reported);
		System.out.println(line);
		report.add(line);
		return recovery;
	}

	/** A message counts as reported if its sender got it back in an error event or its send threw. */
	private static boolean reported(BusMemberJvm sender, int from, String text) {
		return sender.lines("ERROR", from).stream().anyMatch((line) -> line.split(" ")[2].equals("undelivered=" + text))
				|| sender.lines("SEND-FAILED", from).stream().anyMatch((line) -> line.split(" ")[2].equals(text));
	}

	private static List<String> texts(BusMemberJvm member, String prefix) {
		return member.received(prefix).stream().map(Received::text).toList();
	}

	private static BusMemberJvm startMember() throws IOException {
		String id = "m" + (members.size() + 1);
		BusMemberJvm member = BusMemberJvm.start(id, socket, LOGS,
				"--ipc.trusted-packages=" + OrderPlaced.class.getPackageName());
		members.add(member);
		return member;
	}

	private static List<BusMemberJvm> live() {
		return members.stream().filter(BusMemberJvm::isAlive).toList();
	}

	private static boolean isListener(BusMemberJvm member) {
		return member.role().filter("LISTENER"::equals).isPresent();
	}

	private static void awaitEveryoneSeesEveryone(List<BusMemberJvm> group) {
		for (BusMemberJvm member : group) {
			List<String> others = group.stream()
				.filter((other) -> other != member)
				.map(BusMemberJvm::id)
				.sorted()
				.toList();
			await(member.id() + " sees exactly " + others).atMost(BusMemberJvm.WAIT)
				.pollInterval(POLL)
				.until(() -> member.peers().equals(others));
		}
	}

	private static long epochMicros() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
	}

	private static void writeTimes(List<Duration> recoveries, List<String> report) throws IOException {
		List<String> lines = new ArrayList<>(report);
		if (!recoveries.isEmpty()) {
			List<Duration> sorted = recoveries.stream().sorted().toList();
			Duration p50 = sorted.get((sorted.size() + 1) / 2 - 1);
			Duration max = sorted.get(sorted.size() - 1);
			String summary = String.format(Locale.ROOT,
					"re-election, kill -9 of the listener to every survivor connected to the new one, %d rounds "
							+ "of %d members: p50 %.1f ms, max %.1f ms",
					recoveries.size(), MEMBERS, p50.toNanos() / 1e6, max.toNanos() / 1e6);
			System.out.println(summary);
			lines.add(summary);
		}
		Files.createDirectories(TIMES.getParent());
		Files.write(TIMES, lines);
	}

}
