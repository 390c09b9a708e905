package dev.ipcsocket.socket;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcConnectedEvent;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcDisconnectedEvent;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMemberJoinedEvent;
import dev.ipcsocket.IpcMemberLeftEvent;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcMode;
import dev.ipcsocket.IpcRequestEvent;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcRoleDecidedEvent;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.IpcStatistics;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The socket's behaviour between real Unix sockets in one JVM.
 */
class UnixDomainIPCSocketTests {

	/** Messages kept for receive() and read(): the library keeps none unless asked. */
	private static final int KEPT = 1024;

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	final Sockets sockets = new Sockets();

	/** A listener, started, whose request events go to the handler. */
	private IPCSocket answeringRequests(Consumer<IpcRequestEvent> handler) {
		IPCSocket listener = socket(this.sockets.path());
		listener.addListener((event) -> {
			if (event instanceof IpcRequestEvent request) {
				handler.accept(request);
			}
		});
		listener.start();
		return listener;
	}

	/** A client of the listener, started, once it knows the listener. */
	private IPCSocket clientOf(IPCSocket listener) {
		IPCSocket client = socket(listener.path());
		client.start();
		await().atMost(WAIT).until(() -> client.peers().size() == 1);
		return client;
	}

	private IPCSocket socket(Path path) {
		return socket(IpcSocketSettings.builder(path).receiveBufferCapacity(KEPT).build());
	}

	/**
	 * A socket whose outbox waits 30 s for the members it knew: on a loaded machine the default
	 * connect timeout (5 s) can pass before the others are back, and the tests using it are not
	 * about that.
	 */
	private IPCSocket patientSocket(Path path) {
		return socket(IpcSocketSettings.builder(path).receiveBufferCapacity(KEPT).connectTimeout(Duration.ofSeconds(30)).build());
	}

	private IPCSocket socket(IpcSocketSettings settings) {
		return this.sockets.open(settings);
	}

	private static List<IpcEvent> recordEvents(IPCSocket socket) {
		List<IpcEvent> events = new CopyOnWriteArrayList<>();
		socket.addListener(events::add);
		return events;
	}

	/** A listener and two clients on one path, started in that order, each knowing the other two. */
	private Members threeMembers() {
		Path path = this.sockets.path();
		Members members = new Members(socket(path), socket(path), socket(path));
		members.listener().start();
		members.alice().start();
		members.bob().start();
		await().atMost(WAIT)
			.until(() -> Stream.of(members.listener(), members.alice(), members.bob())
				.allMatch((member) -> member.peers().size() == 2));
		return members;
	}

	private record Members(IPCSocket listener, IPCSocket alice, IPCSocket bob) {
	}

	private IpcMessage receive(IPCSocket socket) {
		IpcMessage message = socket.receive(WAIT);
		assertThat(message).as("a message within " + WAIT).isNotNull();
		return message;
	}

	@Test
	void firstInstanceListensAndSecondConnects() {
		Path path = this.sockets.path();
		IPCSocket first = socket(path);
		IPCSocket second = socket(path);

		assertThat(first.start()).isEqualTo(IpcRole.LISTENER);
		assertThat(second.start()).isEqualTo(IpcRole.CLIENT);

		await().atMost(WAIT).until(() -> first.peers().size() == 1);
		assertThat(second.isConnected()).isTrue();
		assertThat(second.peers()).singleElement()
			.satisfies((peer) -> assertThat(peer.pid()).isEqualTo(ProcessHandle.current().pid()));
	}

	@Test
	void messagesTravelBothWaysByteExact() {
		Path path = this.sockets.path();
		IPCSocket listener = socket(path);
		IPCSocket client = socket(path);
		listener.start();
		client.start();
		await().atMost(WAIT).until(listener::isConnected);

		client.send("hello listener");
		assertThat(receive(listener).text()).isEqualTo("hello listener");
		byte[] binary = new byte[70_000];
		new java.util.Random(7).nextBytes(binary);
		listener.send(binary);
		assertThat(receive(client).payload()).isEqualTo(binary);
	}

	@Test
	void defaultSocketReadOnlyThroughListenersKeepsReadingPastAThousandMessages() {
		Path path = this.sockets.path();
		IPCSocket listener = socket(IpcSocketSettings.of(path));
		AtomicInteger received = new AtomicInteger();
		listener.addListener((event) -> {
			if (event instanceof IpcDataEvent) {
				received.incrementAndGet();
			}
		});
		IPCSocket client = socket(IpcSocketSettings.of(path));
		listener.start();
		client.start();
		await().atMost(WAIT).until(listener::isConnected);

		for (int i = 0; i < 3000; i++) {
			client.send("message " + i);
		}

		await().atMost(WAIT).until(() -> received.get() == 3000);
	}

