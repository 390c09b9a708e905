package dev.ipcsocket.socket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.testsupport.SiblingJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing lost when a member dies, in real processes: a listener and three clients
 * ({@link CountingSibling}), each client sending numbered broadcasts, and every fifth message
 * directly to the first listener, one every 2 ms, while one member is killed with SIGKILL.
 * <ul>
 * <li>The listener killed: every survivor receives every other survivor's broadcasts exactly once
 * and in order (what the dead listener had not passed on arrives through the next one), and
 * every direct message to the dead listener either reached it or was reported to its sender.</li>
 * <li>A client killed: every other member receives the same unbroken run of its broadcasts, at
 * least up to the last one its {@code send} returned for, and the survivors lose nothing.</li>
 * </ul>
 * Each round's counts (sent, delivered, duplicated, reordered, reported, silently lost) go to
 * {@code target/nothing-lost.txt}. Rounds: system properties {@code ipc.nothing-lost.rounds}
 * (listener killed, 10 by default) and {@code ipc.nothing-lost.client-rounds} (2).
 */
class NothingLostIT {

	private static final int LISTENER_ROUNDS = Integer.getInteger("ipc.nothing-lost.rounds", 10);

	private static final int CLIENT_ROUNDS = Integer.getInteger("ipc.nothing-lost.client-rounds", 2);

	/** Messages each client sends before the kill, and again after it. */
	private static final int MESSAGES_AROUND_THE_KILL = 100;

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration POLL = Duration.ofMillis(20);

	/** Kept after the run, so that a failure can be read in the members' own words. */
	private static final Path LOGS = Path.of("target", "sibling-logs", "nothing-lost");

	private static final Path REPORT = Path.of("target", "nothing-lost.txt");

	private static final List<String> report = new ArrayList<>();

	@TempDir
	Path dir;

	private final List<SiblingJvm> members = new ArrayList<>();

	@AfterEach
	void stopMembers() {
		this.members.forEach(SiblingJvm::close);
		this.members.clear();
	}

	@AfterAll
	static void writeReport() throws IOException {
		Files.createDirectories(REPORT.getParent());
		Files.write(REPORT, report);
	}

	@Test
	void survivorsOfAKilledListenerLoseNothing() throws IOException {
		killInRounds(LISTENER_ROUNDS, "l");
	}

	@Test
	void othersOfAKilledClientLoseNothingItHadSent() throws IOException {
		killInRounds(CLIENT_ROUNDS, "a");
	}

	private void killInRounds(int rounds, String victimId) throws IOException {
		for (int round = 1; round <= rounds; round++) {
			Round counts = killOne(round, victimId);
			assertThat(counts.lost).as("silently lost in round %d: %s", round, counts).isZero();
			assertThat(counts.duplicated + counts.reordered).as("round %d: %s", round, counts).isZero();
			stopMembers();
		}
	}

	private Round killOne(int round, String victimId) throws IOException {
		String name = "kill-" + victimId + "-" + round;
		Path files = Files.createDirectories(this.dir.resolve(name));
		Path socket = files.resolve("s.sock");
		Files.createDirectories(LOGS);
		Map<String, SiblingJvm> byId = new LinkedHashMap<>();
		byId.put("l", start(socket, files, name, "l"));
		assertThat(byId.get("l").awaitLine("STARTED", WAIT)).contains("role=LISTENER");
		for (String id : List.of("a", "b", "c")) {
			byId.put(id, start(socket, files, name, id));
		}
		for (String id : List.of("a", "b", "c")) {
			assertThat(byId.get(id).awaitLine("STARTED", WAIT)).as(id).contains("role=CLIENT");
		}
		byId.values().forEach((member) -> member.send("PEERS 3"));
		byId.forEach((id, member) -> assertThat(member.awaitLine("PEERS", WAIT)).as(id).isEqualTo("PEERS 3"));
		List<String> senders = List.of("a", "b", "c");
		senders.forEach((id) -> byId.get(id).send("SEND 2 5"));
		await(name + ": messages before the kill").atMost(WAIT)
			.pollInterval(POLL)
			.until(() -> senders.stream().allMatch((id) -> lines(files, id, "sent").size() >= MESSAGES_AROUND_THE_KILL));

		assertThat(byId.get(victimId).kill()).as("exit value after SIGKILL").isEqualTo(137);
		List<String> survivors = byId.keySet().stream().filter((id) -> !id.equals(victimId)).toList();
		List<String> liveSenders = senders.stream().filter(survivors::contains).toList();
		Map<String, Integer> atKill = new LinkedHashMap<>();
		liveSenders.forEach((id) -> atKill.put(id, lines(files, id, "sent").size()));
		await(name + ": messages after the kill").atMost(WAIT)
			.pollInterval(POLL)
			.until(() -> liveSenders.stream()
				.allMatch((id) -> lines(files, id, "sent").size() >= atKill.get(id) + MESSAGES_AROUND_THE_KILL));
		Map<String, Integer> broadcasts = new LinkedHashMap<>();
		for (String id : liveSenders) {
			byId.get(id).send("STOP");
			broadcasts.put(id, Integer.parseInt(byId.get(id).awaitLine("STOPPED", WAIT).split(" ")[1]));
		}
		// what is still on its way arrives, or comes back to its sender; what does not is counted as lost
		try {
			await(name + ": every broadcast delivered or reported").atMost(WAIT)
				.pollInterval(POLL)
				.until(() -> liveSenders.stream()
					.allMatch((sender) -> survivors.stream()
						.filter((receiver) -> !receiver.equals(sender))
						.allMatch((receiver) -> missing(files, sender, broadcasts.get(sender), receiver).isEmpty())));
		}
		catch (ConditionTimeoutException ex) {
			System.out.println(name + ": " + ex.getMessage());
		}

		Round counts = count(files, victimId, survivors, liveSenders, broadcasts);
		String line = String.format(Locale.ROOT, "%s: %s", name, counts);
		System.out.println(line);
		report.add(line);
		return counts;
	}

