package dev.ipcsocket.bus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * The hub's side of a {@link BusUplink} without sockets: two hosts, each an in-memory bus, their
 * hubs joined by an in-memory carrier in place of the broker. The same cases as the socket
 * package's {@code UplinkHubTests} for the parts that are the bus's own (hand-off to the uplink,
 * repeats dropped, unconfirmed copies sent again by the next hub), plus a hub that dies rather
 * than closes.
 */
class InMemoryUplinkTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String APP = "app";

	private final Map<String, MemoryPath> hosts = new ConcurrentHashMap<>();

	private final List<MemoryBus> members = new ArrayList<>();

	private final MemoryUplink.Carrier carrier = new MemoryUplink.Carrier(APP);

	@AfterEach
	void close() {
		Collections.reverse(this.members);
		this.members.forEach(MemoryBus::close);
		this.carrier.close();
	}

	@Test
	void broadcastReachesEveryMemberOfTheOtherHostOnceAndIsNotUplinkedAgain() {
		Member a1 = member("a", "a1", IpcRole.LISTENER);
		Member a2 = member("a", "a2", IpcRole.CLIENT);
		Member b1 = member("b", "b1", IpcRole.LISTENER);
		Member b2 = member("b", "b2", IpcRole.CLIENT);

		a2.bus.broadcast("hi");

		await().atMost(WAIT).until(() -> b1.bus.texts().contains("hi") && b2.bus.texts().contains("hi")
				&& a1.bus.texts().contains("hi"));
		assertThat(b2.bus.events(IpcDataEvent.class)).singleElement()
			.satisfies((event) -> assertThat(event.getPeer().id()).isEqualTo("a:app:a2"));
		assertThat(b1.bus.texts()).containsExactly("hi");
		assertThat(a2.bus.texts()).as("the sender never gets its own broadcast back").isEmpty();
		assertThat(b1.uplink.sent()).as("what came from another host is not uplinked again").isEmpty();
		assertThat(a2.uplink.sent()).as("only the hub uplinks").isEmpty();
		assertThat(b2.uplink.sent()).isEmpty();
		assertThat(a1.uplink.sent()).extracting(BusFrame.Data::origin).containsExactly("a2");
		await().atMost(WAIT).until(() -> a2.bus.bus().unconfirmedCount() == 0);
	}

	@Test
	void repeatedMessagesFromTheBrokerReachTheApplicationOnce() {
		member("a", "a1", IpcRole.LISTENER);
		Member a2 = member("a", "a2", IpcRole.CLIENT);
		Member b1 = member("b", "b1", IpcRole.LISTENER);
		Member b2 = member("b", "b2", IpcRole.CLIENT);
		this.carrier.deliveries(2);

		a2.bus.broadcast("once");
		a2.bus.broadcast("twice?");

		await().atMost(WAIT).until(() -> b2.bus.texts().size() == 2);
		await().atMost(WAIT).until(() -> b1.uplink.duplicates() == 2 && b2.uplink.duplicates() == 2);
		assertThat(b1.bus.texts()).containsExactly("once", "twice?");
		assertThat(b2.bus.texts()).containsExactly("once", "twice?");
	}

	@Test
	void aBrokerThatDoesNotConfirmNeverMakesALocalSenderWait() {
		Member a1 = member("a", "a1", IpcRole.LISTENER);
		Member a2 = member("a", "a2", IpcRole.CLIENT);
		a1.uplink.confirms(false);
		int messages = IpcSocketSettings.DEFAULT_OUTAGE_BUFFER_CAPACITY + 100;

		// every send would wait for room among the copies, and fail after the send timeout, if the
		// hub held back every confirmation for the broker
		assertTimeoutPreemptively(WAIT, () -> {
			for (int i = 0; i < messages; i++) {
				a2.bus.broadcast("m" + i);
			}
		});
		await().atMost(WAIT).until(() -> a1.uplink.sent().size() == messages);
		await().atMost(WAIT)
			.until(() -> a2.bus.bus().unconfirmedCount() <= IpcSocketSettings.DEFAULT_OUTAGE_BUFFER_CAPACITY / 2);
		assertThat(a2.bus.errorEvents()).isEmpty();
	}

	@Test
	void messagesTheClosingHubDidNotConfirmGoOutAgainThroughTheNextHub() {
		Member a1 = member("a", "a1", IpcRole.LISTENER);
		Member a2 = member("a", "a2", IpcRole.CLIENT);
		Member b1 = member("b", "b1", IpcRole.LISTENER);
		a1.uplink.confirms(false);

		a2.bus.broadcast("kept until confirmed");
		await().atMost(WAIT).until(() -> b1.bus.texts().contains("kept until confirmed"));
		assertThat(a2.bus.bus().unconfirmedCount()).isEqualTo(1);
		a1.bus.close();

		await().atMost(WAIT).until(() -> a2.bus.bus().role() == IpcRole.LISTENER);
		await().atMost(WAIT).until(() -> a2.uplink.sent().size() == 1);
		await().atMost(WAIT).until(() -> b1.uplink.duplicates() == 1);
		assertThat(a2.uplink.sent()).extracting(BusFrame.Data::messageId)
			.containsExactlyElementsOf(a1.uplink.sent().stream().map(BusFrame.Data::messageId).toList());
		assertThat(b1.bus.texts()).containsExactly("kept until confirmed");
		assertThat(a2.bus.bus().unconfirmedCount()).isZero();
	}

	@Test
	void messagesTheDeadHubDidNotConfirmGoOutAgainThroughTheNextHubFirst() {
		Member a1 = member("a", "a1", IpcRole.LISTENER);
		Member a2 = member("a", "a2", IpcRole.CLIENT);
		Member b1 = member("b", "b1", IpcRole.LISTENER);
		a1.uplink.confirms(false);

		a2.bus.broadcast("first");
		a2.bus.broadcast("second");
		await().atMost(WAIT).until(() -> b1.bus.texts().size() == 2);
		assertThat(a2.bus.bus().unconfirmedCount()).isEqualTo(2);
		this.hosts.get("a").holdElections();
		a1.bus.crash(null);
		// its broker session dies with it
		a1.uplink.stop();
		await().atMost(WAIT).until(() -> a2.bus.elections() >= 1);
		a2.bus.broadcast("during the outage");
		this.hosts.get("a").allow();

		await().atMost(WAIT).until(() -> a2.bus.bus().role() == IpcRole.LISTENER);
		await().atMost(WAIT).until(() -> b1.bus.texts().size() == 3 && b1.uplink.duplicates() == 2);
		assertThat(a2.uplink.sent()).extracting(InMemoryUplinkTests::text)
			.as("the copies go first, in their order, then what waited")
			.containsExactly("first", "second", "during the outage");
		assertThat(b1.bus.texts()).containsExactly("first", "second", "during the outage");
	}

	@Test
	void confirmedMessagesAreNotSentAgainByTheNextHub() {
		Member a1 = member("a", "a1", IpcRole.LISTENER);
		Member a2 = member("a", "a2", IpcRole.CLIENT);
		Member b1 = member("b", "b1", IpcRole.LISTENER);

		a2.bus.broadcast("confirmed");
		await().atMost(WAIT).until(() -> b1.bus.texts().contains("confirmed"));
		await().atMost(WAIT).until(() -> a2.bus.bus().unconfirmedCount() == 0);
		a1.bus.close();
		await().atMost(WAIT).until(() -> a2.bus.bus().role() == IpcRole.LISTENER);
		a2.bus.broadcast("after");

		await().atMost(WAIT).until(() -> b1.bus.texts().contains("after"));
		assertThat(a2.uplink.sent()).extracting(InMemoryUplinkTests::text).containsExactly("after");
		assertThat(b1.uplink.duplicates()).isEqualTo(0);
		assertThat(b1.bus.texts()).containsExactly("confirmed", "after");
	}

	@Test
	void whatTheUplinkCannotCarryIsReportedByTheHubWithItsContent() {
		Member a1 = member("a", "a1", IpcRole.LISTENER);
		Member a2 = member("a", "a2", IpcRole.CLIENT);
		a1.uplink.failing(true);

		a2.bus.broadcast("for the broker");

		await().atMost(WAIT).until(() -> !a1.bus.errorEvents().isEmpty());
		assertThat(a1.bus.errorEvents()).singleElement().satisfies((error) -> {
			assertThat(error.getError()).isEqualTo(IpcError.INVALID_STATE_ERROR);
			assertThat(error.getException()).hasMessageContaining("buffer full");
			assertThat(error.getPeer()).isNotNull().satisfies((peer) -> assertThat(peer.id()).isEqualTo("a2"));
			assertThat(error.getUndelivered()).isNotNull()
				.satisfies((message) -> assertThat(message.text()).isEqualTo("for the broker"));
		});
		assertThat(a1.bus.texts()).as("delivered on this host all the same").containsExactly("for the broker");
		assertThat(a2.bus.errorEvents()).isEmpty();
	}

	@Test
	void messageForAnotherHostWithoutUplinkIsReportedByTheHub() {
		MemoryPath solo = this.hosts.computeIfAbsent("solo", MemoryPath::new);
		MemoryBus hub = new MemoryBus(solo, MemoryBus.settings(solo, APP, "hub").build(), 1);
		this.members.add(hub);
		MemoryBus client = new MemoryBus(solo, MemoryBus.settings(solo, APP, "client").build(), 2);
		this.members.add(client);
		hub.start();
		client.start();

		client.sendTo("elsewhere:app:x", "lost?");

		await().atMost(WAIT).until(() -> !hub.errorEvents().isEmpty());
		IpcErrorEvent error = hub.errorEvents().get(0);
		assertThat(error.getError()).isEqualTo(IpcError.NAME_RESOLUTION_ERROR);
		assertThat(error.getUndelivered()).isNotNull().satisfies((message) -> assertThat(message.text()).isEqualTo("lost?"));
		assertThat(hub.errorEvents()).hasSize(1);
	}

	private Member member(String host, String id, IpcRole expected) {
		MemoryPath path = this.hosts.computeIfAbsent(host, MemoryPath::new);
		MemoryBus bus = new MemoryBus(path, MemoryBus.settings(path, APP, id).build(), 100 + this.members.size());
		MemoryUplink uplink = new MemoryUplink(host, this.carrier);
		bus.bus().setUplink(uplink);
		this.members.add(bus);
		assertThat(bus.start()).isEqualTo(expected);
		return new Member(bus, uplink);
	}

	private static String text(BusFrame.Data data) {
		return new String(data.payload(), StandardCharsets.UTF_8);
	}

	private record Member(MemoryBus bus, MemoryUplink uplink) {
	}

	/** Stands in for the broker: carries what one host's hub uplinks to the other hosts' hubs, in order. */

}
