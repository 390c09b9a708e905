package dev.ipcsocket.uplink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.autoconfigure.BusMemberJvm;
import dev.ipcsocket.autoconfigure.orders.OrderPlaced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two "hosts", each a socket directory with its own {@code ipc.uplink.host-id} and two members
 * in JVMs of their own, joined through a real Kafka broker (a third JVM) by the uplink of each
 * host's hub: broadcasts, direct messages to {@code host:application:instance} ids, typed events
 * and request/reply cross in order and exactly once, and no sender gets its own message back;
 * a hub killed with SIGKILL while messages flow both ways is replaced and nothing is lost or
 * doubled; while the broker is down, local traffic goes on, a member starts, a full buffer is
 * reported, and what waited crosses once the broker is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossHostBusIT {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final Path LOGS = Path.of("target", "uplink-logs", "cross-host");

	@TempDir
	static Path dir;

	private static BrokerProcess broker;

	/** Spring Cloud Stream and a Kafka client need more than the one-host members' 64 MB. */
	private static final List<String> MEMBER_JVM_OPTIONS = List.of("-Xmx160m");

	/** Their Spring start, with the binder, on two busy cores. */
	private static final Duration MEMBER_START_TIMEOUT = Duration.ofSeconds(90);

	private static final List<BusMemberJvm> members = new ArrayList<>();

	private static final AtomicInteger probes = new AtomicInteger();

	@BeforeAll
	static void startHosts() throws IOException {
		broker = BrokerProcess.start(LOGS);
		try {
			List<BusMemberJvm> started = List.of(member("a1", "ha"), member("b1", "hb"), member("a2", "ha"),
					member("b2", "hb"));
			started.forEach(BusMemberJvm::awaitReady);
			awaitLink(host("ha"), host("hb"));
			awaitLink(host("hb"), host("ha"));
		}
		catch (RuntimeException | AssertionError ex) {
			stopHosts();
			throw ex;
		}
	}

	@AfterAll
	static void stopHosts() {
		members.forEach(BusMemberJvm::close);
		members.clear();
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	@Order(1)
	void broadcastDirectTypedAndRequestReplyCrossHostsInOrderAndOnce() {
		BusMemberJvm a1 = byId("a1");
		BusMemberJvm a2 = byId("a2");
		BusMemberJvm b1 = byId("b1");
		BusMemberJvm b2 = byId("b2");
		List<String> broadcasts = texts("x", 20);
		int b1Mark = b1.mark();

		a2.send(broadcasts.stream().map((text) -> "SEND " + text).toArray(String[]::new));
		b2.send("SENDTO ha:chat:a2 direct1");
		a1.send("PUBLISH order1");
		b1.send("REQUEST ha:chat:a1 query1");
		a2.send("SEND xend");

		await("every member but the sender has the broadcasts").atMost(WAIT)
			.until(() -> Stream.of(a1, b1, b2).allMatch((member) -> member.texts("xend").size() == 1));
		for (BusMemberJvm receiver : List.of(a1, b1, b2)) {
			assertThat(receiver.texts("x")).as("broadcasts received by %s", receiver.id())
				.containsExactlyElementsOf(concat(broadcasts, "xend"));
		}
		assertThat(b1.received("x")).allSatisfy((message) -> {
			assertThat(message.origin()).isEqualTo("ha:chat:a2");
			assertThat(message.kind()).isEqualTo("broadcast");
		});
		assertThat(a1.received("x")).allSatisfy((message) -> assertThat(message.origin()).isEqualTo("a2"));
		assertThat(a2.texts("x")).as("the sender's own broadcasts").isEmpty();

		a2.awaitLine("RECV", 0, (line) -> line.endsWith(" direct1"), WAIT);
		assertThat(a2.received("direct1")).singleElement().satisfies((message) -> {
			assertThat(message.origin()).isEqualTo("hb:chat:b2");
			assertThat(message.kind()).isEqualTo("direct");
		});
		for (BusMemberJvm other : List.of(a1, b1, b2)) {
			assertThat(other.texts("direct1")).as("direct message seen by %s", other.id()).isEmpty();
		}
		// a qualified id of this very host stays on the host
		a1.send("SENDTO ha:chat:a2 samehost1");
		a2.awaitLine("RECV", 0, (line) -> line.endsWith(" samehost1"), WAIT);
		assertThat(a2.received("samehost1")).singleElement()
			.satisfies((message) -> assertThat(message.origin()).isEqualTo("ha:chat:a1"));

		String typed = "TYPED a1 " + OrderPlaced.class.getSimpleName() + " order1";
		for (BusMemberJvm receiver : List.of(a2, b1, b2)) {
			receiver.awaitLine("TYPED", 0, typed::equals, WAIT);
		}
		assertThat(a1.lines("TYPED")).as("the publisher's own event").isEmpty();

		assertThat(b1.awaitLine("REPLY", b1Mark, (line) -> true, WAIT)).isEqualTo("REPLY a1 query1");
		assertThat(b1.lines("REQUEST-FAILED")).isEmpty();
		assertThat(a1.received("")).filteredOn((message) -> message.kind().equals("request"))
			.singleElement()
			.satisfies((request) -> assertThat(request.origin()).isEqualTo("hb:chat:b1"));
		for (BusMemberJvm member : members) {
			assertThat(member.texts("x").stream().distinct().count()).isEqualTo(member.texts("x").size());
		}
	}

	@Test
	@Order(2)
	void onlyTheHubOfEachHostHasBrokerClients() throws IOException {
		for (String hostId : List.of("ha", "hb")) {
			for (BusMemberJvm member : host(hostId)) {
				String log = Files.readString(LOGS.resolve(member.id() + ".log"));
				boolean kafkaClients = log.contains("ProducerConfig values") || log.contains("ConsumerConfig values")
						|| log.contains("AdminClientConfig values");
				assertThat(kafkaClients).as("Kafka clients created by %s (%s)", member.id(),
						member.isHub() ? "hub" : "client").isEqualTo(member.isHub());
			}
		}
	}

	@Test
	@Order(3)
	void aHubKilledWhileMessagesFlowBothWaysIsReplacedAndNothingIsLostOrDoubled() throws IOException {
		BusMemberJvm hub = host("ha").stream().filter(BusMemberJvm::isHub).findFirst().orElseThrow();
		BusMemberJvm survivor = host("ha").stream().filter((member) -> member != hub).findFirst().orElseThrow();
		BusMemberJvm b1 = byId("b1");
		BusMemberJvm b2 = byId("b2");
		int survivorMark = survivor.mark();
		int b1Mark = b1.mark();
		List<String> fromA = texts("ka", 80);
		List<String> fromB = texts("kb", 80);

		survivor.send("TRICKLE ka 10 80 20");
		b1.send("TRICKLE kb 10 80 20");
		assertThat(hub.kill()).isEqualTo(137);

		survivor.awaitLine("ROLE", survivorMark, (line) -> line.startsWith("ROLE LISTENER"), WAIT);
		survivor.awaitLine("TRICKLED", survivorMark, (line) -> true, WAIT);
		b1.awaitLine("TRICKLED", b1Mark, (line) -> true, WAIT);
		await("host hb has every message of the survivor, host ha every message of b1").atMost(WAIT)
			.until(() -> b1.texts("ka").containsAll(fromA) && b2.texts("ka").containsAll(fromA)
					&& survivor.texts("kb").containsAll(fromB));
		assertThat(b1.texts("ka")).as("survivor's messages at b1").containsExactlyElementsOf(fromA);
		assertThat(b2.texts("ka")).as("survivor's messages at b2").containsExactlyElementsOf(fromA);
		assertThat(survivor.texts("kb")).as("b1's messages at the survivor").containsExactlyElementsOf(fromB);
		assertThat(b2.texts("kb")).as("b1's messages at b2").containsExactlyElementsOf(fromB);
		assertThat(survivor.texts("ka")).as("the survivor's own messages").isEmpty();
		assertThat(survivor.lines("ERROR", survivorMark)).as("errors of the survivor")
			.noneMatch((line) -> line.contains("undelivered="));

		// a second member for host ha again, for the next test
		BusMemberJvm newcomer = member("a3", "ha").awaitReady();
		assertThat(newcomer.role()).contains("CLIENT");
	}

	@Test
	@Order(4)
	void whileTheBrokerIsDownLocalTrafficGoesOnAndWhatWaitedCrossesOnceItIsBack() throws IOException {
		BusMemberJvm sender = host("ha").stream().filter((member) -> !member.isHub()).findFirst().orElseThrow();
		BusMemberJvm localReceiver = host("ha").stream().filter(BusMemberJvm::isHub).findFirst().orElseThrow();
		BusMemberJvm b1 = byId("b1");
		BusMemberJvm b2 = byId("b2");
		List<String> broadcasts = texts("bd", 10);
		BusMemberJvm lonely;

		broker.freeze();
		try {
			sender.send(broadcasts.stream().map((text) -> "SEND " + text).toArray(String[]::new));
			await("local traffic while the broker is down").atMost(Duration.ofSeconds(10))
				.until(() -> localReceiver.texts("bd").size() == broadcasts.size());
			assertThat(localReceiver.texts("bd")).containsExactlyElementsOf(broadcasts);

			// a member starts while the broker is down, and becomes its host's hub
			lonely = member("c1", "hc", "--ipc.uplink.buffer-capacity=3").awaitReady();
			assertThat(lonely.role()).contains("LISTENER");
			lonely.send("SEND cc1", "SEND cc2", "SEND cc3", "SEND cc4", "SEND cc5", "SEND cc6");
			await("the full buffer reports what it cannot keep").atMost(WAIT)
				.until(() -> lonely.lines("ERROR").size() >= 3);
			assertThat(lonely.lines("ERROR")).extracting((line) -> line.split(" ")[1] + " " + line.split(" ")[2])
				.containsExactly("106 undelivered=cc4", "106 undelivered=cc5", "106 undelivered=cc6");
			assertThat(b1.texts("bd")).as("nothing crossed a broker that is down").isEmpty();
		}
		finally {
			broker.thaw();
		}
		await("what waited crosses").atMost(WAIT)
			.until(() -> Stream.of(b1, b2).allMatch((member) -> member.texts("bd").size() >= broadcasts.size()
					&& member.texts("cc").size() >= 3));
		for (BusMemberJvm receiver : List.of(b1, b2)) {
			assertThat(receiver.texts("bd")).as("broadcasts received by %s", receiver.id())
				.containsExactlyElementsOf(broadcasts);
			assertThat(receiver.texts("cc")).as("messages of the lonely host received by %s", receiver.id())
				.containsExactly("cc1", "cc2", "cc3");
		}

		// a hub that stops cleanly unbinds and exits promptly
		lonely.send("QUIT");
		assertThat(lonely.awaitExit(Duration.ofSeconds(30))).isZero();
	}

	private static List<String> concat(List<String> texts, String last) {
		List<String> all = new ArrayList<>(texts);
		all.add(last);
		return all;
	}

	private static List<String> texts(String prefix, int count) {
		return IntStream.rangeClosed(1, count).mapToObj((i) -> prefix + i).toList();
	}

	/** Send probes from one host until every member of the other received one. */
	private static void awaitLink(List<BusMemberJvm> from, List<BusMemberJvm> to) {
		await("a probe crosses from " + from + " to " + to).atMost(WAIT)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				from.get(0).send("SEND probe" + probes.incrementAndGet());
				return to.stream().allMatch((member) -> !member.texts("probe").isEmpty());
			});
	}

	private static List<BusMemberJvm> host(String hostId) {
		return members.stream().filter(BusMemberJvm::isAlive).filter((m) -> hostOf(m).equals(hostId)).toList();
	}

	private static String hostOf(BusMemberJvm member) {
		return "h" + member.id().charAt(0);
	}

	private static BusMemberJvm byId(String id) {
		return members.stream().filter((member) -> member.id().equals(id)).findFirst().orElseThrow();
	}

	private static BusMemberJvm member(String id, String hostId, String... more) throws IOException {
		List<String> args = new ArrayList<>(List.of("--spring.application.name=chat", "--ipc.uplink.enabled=true",
				"--ipc.uplink.host-id=" + hostId, "--ipc.uplink.send-timeout=2s",
				"--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
				// the RabbitMQ binder is on the class path too (UplinkBinderChoiceIT)
				"--spring.cloud.stream.default-binder=kafka",
				"--ipc.trusted-packages=" + OrderPlaced.class.getPackageName()));
		args.addAll(List.of(more));
		BusMemberJvm member = BusMemberJvm.start(id, dir.resolve(hostId).resolve("bus.sock"), LOGS, MEMBER_JVM_OPTIONS,
				MEMBER_START_TIMEOUT, args.toArray(String[]::new));
		members.add(member);
		return member;
	}

}