	private SiblingJvm start(Path socket, Path files, String name, String id) throws IOException {
		SiblingJvm member = SiblingJvm.start(CountingSibling.class, LOGS.resolve(name + "-" + id + ".log"),
				socket.toString(), id, files.toString(), "l");
		this.members.add(member);
		return member;
	}

	private Round count(Path files, String victimId, List<String> survivors, List<String> liveSenders,
			Map<String, Integer> broadcasts) {
		Round counts = new Round();
		for (String sender : liveSenders) {
			Set<String> reported = Set.copyOf(lines(files, sender, "reported"));
			counts.sent += broadcasts.get(sender);
			counts.reported += reported.size();
			for (String receiver : survivors) {
				if (!receiver.equals(sender)) {
					countReceived(counts, broadcastsOf(files, sender, receiver), broadcasts.get(sender), reported);
				}
			}
			// direct messages to the first listener: received there, or reported to the sender
			List<String> direct = lines(files, sender, "sent").stream().filter((text) -> text.contains(":d:")).toList();
			Set<String> atListener = Set.copyOf(lines(files, "l", "received"));
			counts.sent += direct.size();
			counts.lost += direct.stream()
				.filter((text) -> !atListener.contains(text) && !reported.contains(text))
				.count();
		}
		if (!victimId.equals("l")) {
			// the dead client's broadcasts: one unbroken run at every other member, as long everywhere,
			// and at least every one its send returned for
			List<Integer> returned = numbers(lines(files, victimId, "sent"), victimId);
			int lastReturned = returned.isEmpty() ? 0 : returned.get(returned.size() - 1);
			List<Integer> lengths = new ArrayList<>();
			for (String receiver : survivors) {
				List<Integer> received = broadcastsOf(files, victimId, receiver);
				lengths.add(received.size());
				countReceived(counts, received, received.size(), Set.of());
				counts.lost += Math.max(0, lastReturned - received.size());
			}
			assertThat(Set.copyOf(lengths)).as("broadcasts of the killed client at each member").hasSize(1);
		}
		return counts;
	}

	/** Count one receiver's run of one sender's broadcasts against 1..expected. */
	private static void countReceived(Round counts, List<Integer> received, int expected, Set<String> reported) {
		counts.delivered += received.size();
		counts.duplicated += received.size() - Set.copyOf(received).size();
		for (int i = 1; i < received.size(); i++) {
			if (received.get(i) < received.get(i - 1)) {
				counts.reordered++;
			}
		}
		Set<Integer> got = Set.copyOf(received);
		counts.lost += IntStream.rangeClosed(1, expected)
			.filter((n) -> !got.contains(n))
			.filter((n) -> reported.stream().noneMatch((text) -> text.endsWith(":" + n) && !text.contains(":d:")))
			.count();
	}

	private static List<String> missing(Path files, String sender, int expected, String receiver) {
		Set<Integer> got = Set.copyOf(broadcastsOf(files, sender, receiver));
		Set<String> reported = Set.copyOf(lines(files, sender, "reported"));
		return IntStream.rangeClosed(1, expected)
			.filter((n) -> !got.contains(n) && !reported.contains(sender + ":" + n))
			.mapToObj(String::valueOf)
			.toList();
	}

	private static List<Integer> broadcastsOf(Path files, String sender, String receiver) {
		return numbers(lines(files, receiver, "received"), sender);
	}

	private static List<Integer> numbers(List<String> texts, String sender) {
		String prefix = sender + ":";
		return texts.stream()
			.filter((text) -> text.startsWith(prefix) && !text.startsWith(prefix + "d:"))
			.map((text) -> Integer.valueOf(text.substring(prefix.length())))
			.collect(Collectors.toList());
	}

	private static List<String> lines(Path files, String id, String kind) {
		Path file = files.resolve(id + "." + kind);
		try {
			if (!Files.exists(file)) {
				return List.of();
			}
			// a line being written by a live member may be cut short: only whole lines count
			String content = Files.readString(file);
			int end = content.lastIndexOf('\n');
			return (end < 0) ? List.of() : List.of(content.substring(0, end).split("\n"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What one round counted, over every sender and receiver. */
	private static final class Round {

		long sent;

		long delivered;

		long duplicated;

		long reordered;

		long reported;

		long lost;

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"sent %d, delivered %d, duplicated %d, reordered %d, reported %d, silently lost %d", this.sent,
					this.delivered, this.duplicated, this.reordered, this.reported, this.lost);
		}

	}

}
