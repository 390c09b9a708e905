package dev.ipcsocket.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.autoconfigure.BusMemberJvm.Received;
import dev.ipcsocket.autoconfigure.orders.OrderPlaced;
import dev.ipcsocket.autoconfigure.orders.OrderQuery;
import dev.ipcsocket.autoconfigure.orders.OrderStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Four bus members on one socket path, each a Spring Boot application in a JVM of its own
 * ({@link BusMemberApplication}): broadcasts and direct messages reach exactly their targets,
 * once each and in order per sender; typed events and requests cross JVMs as objects; a member
 * that does not trust a type gets it raw with an error; a member of another application is
 * refused. The members start once for all tests, and each test uses messages of its own.
 */
class SiblingBusIT {

	private static final List<String> IDS = List.of("m1", "m2", "m3", "m4");

	/** Trusts another package than the one the typed messages come from. */
	private static final String UNTRUSTING = "m4";

	private static final int BROADCASTS = 200;

	/** Every tenth broadcast is followed by a direct message. */
	private static final int DIRECT_EVERY = 10;

	/** Kept after the run, so that a failure can be read in the members' own words. */
	private static final Path LOGS = Path.of("target", "sibling-logs", "bus");

	@TempDir
	static Path dir;

	private static Path socket;

	private static final Map<String, BusMemberJvm> members = new LinkedHashMap<>();

	@BeforeAll
	static void startMembers() throws IOException {
		socket = dir.resolve("bus.sock");
		Files.createDirectories(LOGS);
		try {
			for (String id : IDS) {
				String trusted = id.equals(UNTRUSTING) ? "com.example.elsewhere" : OrderPlaced.class.getPackageName();
				members.put(id, BusMemberJvm.start(id, socket, LOGS, "--ipc.trusted-packages=" + trusted));
			}
			members.values().forEach(BusMemberJvm::awaitReady);
			for (BusMemberJvm member : members.values()) {
				await(member.id() + " sees the three others").atMost(BusMemberJvm.WAIT)
					.until(() -> member.peers().equals(othersThan(member.id())));
			}
		}
		catch (RuntimeException | AssertionError ex) {
			stopMembers();
			throw ex;
		}
	}

	@AfterAll
	static void stopMembers() {
		members.values().forEach(BusMemberJvm::close);
		members.clear();
	}

	@Test
	void everyMessageReachesEachOfItsTargetsOnceInOrderAndNeverComesBackToItsSender() {
		// receiver -> sender -> texts in the order sent
		Map<String, Map<String, List<String>>> expected = new TreeMap<>();
		IDS.forEach((id) -> expected.put(id, new TreeMap<>()));
		Map<String, List<String>> commands = new LinkedHashMap<>();
		for (String sender : IDS) {
			String directTarget = sender.equals("m3") ? "m1" : "m3";
			List<String> lines = new ArrayList<>();
			for (int i = 1; i <= BROADCASTS + 1; i++) {
				// the last broadcast marks the end: what comes after it from its sender is a duplicate
				String broadcast = "b-" + sender + "-" + ((i <= BROADCASTS) ? String.valueOf(i) : "end");
				lines.add("SEND " + broadcast);
				othersThan(sender).forEach((receiver) -> expect(expected, receiver, sender, broadcast));
				if (i % DIRECT_EVERY == 0) {
					String direct = "d-" + sender + "-" + i;
					lines.add("SENDTO " + directTarget + " " + direct);
					expect(expected, directTarget, sender, direct);
				}
			}
			commands.put(sender, lines);
		}

		commands.forEach((sender, lines) -> member(sender).send(lines));

		for (String receiver : IDS) {
			BusMemberJvm member = member(receiver);
			await(receiver + " receives every sender's last broadcast").atMost(BusMemberJvm.WAIT)
				.until(() -> othersThan(receiver).stream()
					.allMatch((sender) -> member.received("b-" + sender + "-end").size() == 1));
			List<Received> received = new ArrayList<>(member.received("b-"));
			received.addAll(member.received("d-"));
			Map<String, List<String>> bySender = new TreeMap<>();
			member.lines("RECV").stream().map((line) -> line.split(" ", 5)).forEach((fields) -> {
				if (fields[4].startsWith("b-") || fields[4].startsWith("d-")) {
					bySender.computeIfAbsent(fields[1], (sender) -> new ArrayList<>()).add(fields[4]);
				}
			});
			assertThat(bySender).as("messages received by %s, by sender", receiver).isEqualTo(expected.get(receiver));
			assertThat(received).as("%s: each message comes from the sender it names, direct ones marked so", receiver)
				.allSatisfy((message) -> {
					assertThat(message.text()).startsWith(message.text().charAt(0) + "-" + message.origin() + "-");
					assertThat(message.kind()).isEqualTo(message.text().startsWith("d-") ? "direct" : "broadcast");
					assertThat(message.type()).isEqualTo("-");
				});
			assertThat(member.lines("SEND-FAILED")).as("sends that failed on %s", receiver).isEmpty();
		}
	}

