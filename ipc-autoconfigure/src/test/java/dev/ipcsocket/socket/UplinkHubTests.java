package dev.ipcsocket.socket;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcRequestEvent;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.bus.BusFrame;
import dev.ipcsocket.bus.MemoryUplink;
import dev.ipcsocket.IpcMemberIds;
import dev.ipcsocket.bus.BusUplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The hub's side of a {@link BusUplink}: two hosts (two socket directories) of real sockets, their
 * hubs joined by an in-memory carrier in place of the broker. The broker side itself is proven in
 * the ipc-uplink module against real brokers.
 */
class UplinkHubTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String APP = "app";

	@TempDir
	Path dir;

	private final List<IPCSocket> sockets = new ArrayList<>();

	private final MemoryUplink.Carrier carrier = new MemoryUplink.Carrier(APP);

	@AfterEach
	void close() {
		Collections.reverse(this.sockets);
		this.sockets.forEach(IPCSocket::close);
		this.carrier.close();
	}

	@Test
	void broadcastReachesEveryMemberOfTheOtherHostOnceAndIsNotUplinkedAgain() {
		Member a1 = member("a", "a1", true);
		Member a2 = member("a", "a2", false);
		Member b1 = member("b", "b1", true);
		Member b2 = member("b", "b2", false);

		a2.socket.send("hi");

		await().atMost(WAIT).until(() -> b1.texts().contains("hi") && b2.texts().contains("hi"));
		assertThat(b2.received).singleElement()
			.satisfies((event) -> assertThat(event.getPeer().id()).isEqualTo("a:app:a2"));
		await().atMost(WAIT).until(() -> a1.texts().contains("hi"));
		assertThat(a2.received).as("the sender never gets its own broadcast back").isEmpty();
		assertThat(b1.uplink.sent()).as("what came from another host is not uplinked again").isEmpty();
		assertThat(b2.uplink.sent()).as("only the hub uplinks").isEmpty();
		assertThat(a1.uplink.sent()).extracting(BusFrame.Data::origin).containsExactly("a2");
	}

	@Test
	void directMessagesAndRequestsReachQualifiedIdsOnTheOtherHost() {
		member("a", "a1", true);
		Member a2 = member("a", "a2", false);
		member("b", "b1", true);
		Member b2 = member("b", "b2", false);
		a2.socket.addListener((event) -> {
			if (event instanceof IpcRequestEvent request) {
				request.reply("pong to " + request.getPeer().id());
			}
		});

		b2.socket.sendTo(IpcMemberIds.qualify("a", APP, "a2"), "direct".getBytes(StandardCharsets.UTF_8));
		String reply = b2.socket.request(IpcMemberIds.qualify("a", APP, "a2"), "", "ping".getBytes(StandardCharsets.UTF_8),
				WAIT).text();

		assertThat(reply).isEqualTo("pong to b:app:b2");
		await().atMost(WAIT).until(() -> a2.texts().contains("direct"));
		assertThat(a2.received).filteredOn((event) -> event.getText().equals("direct"))
			.singleElement()
			.satisfies((event) -> assertThat(event.isDirect()).isTrue());
	}

	@Test
	void repeatedMessagesFromTheBrokerReachTheApplicationOnce() {
		member("a", "a1", true);
		Member a2 = member("a", "a2", false);
		Member b1 = member("b", "b1", true);
		Member b2 = member("b", "b2", false);
		this.carrier.deliveries(2);

		a2.socket.send("once");
		a2.socket.send("twice?");

		await().atMost(WAIT).until(() -> b2.texts().equals(List.of("once", "twice?")));
		await().atMost(WAIT).until(() -> b1.uplink.duplicates() == 2 && b2.uplink.duplicates() == 2);
		assertThat(b1.texts()).containsExactly("once", "twice?");
		assertThat(b2.texts()).containsExactly("once", "twice?");
	}

	@Test
	void messagesTheLostHubDidNotConfirmGoOutAgainThroughTheNextHub() {
		Member a1 = member("a", "a1", true);
		Member a2 = member("a", "a2", false);
		Member b1 = member("b", "b1", true);
		a1.uplink.confirms(false);

		a2.socket.send("kept until confirmed");
		await().atMost(WAIT).until(() -> b1.texts().contains("kept until confirmed"));
		assertThat(a2.socket.unconfirmedCount()).isEqualTo(1);
		a1.socket.close();

		await().atMost(WAIT).until(() -> a2.socket.role() == IpcRole.LISTENER);
		await().atMost(WAIT).until(() -> a2.uplink.sent().size() == 1);
		await().atMost(WAIT).until(() -> b1.uplink.duplicates() == 1);
		assertThat(b1.texts()).containsExactly("kept until confirmed");
	}

	@Test
	void confirmedMessagesAreNotSentAgainByTheNextHub() {
		Member a1 = member("a", "a1", true);
		Member a2 = member("a", "a2", false);
		Member b1 = member("b", "b1", true);

		a2.socket.send("confirmed");
		await().atMost(WAIT).until(() -> b1.texts().contains("confirmed"));
		await().atMost(WAIT).until(() -> a2.socket.unconfirmedCount() == 0);
		a1.socket.close();
		await().atMost(WAIT).until(() -> a2.socket.role() == IpcRole.LISTENER);
		a2.socket.send("after");

		await().atMost(WAIT).until(() -> b1.texts().contains("after"));
		assertThat(a2.uplink.sent()).extracting((data) -> new String(data.payload(), StandardCharsets.UTF_8))
			.containsExactly("after");
		assertThat(b1.uplink.duplicates()).isEqualTo(0);
	}

	@Test
	void messageForAnotherHostWithoutUplinkIsReportedWithItsContent() {
		Path path = this.dir.resolve("solo").resolve("app.sock");
		IPCSocket hub = plain(path, "hub");
		List<IpcErrorEvent> errors = new CopyOnWriteArrayList<>();
		hub.addListener((event) -> {
			if (event instanceof IpcErrorEvent error) {
				errors.add(error);
			}
		});
		IPCSocket client = plain(path, "client");
		hub.start();
		client.start();
		await().atMost(WAIT).until(hub::isConnected);

		client.sendTo("elsewhere:app:x", "lost?".getBytes(StandardCharsets.UTF_8));

		await().atMost(WAIT).until(() -> !errors.isEmpty());
		assertThat(errors.get(0).getError()).isEqualTo(IpcError.NAME_RESOLUTION_ERROR);
		assertThat(errors.get(0).getUndelivered()).isNotNull();
		assertThat(errors.get(0).getUndelivered().text()).isEqualTo("lost?");
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> hub.sendTo("elsewhere:app:x", new byte[1]))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(IpcError.NAME_RESOLUTION_ERROR));
	}

	@Test
	void whatTheUplinkCannotCarryIsReportedByTheHubWithItsContent() {
		Member a1 = member("a", "a1", true);
		Member a2 = member("a", "a2", false);
		List<IpcErrorEvent> errors = new CopyOnWriteArrayList<>();
		a1.socket.addListener((event) -> {
			if (event instanceof IpcErrorEvent error) {
				errors.add(error);
			}
		});
		a1.uplink.failing(true);

		a2.socket.send("for the broker");

		await().atMost(WAIT).until(() -> !errors.isEmpty());
		IpcErrorEvent error = errors.get(0);
		assertThat(error.getError()).isEqualTo(IpcError.INVALID_STATE_ERROR);
		assertThat(error.getException()).hasMessageContaining("buffer full");
		assertThat(error.getPeer()).isNotNull().satisfies((peer) -> assertThat(peer.id()).isEqualTo("a2"));
		assertThat(error.getUndelivered()).isNotNull().satisfies((message) -> assertThat(message.text()).isEqualTo("for the broker"));
	}

	@Test
	void instanceIdsWithAColonAreRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> IpcSocketSettings.builder(this.dir.resolve("x.sock")).instanceId("a:b").build());
	}

	private IPCSocket plain(Path path, String id) {
		createParent(path);
		IPCSocket socket = new UnixDomainIPCSocket(
				IpcSocketSettings.builder(path).applicationId(APP).instanceId(id).receiveBufferCapacity(0).build());
		this.sockets.add(socket);
		return socket;
	}

	private Member member(String host, String id, boolean listener) {
		Path path = this.dir.resolve(host).resolve("app.sock");
		createParent(path);
		UnixDomainIPCSocket socket = new UnixDomainIPCSocket(
				IpcSocketSettings.builder(path).applicationId(APP).instanceId(id).receiveBufferCapacity(0).build());
		MemoryUplink uplink = new MemoryUplink(host, this.carrier);
		socket.setUplink(uplink);
		Member member = new Member(socket, uplink);
		socket.addListener((event) -> {
			if (event instanceof IpcDataEvent data && !(event instanceof IpcRequestEvent)) {
				member.received.add(data);
			}
		});
		this.sockets.add(socket);
		assertThat(socket.start()).isEqualTo(listener ? IpcRole.LISTENER : IpcRole.CLIENT);
		if (!listener) {
			await().atMost(WAIT).until(socket::isConnected);
		}
		return member;
	}

	private static void createParent(Path path) {
		try {
			Files.createDirectories(path.getParent());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private record Member(UnixDomainIPCSocket socket, MemoryUplink uplink, List<IpcDataEvent> received) {

		Member(UnixDomainIPCSocket socket, MemoryUplink uplink) {
			this(socket, uplink, new CopyOnWriteArrayList<>());
		}

		List<String> texts() {
			return this.received.stream().map(IpcDataEvent::getText).toList();
		}

	}

	/** Stands in for the broker: carries what one host's hub uplinks to the other hosts' hubs, in order. */

}