	@Test
	void pullApiWithTheDefaultSettingsIsInvalidStateNamingTheEvents() {
		IPCSocket socket = socket(IpcSocketSettings.of(this.sockets.path()));
		socket.start();

		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> socket.receive(Duration.ofMillis(1)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(106))
			.withMessageContaining("receive buffer")
			.withMessageContaining("listen for IpcDataEvent instead");
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> socket.read(1))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(IpcError.INVALID_STATE_ERROR));
		assertThat(socket.lastErrorCode()).isEqualTo(106);
	}

	@Test
	void listenerRelaysEachClientMessageToTheOtherClientsButNotBack() {
		Members members = threeMembers();
		IPCSocket listener = members.listener();
		IPCSocket alice = members.alice();
		IPCSocket bob = members.bob();

		alice.send("from alice");

		assertThat(receive(listener).text()).isEqualTo("from alice");
		assertThat(receive(bob).text()).isEqualTo("from alice");
		listener.send("from listener");
		assertThat(receive(alice).text()).isEqualTo("from listener");
		assertThat(receive(bob).text()).isEqualTo("from listener");
		assertThat(alice.bytesAvailable()).as("alice never gets her own message back").isZero();
	}

	@Test
	void largeMessagesAreRelayedByteExactInTheOrderSent() {
		Members members = threeMembers();
		IPCSocket listener = members.listener();
		IPCSocket alice = members.alice();
		IPCSocket bob = members.bob();
		Random random = new Random(11);
		// around the size where a frame is read in two parts, and well above it
		List<byte[]> sent = new ArrayList<>();
		for (int size : new int[] { 4000, 4096, 5000, 65_536, 200_000 }) {
			byte[] payload = new byte[size];
			random.nextBytes(payload);
			sent.add(payload);
			alice.send(payload);
		}
		alice.send("after the large ones");

		for (IPCSocket receiver : List.of(listener, bob)) {
			for (byte[] payload : sent) {
				assertThat(receive(receiver).payload()).isEqualTo(payload);
			}
			assertThat(receive(receiver).text()).isEqualTo("after the large ones");
		}
	}

	@Test
	void eventsFollowTheLifecycle() {
		Path path = this.sockets.path();
		IPCSocket listener = socket(path);
		List<IpcEvent> events = recordEvents(listener);
		IPCSocket client = socket(path);
		listener.start();
		client.start();
		await().atMost(WAIT).until(listener::isConnected);
		client.send("ping");
		client.close();

		await().atMost(WAIT).until(() -> events.stream().anyMatch(IpcMemberLeftEvent.class::isInstance));
		assertThat(events).map(Object::getClass)
			.containsExactly(IpcRoleDecidedEvent.class, IpcConnectedEvent.class, IpcMemberJoinedEvent.class,
					IpcDataEvent.class, IpcDisconnectedEvent.class, IpcMemberLeftEvent.class);
		IpcDataEvent data = (IpcDataEvent) events.get(3);
		assertThat(data.getText()).isEqualTo("ping");
		assertThat(data.getPeer().id()).isEqualTo(client.instanceId());
		assertThat(((IpcDisconnectedEvent) events.get(4)).isLost()).as("it said goodbye").isFalse();
		assertThat(((IpcMemberLeftEvent) events.get(5)).isClean()).isTrue();
	}

	@Test
	void connectWithNobodyListeningIsNameResolutionError() {
		IPCSocket socket = socket(IpcSocketSettings.builder(this.sockets.path()).receiveBufferCapacity(KEPT).mode(IpcMode.CONNECT).build());

		assertThatExceptionOfType(IpcException.class).isThrownBy(socket::start)
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(IpcError.NAME_RESOLUTION_ERROR));
		assertThat(socket.lastErrorCode()).isEqualTo(103);
	}

	@Test
	void sendBeforeConnectedIsInvalidStateError() {
		IPCSocket socket = socket(this.sockets.path());

		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> socket.send("too early"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(106));
		assertThat(socket.lastErrorCode()).isEqualTo(106);
	}

	@Test
	void sendOverTheMaximumIsOutOfMemoryError() {
		Path path = this.sockets.path();
		IPCSocket listener = socket(IpcSocketSettings.builder(path).receiveBufferCapacity(KEPT).maxMessageSize(1024).build());
		IPCSocket client = socket(IpcSocketSettings.builder(path).receiveBufferCapacity(KEPT).maxMessageSize(1024).build());
		listener.start();
		client.start();

		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(new byte[1025]))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(108));
		client.send(new byte[1024]);
		assertThat(receive(listener).payload()).hasSize(1024);
	}

	@Test
	void whenTheListenerStopsCleanlyAClientTakesOverWithoutAnError() {
		Path path = this.sockets.path();
		IPCSocket listener = socket(path);
		IPCSocket client = socket(path);
		List<IpcEvent> events = recordEvents(client);
		listener.start();
		client.start();

		listener.close();

		await().atMost(WAIT).until(() -> client.role() == IpcRole.LISTENER);
		assertThat(events).filteredOn(IpcMemberLeftEvent.class::isInstance)
			.singleElement()
			.satisfies((event) -> assertThat(((IpcMemberLeftEvent) event).isClean()).isTrue());
		assertThat(events).filteredOn(IpcRoleDecidedEvent.class::isInstance)
			.map((event) -> ((IpcRoleDecidedEvent) event).role())
			.containsExactly(IpcRole.CLIENT, IpcRole.LISTENER);
		assertThat(events).noneMatch(IpcErrorEvent.class::isInstance);
		assertThat(client.lastErrorCode()).isZero();
		assertThat(socket(path).start()).as("the next sibling joins the new listener").isEqualTo(IpcRole.CLIENT);
	}

	@Test
	void messagesSentDuringTheReelectionAreDeliveredAfterIt() {
		Path path = this.sockets.path();
		IPCSocket listener = socket(path);
		IPCSocket alice = patientSocket(path);
		IPCSocket bob = patientSocket(path);
		listener.start();
		alice.start();
		bob.start();
		await().atMost(WAIT).until(() -> alice.peers().size() == 2 && bob.peers().size() == 2);

		listener.close();
		for (int i = 0; i < 50; i++) {
			alice.send("during the outage " + i);
		}

		await().atMost(WAIT).until(() -> alice.isConnected() && bob.isConnected());
		for (int i = 0; i < 50; i++) {
			assertThat(receive(bob).text()).isEqualTo("during the outage " + i);
		}
		assertThat(alice.bytesAvailable()).as("no echo").isZero();
	}

	@Test
	void messagesSentWhileTheListenerClosesArriveOnceAndInOrder() throws Exception {
		Path path = this.sockets.path();
		IPCSocket listener = socket(path);
		IPCSocket alice = patientSocket(path);
		IPCSocket bob = patientSocket(path);
		listener.start();
		alice.start();
		bob.start();
		await().atMost(WAIT).until(() -> alice.peers().size() == 2 && bob.peers().size() == 2);
		int count = 500;
		CountDownLatch sending = new CountDownLatch(1);
		Thread sender = new Thread(() -> {
			for (int i = 0; i < count; i++) {
				alice.send("message " + i);
				if (i == 20) {
					sending.countDown();
				}
			}
		});

		sender.start();
		sending.await();
		// closed while alice sends: what reached the old listener is relayed, the rest waits for the next
		listener.close();
		sender.join(WAIT.toMillis());

		for (int i = 0; i < count; i++) {
			assertThat(receive(bob).text()).isEqualTo("message " + i);
		}
		assertThat(bob.receive(Duration.ofMillis(200))).as("nothing twice").isNull();
	}

	@Test
	void directMessagesReachOnlyTheirTarget() {
		Members members = threeMembers();
		IPCSocket listener = members.listener();
		IPCSocket alice = members.alice();
		IPCSocket bob = members.bob();

		alice.sendTo(bob.instanceId(), "for bob only".getBytes(StandardCharsets.UTF_8));
		alice.sendTo(listener.instanceId(), "for the listener only".getBytes(StandardCharsets.UTF_8));
		bob.sendTo(alice.instanceId(), "for alice only".getBytes(StandardCharsets.UTF_8));

		assertThat(receive(bob).text()).isEqualTo("for bob only");
		assertThat(receive(listener).text()).isEqualTo("for the listener only");
		assertThat(receive(alice).text()).isEqualTo("for alice only");
		assertThat(listener.receive(Duration.ofMillis(200))).as("the listener routes, it does not read").isNull();
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> alice.sendTo("nobody", new byte[1]))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(103));
	}

	@Test
	void requestsGetRepliesAcrossTheHub() {
		Path path = this.sockets.path();
		IPCSocket listener = socket(path);
		IPCSocket alice = socket(path);
		IPCSocket bob = socket(path);
		bob.addListener((event) -> {
			if (event instanceof IpcRequestEvent request) {
				request.reply("echo " + request.getText());
			}
		});
		listener.start();
		alice.start();
		bob.start();
		await().atMost(WAIT).until(() -> alice.peers().size() == 2);

		IpcMessage reply = alice.request(bob.instanceId(), "", "ping".getBytes(StandardCharsets.UTF_8), WAIT);

		assertThat(reply.text()).isEqualTo("echo ping");
		assertThat(reply.peer().id()).isEqualTo(bob.instanceId());
	}

	@Test
	void requestNoListenerTakesIsAnsweredAtOnceWithAnErrorNamingTheMemberAndType() {
		Path path = this.sockets.path();
		IPCSocket listener = socket(path);
		IPCSocket alice = socket(path);
		listener.start();
		alice.start();
		await().atMost(WAIT).until(() -> alice.peers().size() == 1);

		// the timeout is far beyond the test's patience: the error reply, not the timeout, ends it
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> alice.request(listener.instanceId(), "com.example.Quote", new byte[0], Duration.ofMinutes(10)))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(IpcError.INVALID_STATE_ERROR))
			.withMessageContaining("'" + listener.instanceId() + "' could not answer the request")
			.withMessageContaining("no listener of member '" + listener.instanceId()
					+ "' answers requests of type com.example.Quote");
		assertThat(alice.lastErrorCode()).isEqualTo(106);
	}

	@Test
	void requestDeclinedByItsListenerFailsWithTheirReasonEscaped() {
		IPCSocket listener = answeringRequests((request) -> {
			request.decline("not open\nFORGED LOG LINE");
			request.decline("closed on Sundays\n");
		});
		IPCSocket alice = clientOf(listener);

		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> alice.request(listener.instanceId(), "", new byte[0], Duration.ofMinutes(10)))
			.withMessageEndingWith("could not answer the request: not open\\u000aFORGED LOG LINE; closed on Sundays\\u000a");
	}

	@Test
	void deferredRequestIsAnsweredLaterOrTimesOut() throws Exception {
		List<IpcRequestEvent> taken = new CopyOnWriteArrayList<>();
		IPCSocket listener = answeringRequests((request) -> {
			request.defer();
			taken.add(request);
		});
		IPCSocket alice = clientOf(listener);

		CompletableFuture<IpcMessage> later = alice.requestAsync(listener.instanceId(), "",
				"first".getBytes(StandardCharsets.UTF_8), WAIT);
		await().atMost(WAIT).until(() -> taken.size() == 1);
		assertThat(later).isNotDone();
		new Thread(() -> taken.get(0).reply("answered later"), "replier").start();
		assertThat(later.get(WAIT.toSeconds(), TimeUnit.SECONDS).text()).isEqualTo("answered later");

		assertThat(alice.requestAsync(listener.instanceId(), "", new byte[0], Duration.ofMillis(300)))
			.failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(IpcException.class)
			.withMessageContaining("no reply from '" + listener.instanceId() + "' within 300 ms");
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> alice.request(listener.instanceId(), "", new byte[0], Duration.ofMillis(300)))
			.withMessageContaining("no reply from '" + listener.instanceId() + "' within 300 ms");
	}

	@Test
	void asyncRequestCompletesWithTheReplyWithoutAThreadWaiting() throws Exception {
		IPCSocket listener = answeringRequests((request) -> request.reply("echo " + request.getText()));
		IPCSocket alice = clientOf(listener);

		CompletableFuture<String> echoes = alice
			.requestAsync(listener.instanceId(), "", "one".getBytes(StandardCharsets.UTF_8), WAIT)
			.thenCombine(alice.requestAsync(listener.instanceId(), "", "two".getBytes(StandardCharsets.UTF_8), WAIT),
					(one, two) -> one.text() + ", " + two.text());

		assertThat(echoes).succeedsWithin(WAIT).isEqualTo("echo one, echo two");
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> alice.requestAsync("nobody", "", new byte[0], WAIT))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(103));
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> alice.requestAsync(listener.instanceId(), IpcRequestEvent.ERROR_REPLY_TYPE, new byte[0], WAIT))
			.withMessageContaining("reserved for error replies");
	}

	@Test
	void anotherApplicationOnThePathIsRefusedOnBothSides() {
		Path path = this.sockets.path();
		IPCSocket orders = socket(IpcSocketSettings.builder(path).receiveBufferCapacity(KEPT).applicationId("orders").build());
		List<IpcEvent> events = recordEvents(orders);
		IPCSocket billing = socket(IpcSocketSettings.builder(path).receiveBufferCapacity(KEPT).applicationId("billing").build());
		orders.start();

		assertThatExceptionOfType(IpcException.class).isThrownBy(billing::start)
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(105))
			.withMessageContaining("application 'billing' cannot join application 'orders'");
		await().atMost(WAIT).until(() -> events.stream().anyMatch(IpcErrorEvent.class::isInstance));
		assertThat(orders.peers()).isEmpty();
	}

	@Test
	void classicByteStreamApiReadsAcrossMessages() {
		Path path = this.sockets.path();
		IPCSocket listener = socket(path);
		IPCSocket client = socket(path);
		listener.start();
		client.start();
		await().atMost(WAIT).until(listener::isConnected);

		client.write("Hello, ".getBytes(StandardCharsets.UTF_8));
		client.write("world".getBytes(StandardCharsets.UTF_8));
		assertThat(client.bytesLeftToSend()).isEqualTo(12);
		client.flush();
		assertThat(client.bytesLeftToSend()).isZero();
		client.send("!");

		await().atMost(WAIT).until(() -> listener.bytesAvailable() == 13);
		assertThat(new String(listener.lookahead(), StandardCharsets.UTF_8)).isEqualTo("Hello, world!");
		assertThat(new String(listener.read(5), StandardCharsets.UTF_8)).isEqualTo("Hello");
		assertThat(new String(listener.readAll(), StandardCharsets.UTF_8)).isEqualTo(", world!");
		assertThat(listener.bytesAvailable()).isZero();
		assertThat(listener.eof()).isFalse();
	}

	@Test
	void closeRemovesTheSocketFileAndReleasesThePath() {
		Path path = this.sockets.path();
		IPCSocket first = socket(path);
		first.start();
		assertThat(path).exists();

		first.close();

		assertThat(path).doesNotExist();
		IPCSocket second = socket(path);
		assertThat(second.start()).isEqualTo(IpcRole.LISTENER);
	}

	@Test
	void statisticsCountMessagesBytesConnectionsAndErrors() {
		Members members = threeMembers();
		IPCSocket listener = members.listener();
		IPCSocket alice = members.alice();
		IPCSocket bob = members.bob();

		alice.send("12345");
		receive(bob);
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> alice.send(new byte[2 * 1024 * 1024]));

		IpcStatistics sender = alice.statistics();
		assertThat(sender.messagesSent()).isEqualTo(1);
		assertThat(sender.bytesSent()).isEqualTo(5);
		assertThat(sender.sendCalls()).isEqualTo(1);
		assertThat(sender.sendTime()).isPositive();
		assertThat(sender.errorCount(IpcError.OUT_OF_MEMORY_ERROR)).isEqualTo(1);
		// the hub forwards before it delivers to itself
		await().atMost(WAIT).until(() -> listener.statistics().messagesReceived() == 1);
		IpcStatistics hub = listener.statistics();
		assertThat(hub.bytesReceived()).isEqualTo(5);
		assertThat(hub.messagesRelayed()).isEqualTo(1);
		assertThat(hub.connectionsOpened()).isEqualTo(2);
		assertThat(bob.statistics().messagesReceived()).isEqualTo(1);
	}

	@Test
	void listenerInASharedDirectoryKeepsAcceptingAndLeavesOnlyTheLockBehind() throws java.io.IOException {
		Path shared = java.nio.file.Files.createDirectory(this.sockets.path("shared"));
		java.nio.file.Files.setPosixFilePermissions(shared,
				java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
		Path path = shared.resolve("app.sock");
		IPCSocket listener = socket(path);
		IPCSocket first = socket(path);
		IPCSocket second = socket(path);

		assertThat(listener.start()).isEqualTo(IpcRole.LISTENER);
		assertThat(first.start()).isEqualTo(IpcRole.CLIENT);
		assertThat(second.start()).isEqualTo(IpcRole.CLIENT);
		await().atMost(WAIT).until(() -> listener.peers().size() == 2);
		second.send("still listening");
		assertThat(receive(listener).text()).isEqualTo("still listening");

		second.close();
		first.close();
		listener.close();
		try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(shared)) {
			assertThat(left.map((file) -> file.getFileName().toString())).containsExactly("app.sock.lock");
		}
	}

}