	@Test
	void typedEventArrivesAsTheObjectInOtherJvmsAndRawWithAnErrorWhereItsTypeIsNotTrusted() {
		member("m2").send("PUBLISH o-1");

		for (String trusting : List.of("m1", "m3")) {
			member(trusting).awaitLine("TYPED", 0, "TYPED m2 OrderPlaced o-1"::equals, BusMemberJvm.WAIT);
		}
		BusMemberJvm untrusting = member(UNTRUSTING);
		String error = untrusting.awaitLine("ERROR", 0, (line) -> line.contains("o-1"), BusMemberJvm.WAIT);
		assertThat(error).startsWith("ERROR 106 undelivered={")
			.contains("\"orderId\":\"o-1\"")
			.contains(OrderPlaced.class.getName() + " is not in ipc.trusted-packages");
		assertThat(untrusting.received("{")).as("the raw message on %s", UNTRUSTING)
			.singleElement()
			.satisfies((raw) -> {
				assertThat(raw.origin()).isEqualTo("m2");
				assertThat(raw.type()).isEqualTo(OrderPlaced.class.getName());
				assertThat(raw.text()).contains("\"orderId\":\"o-1\"").contains("\"placedBy\":\"m2\"");
			});
		assertThat(untrusting.lines("TYPED")).isEmpty();
		assertThat(member("m2").lines("TYPED")).as("the publisher's own event").isEmpty();
	}

	@Test
	void requestIsAnsweredAcrossJvmsByAnEventListenerReturnValue() {
		BusMemberJvm requester = member("m1");
		int from = requester.mark();
		requester.send("REQUEST m3 o-2");
		assertThat(requester.awaitLine("REPLY", from, BusMemberJvm.WAIT)).isEqualTo("REPLY m3 o-2");
		assertThat(member("m3").received("{\"orderId\":\"o-2\"")).singleElement().satisfies((request) -> {
			assertThat(request.origin()).isEqualTo("m1");
			assertThat(request.kind()).isEqualTo("request");
			assertThat(request.type()).isEqualTo(OrderQuery.class.getName());
		});
	}

	@Test
	void requestFailsClearlyWhenEitherSideDoesNotTrustTheOtherOnesType() {
		BusMemberJvm untrusting = member(UNTRUSTING);
		int from = untrusting.mark();
		untrusting.send("REQUEST m2 o-3");
		assertThat(untrusting.awaitLine("REQUEST-FAILED", from, BusMemberJvm.WAIT))
			.startsWith("REQUEST-FAILED 106 ")
			.contains("type " + OrderStatus.class.getName() + " is not in ipc.trusted-packages");

		BusMemberJvm requester = member("m1");
		from = requester.mark();
		// the untrusting member answers at once with an error: the requester does not wait for its timeout
		requester.send("REQUEST " + UNTRUSTING + " o-4 600000");
		assertThat(requester.awaitLine("REQUEST-FAILED", from, BusMemberJvm.WAIT))
			.startsWith("REQUEST-FAILED 106 ")
			.contains("'" + UNTRUSTING + "' could not answer the request: member '" + UNTRUSTING + "' cannot take the request")
			.contains("type " + OrderQuery.class.getName() + " is not in ipc.trusted-packages");
		assertThat(untrusting.awaitLine("ERROR", 0, (line) -> line.contains("o-4"), BusMemberJvm.WAIT))
			.startsWith("ERROR 106 undelivered=")
			.contains(OrderQuery.class.getName() + " is not in ipc.trusted-packages");
	}

	@Test
	void memberOfAnotherApplicationIsRefusedAtStartUpWithAnErrorOnBothSides() throws IOException {
		BusMemberJvm listener = members.values()
			.stream()
			.filter((member) -> member.role().orElseThrow().equals("LISTENER"))
			.findFirst()
			.orElseThrow();
		int from = listener.mark();
		long strangerPid;

		try (BusMemberJvm stranger = BusMemberJvm.start("m5", socket, LOGS, "--ipc.application-id=other")) {
			strangerPid = stranger.pid();
			String failure = stranger.awaitLine("FAILED", 0, BusMemberJvm.START_TIMEOUT);
			assertThat(failure).startsWith("FAILED 105 ")
				.contains("refused this member: application 'other' cannot join application 'application'");
			assertThat(stranger.awaitExit(BusMemberJvm.WAIT)).as("exit status of the refused member").isEqualTo(1);
			assertThat(stranger.lines("READY")).isEmpty();
		}
		assertThat(listener.awaitLine("ERROR", from, (line) -> line.contains("'other'"), BusMemberJvm.WAIT))
			.startsWith("ERROR 105 - ")
			.contains("refused client-" + strangerPid + "-")
			.contains("application 'other' cannot join application 'application'");
		for (BusMemberJvm member : members.values()) {
			assertThat(member.peers()).as("members seen by %s", member.id()).isEqualTo(othersThan(member.id()));
		}
	}

	private static BusMemberJvm member(String id) {
		return members.get(id);
	}

	private static List<String> othersThan(String id) {
		return IDS.stream().filter((other) -> !other.equals(id)).toList();
	}

	private static void expect(Map<String, Map<String, List<String>>> expected, String receiver, String sender,
			String text) {
		expected.get(receiver).computeIfAbsent(sender, (key) -> new ArrayList<>()).add(text);
	}

}
