package dev.ipcsocket.bus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ipcsocket.IpcConnectedEvent;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMemberJoinedEvent;
import dev.ipcsocket.IpcMemberLeftEvent;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcRequestEvent;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcRoleDecidedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The bus in one JVM, without a socket: a hub and two clients joined by {@link MemoryLink}s,
 * each member a {@link Bus} on a {@link MemoryBus} host wired as the socket façade wires it.
 */
class InMemoryBusTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String APP = "app";

	private final MemoryPath path = new MemoryPath("bus");

	private final List<MemoryBus> members = new ArrayList<>();

	private MemoryBus hub;

	private MemoryBus alice;

	private MemoryBus bob;

	@BeforeEach
	void startBus() {
		this.hub = member("hub");
		assertThat(this.hub.start()).isEqualTo(IpcRole.LISTENER);
		this.alice = member("alice");
		assertThat(this.alice.start()).isEqualTo(IpcRole.CLIENT);
		this.bob = member("bob");
		assertThat(this.bob.start()).isEqualTo(IpcRole.CLIENT);
		// alice learns of bob through the hub's Joined frame, after bob's Welcome
		await().atMost(WAIT).until(() -> ids(this.alice.bus().peers()).contains("bob")
				&& this.hub.events(IpcMemberJoinedEvent.class).size() == 2);
	}

	@AfterEach
	void closeBus() {
		List<MemoryBus> reversed = new ArrayList<>(this.members);
		Collections.reverse(reversed);
		reversed.forEach(MemoryBus::close);
	}

	@Test
	void welcomeListsTheMembersAndEachMemberLearnsOfTheOthersOnce() {
		List<BusFrame> toBob = this.bob.linkToListener().arrived();
		assertThat(toBob).first().isInstanceOfSatisfying(BusFrame.Welcome.class,
				(welcome) -> assertThat(ids(welcome.members())).containsExactly("hub", "alice", "bob"));
		List<BusFrame> toAlice = this.alice.linkToListener().arrived();
		assertThat(toAlice).first().isInstanceOfSatisfying(BusFrame.Welcome.class,
				(welcome) -> assertThat(ids(welcome.members())).containsExactly("hub", "alice"));
		assertThat(toAlice).filteredOn(BusFrame.Joined.class::isInstance)
			.singleElement()
			.satisfies((joined) -> assertThat(((BusFrame.Joined) joined).member().id()).isEqualTo("bob"));

		assertThat(joinedIds(this.hub)).containsExactly("alice", "bob");
		assertThat(joinedIds(this.alice)).containsExactly("hub", "bob");
		assertThat(joinedIds(this.bob)).containsExactly("hub", "alice");
		assertThat(ids(this.hub.bus().peers())).containsExactlyInAnyOrder("alice", "bob");
		assertThat(ids(this.alice.bus().peers())).containsExactlyInAnyOrder("hub", "bob");
		assertThat(ids(this.bob.bus().peers())).containsExactlyInAnyOrder("hub", "alice");

		// a client's role is decided before it connects and hears of the others
		assertThat(this.bob.events()).extracting(InMemoryBusTests::describe)
			.containsExactly("RoleDecided CLIENT", "Connected hub", "MemberJoined hub", "MemberJoined alice");
		assertThat(this.hub.events()).extracting(InMemoryBusTests::describe)
			.containsExactly("RoleDecided LISTENER", "Connected alice", "MemberJoined alice", "Connected bob",
					"MemberJoined bob");
		// the hub admitted bob with the credentials its link saw, under the id of its Hello
		assertThat(this.hub.bus().peers()).filteredOn((peer) -> peer.id().equals("bob"))
			.singleElement()
			.satisfies((peer) -> assertThat(peer.pid()).isEqualTo(this.bob.self().pid()));
		assertThat(this.hub.errors()).isEmpty();
	}

	@Test
	void broadcastReachesEveryOtherMemberInOrderAndNeverTheSender() {
		this.alice.broadcast("one");
		this.alice.broadcast("two");
		this.alice.broadcast("three");
		// the hub forwards before it delivers to itself: bob has alice's three before the hub's own
		await().atMost(WAIT).until(() -> this.hub.texts().size() == 3);
		this.hub.broadcast("from the hub");

		await().atMost(WAIT).until(() -> this.bob.texts().size() == 4 && this.hub.texts().size() == 3
				&& this.alice.texts().size() == 1);
		assertThat(this.bob.texts()).containsExactly("one", "two", "three", "from the hub");
		assertThat(this.hub.texts()).containsExactly("one", "two", "three");
		assertThat(this.alice.texts()).containsExactly("from the hub");
		assertThat(this.bob.events(IpcDataEvent.class)).allSatisfy((event) -> assertThat(event.isDirect()).isFalse());
		assertThat(this.bob.events(IpcDataEvent.class)).extracting((event) -> event.getPeer().id())
			.containsExactly("alice", "alice", "alice", "hub");
		assertThat(this.bob.texts()).as("nothing twice").hasSize(4);
	}

	@Test
	void largeBroadcastArrivesSplitAndWhole() {
		byte[] large = new byte[3 * MemoryLink.SPLIT_THRESHOLD];
		Arrays.fill(large, (byte) 7);
		large[large.length - 1] = 42;

		this.alice.bus().send(null, "blob", large);

		await().atMost(WAIT).until(() -> !this.bob.events(IpcDataEvent.class).isEmpty()
				&& !this.hub.events(IpcDataEvent.class).isEmpty());
		assertThat(this.bob.events(IpcDataEvent.class)).singleElement().satisfies((event) -> {
			assertThat(event.getType()).isEqualTo("blob");
			assertThat(event.getPayload()).isEqualTo(large);
		});
		assertThat(this.hub.events(IpcDataEvent.class)).singleElement()
			.satisfies((event) -> assertThat(event.getPayload()).isEqualTo(large));
	}

	@Test
	void directMessageReachesOnlyItsTarget() {
		this.alice.sendTo("bob", "for bob");
		this.hub.sendTo("alice", "for alice");
		this.bob.sendTo("hub", "for the hub");
		// sent after the direct ones: once it arrived everywhere, the direct ones had their chance
		this.alice.broadcast("marker");
		this.hub.broadcast("marker");

		await().atMost(WAIT).until(() -> this.bob.texts().size() == 3 && this.alice.texts().size() == 2
				&& this.hub.texts().size() == 2);
		assertThat(this.bob.texts()).containsExactlyInAnyOrder("for bob", "marker", "marker");
		assertThat(this.alice.texts()).containsExactly("for alice", "marker");
		assertThat(this.hub.texts()).containsExactlyInAnyOrder("for the hub", "marker");
		assertThat(this.bob.events(IpcDataEvent.class)).filteredOn((event) -> event.getText().equals("for bob"))
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.isDirect()).isTrue();
				assertThat(event.getPeer().id()).isEqualTo("alice");
			});
	}

	@Test
	void directMessageToAnUnknownMemberIsRefused() {
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> this.alice.sendTo("nobody", "lost?"))
			.satisfies((ex) -> {
				assertThat(ex.error()).isEqualTo(IpcError.NAME_RESOLUTION_ERROR);
				assertThat(ex.code()).isEqualTo(103);
				assertThat(ex).hasMessageContaining("no member 'nobody'");
			});
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> this.alice.sendTo("alice", "me?"))
			.satisfies((ex) -> assertThat(ex).hasMessageContaining("that is this member itself"));
	}

	@Test
	void messageTheHubCannotRouteIsReportedThereWithItsContent() {
		// a sender whose member table is stale: the frame goes straight onto its link
		MemoryLink.End link = this.alice.linkToListener();
		link.send(BusFrameCodec.encode(new BusFrame.Data(BusFrame.Kind.MESSAGE, "alice", "ghost", 1, 0, "",
				"for a ghost".getBytes(StandardCharsets.UTF_8))));
		this.alice.broadcast("after");

		await().atMost(WAIT).until(() -> this.bob.texts().contains("after") && this.hub.texts().contains("after"));
		assertThat(this.hub.errorEvents()).singleElement().satisfies((error) -> {
			assertThat(error.getError()).isEqualTo(IpcError.NAME_RESOLUTION_ERROR);
			assertThat(error.getPeer()).isNotNull().extracting(IpcPeer::id).isEqualTo("alice");
			assertThat(error.getUndelivered()).isNotNull().extracting(IpcMessage::text).isEqualTo("for a ghost");
			assertThat(error.getException()).hasMessageContaining("no member 'ghost'");
		});
		assertThat(this.hub.texts()).containsExactly("after");
		assertThat(this.bob.texts()).containsExactly("after");
		assertThat(this.alice.errorEvents()).as("the hub does not tell the sender").isEmpty();
	}

	@Test
	void requestIsAnsweredThroughTheHub() {
		this.bob.answerRequests("bob got ");
		this.hub.answerRequests("hub got ");

		IpcMessage reply = this.alice.request("bob", "ping", WAIT);
		IpcMessage fromHub = this.alice.request("hub", "ping 2", WAIT);

		assertThat(reply.text()).isEqualTo("bob got ping");
		assertThat(reply.peer().id()).isEqualTo("bob");
		assertThat(fromHub.text()).isEqualTo("hub got ping 2");
		assertThat(fromHub.peer().id()).isEqualTo("hub");
		assertThat(this.bob.events(IpcRequestEvent.class)).singleElement().satisfies((request) -> {
			assertThat(request.getText()).isEqualTo("ping");
			assertThat(request.getPeer().id()).isEqualTo("alice");
			assertThat(request.isReplied()).isTrue();
		});
		assertThat(this.alice.events(IpcDataEvent.class)).as("a reply is no message event").isEmpty();
		assertThat(this.hub.events(IpcRequestEvent.class)).extracting(IpcDataEvent::getText).containsExactly("ping 2");
	}

	@Test
	void requestToAMemberThatDoesNotAnswerTimesOut() {
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> this.alice.request("bob", "anyone?", Duration.ofMillis(200)))
			.satisfies((ex) -> {
				assertThat(ex.error()).isEqualTo(IpcError.LOST_CONNECTION);
				assertThat(ex).hasMessageContaining("no reply from 'bob' within 200 ms");
			});
	}

	@Test
	void helloWithAnInstanceIdAlreadyOnTheBusIsRefused() {
		MemoryBus twin = member("bob");

		assertThatExceptionOfType(IpcException.class).isThrownBy(twin::start).satisfies((ex) -> {
			assertThat(ex.error()).isEqualTo(IpcError.ADDRESS_IN_USE_ERROR);
			assertThat(ex).hasMessageContaining("instance id 'bob' is already a member");
		});
		assertRefusedWithoutTrace(twin);
	}

	@Test
	void helloOfAnotherApplicationIsRefused() {
		MemoryBus stranger = new MemoryBus(this.path, MemoryBus.settings(this.path, "other", "carol").build(), 99);
		this.members.add(stranger);

		assertThatExceptionOfType(IpcException.class).isThrownBy(stranger::start).satisfies((ex) -> {
			assertThat(ex.error()).isEqualTo(IpcError.ADDRESS_IN_USE_ERROR);
			assertThat(ex).hasMessageContaining("application 'other' cannot join application 'app'");
		});
		assertRefusedWithoutTrace(stranger);
	}

	private void assertRefusedWithoutTrace(MemoryBus refused) {
		assertThat(refused.bus().role()).isNull();
		assertThat(refused.bus().side()).isNull();
		assertThat(refused.events(IpcMemberJoinedEvent.class)).isEmpty();
		await().atMost(WAIT).until(() -> !this.hub.errors().isEmpty());
		assertThat(this.hub.errors()).singleElement()
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(IpcError.ADDRESS_IN_USE_ERROR));
		assertThat(joinedIds(this.hub)).containsExactly("alice", "bob");
		assertThat(ids(this.hub.bus().peers())).containsExactlyInAnyOrder("alice", "bob");
		// the others never heard of it
		this.hub.broadcast("marker");
		await().atMost(WAIT).until(() -> this.alice.texts().contains("marker"));
		assertThat(joinedIds(this.alice)).containsExactly("hub", "bob");
		assertThat(this.alice.linkToListener().arrived()).filteredOn(BusFrame.Joined.class::isInstance).hasSize(1);
	}

	@Test
	void memberThatLeavesIsGoneCleanlyForEveryOther() {
		this.bob.close();

		await().atMost(WAIT).until(() -> !leftOf(this.hub).isEmpty() && !leftOf(this.alice).isEmpty());
		// once alice heard of it, anything more would have come before this
		this.hub.broadcast("marker");
		await().atMost(WAIT).until(() -> this.alice.texts().contains("marker"));
		assertThat(leftOf(this.hub)).containsExactly("bob clean");
		assertThat(leftOf(this.alice)).containsExactly("bob clean");
		assertThat(this.hub.errors()).isEmpty();
		assertThat(this.alice.errors()).isEmpty();
		assertThat(ids(this.hub.bus().peers())).containsExactly("alice");
		assertThat(ids(this.alice.bus().peers())).containsExactly("hub");
		assertThat(this.alice.elections()).isZero();
	}

	@Test
	void memberWhoseLinkBreaksIsGoneUncleanly() {
		this.bob.crash("Connection reset by peer");

		await().atMost(WAIT).until(() -> !leftOf(this.hub).isEmpty() && !leftOf(this.alice).isEmpty());
		this.hub.broadcast("marker");
		await().atMost(WAIT).until(() -> this.alice.texts().contains("marker"));
		assertThat(leftOf(this.hub)).containsExactly("bob lost");
		assertThat(leftOf(this.alice)).containsExactly("bob lost");
		assertThat(this.hub.errors()).singleElement().satisfies((ex) -> {
			assertThat(ex.error()).isEqualTo(IpcError.LOST_CONNECTION);
			assertThat(ex).hasMessageContaining("Connection reset by peer");
		});
		assertThat(this.alice.linkToListener().arrived()).filteredOn(BusFrame.Left.class::isInstance)
			.containsExactly(new BusFrame.Left("bob", false));
		assertThat(this.alice.elections()).as("only the hub's loss starts an election").isZero();
	}

	@Test
	void lostHubIsReplacedByAClientAndWhatWasSentMeanwhileArrivesInOrder() {
		this.path.holdElections();
		this.hub.crash(null);

		await().atMost(WAIT).until(() -> this.alice.elections() >= 1 && this.bob.elections() >= 1);
		assertThat(this.alice.bus().role()).isNull();
		assertThat(this.alice.endpointStops()).isEqualTo(1);
		assertThat(leftOf(this.alice)).containsExactlyInAnyOrder("hub lost", "bob lost");
		assertThat(this.alice.errors()).extracting(IpcException::error).containsExactly(IpcError.LOST_CONNECTION);

		this.alice.broadcast("kept 1");
		this.alice.sendTo("bob", "kept 2 (direct)");
		this.alice.broadcast("kept 3");
		this.bob.broadcast("bob kept");

		this.path.allow("alice");
		await().atMost(WAIT).until(() -> this.alice.bus().role() == IpcRole.LISTENER);
		// the outbox waits for bob, known before the outage: this one waits behind the others
		this.alice.broadcast("after the election");
		assertThat(this.alice.bus().peers()).isEmpty();

		this.path.allow();
		await().atMost(WAIT).until(() -> this.bob.bus().role() == IpcRole.CLIENT);
		await().atMost(WAIT).until(() -> this.bob.texts().size() == 4 && this.alice.texts().size() == 1);
		assertThat(this.bob.texts()).containsExactly("kept 1", "kept 2 (direct)", "kept 3", "after the election");
		assertThat(this.alice.texts()).containsExactly("bob kept");
		assertThat(this.alice.events(IpcRoleDecidedEvent.class)).extracting(IpcRoleDecidedEvent::role)
			.containsExactly(IpcRole.CLIENT, IpcRole.LISTENER);
		assertThat(joinedIds(this.alice)).containsExactly("hub", "bob", "bob");
		assertThat(this.alice.bus().lastReelection()).isNotNull();
		assertThat(this.alice.errorEvents()).extracting(IpcErrorEvent::getError)
			.containsExactly(IpcError.LOST_CONNECTION);
		assertThat(this.bob.errorEvents()).extracting(IpcErrorEvent::getError)
			.containsExactly(IpcError.LOST_CONNECTION);
	}

	@Test
	void theHubConfirmsWhatItPassedOnAndTheClientForgetsItsCopies() {
		for (int i = 0; i < Confirmations.BATCH + 3; i++) {
			this.alice.broadcast("m" + i);
		}
		this.alice.sendTo("hub", "direct");

		await().atMost(WAIT).until(() -> this.alice.bus().unconfirmedCount() == 0);
		assertThat(this.alice.linkToListener().arrived()).filteredOn(BusFrame.Confirmed.class::isInstance)
			.as("cumulative and batched: far fewer confirmations than messages")
			.hasSizeBetween(1, 3);
		assertThat(this.bob.texts()).hasSize(Confirmations.BATCH + 3);
	}

	@Test
	void messagesTheHubHadNotReadWhenItDiedArriveThroughTheNextHubOnceAndInOrder() {
		this.alice.broadcast("before");
		await().atMost(WAIT).until(() -> this.alice.bus().unconfirmedCount() == 0 && this.bob.texts().size() == 1);
		this.hub.linkFrom("alice").holdReading();
		this.alice.broadcast("unread 1");
		this.alice.sendTo("bob", "unread 2 (direct)");
		this.alice.sendTo("hub", "to the dead hub");
		this.alice.broadcast("unread 3");
		assertThat(this.alice.bus().unconfirmedCount()).isEqualTo(4);

		this.hub.crash(null);

		await().atMost(WAIT).until(() -> this.bob.texts().size() == 4);
		assertThat(this.bob.texts()).containsExactly("before", "unread 1", "unread 2 (direct)", "unread 3");
		await().atMost(WAIT).until(() -> !this.alice.errorEvents().isEmpty()
				&& this.alice.errorEvents().stream().anyMatch((event) -> event.getUndelivered() != null));
		assertThat(this.alice.errorEvents()).filteredOn((event) -> event.getUndelivered() != null)
			.extracting((event) -> event.getUndelivered().text())
			.containsExactly("to the dead hub");
		await().atMost(WAIT).until(() -> this.alice.bus().unconfirmedCount() == 0);
	}

	@Test
	void aMessageTheDeadHubPassedOnWithoutConfirmingIsDroppedAsARepeat() {
		this.hub.holdScheduledTasks();
		this.alice.broadcast("passed on, not confirmed");
		await().atMost(WAIT).until(() -> this.bob.texts().size() == 1);
		assertThat(this.alice.bus().unconfirmedCount()).isEqualTo(1);

		this.hub.crash(null);

		// sent again to the next hub: bob has it already and drops it
		await().atMost(WAIT).until(() -> this.bob.bus().statistics(0).duplicatesDropped()
				+ this.alice.bus().statistics(0).duplicatesDropped() == 1);
		assertThat(this.bob.texts()).containsExactly("passed on, not confirmed");
		assertThat(this.alice.texts()).isEmpty();
	}

	@Test
	void memberThatLeavesRightAfterANewcomersWelcomeIsGoneFromTheNewcomersTable() {
		MemoryBus carol = member("carol");
		// bob leaves as carol's role is decided: the hub's Left frame follows carol's Welcome. If
		// the joining thread decides, carol's reader goes on meanwhile, past the Left (waited for);
		// if the reader itself decides, nothing after the Welcome is read before it is done
		carol.onEvent((event) -> {
			if (event instanceof IpcRoleDecidedEvent) {
				this.bob.close();
				await().atMost(WAIT).until(() -> leftOf(this.hub).contains("bob clean"));
				this.hub.broadcast("after bob");
				if (!carol.linkToListener().isReaderThread()) {
					await().atMost(WAIT).until(() -> carol.linkToListener().arrived().stream().anyMatch(BusFrame.Data.class::isInstance));
				}
			}
		});

		assertThat(carol.start()).isEqualTo(IpcRole.CLIENT);

		await().atMost(WAIT).until(() -> carol.texts().contains("after bob"));
		assertThat(ids(carol.bus().peers())).as("bob left after carol's Welcome").containsExactlyInAnyOrder("hub", "alice");
		assertThat(joinedIds(carol).contains("bob")).as("bob joined at carol").isEqualTo(leftOf(carol).contains("bob clean"));
	}

	private MemoryBus member(String id) {
		MemoryBus member = new MemoryBus(this.path, MemoryBus.settings(this.path, APP, id).build(),
				1000 + this.members.size());
		this.members.add(member);
		return member;
	}

	private static List<String> ids(List<IpcPeer> peers) {
		return peers.stream().map(IpcPeer::id).toList();
	}

	private static List<String> joinedIds(MemoryBus member) {
		return member.events(IpcMemberJoinedEvent.class).stream().map((event) -> event.getMember().id()).toList();
	}

	private static List<String> leftOf(MemoryBus member) {
		return member.events(IpcMemberLeftEvent.class)
			.stream()
			.map((event) -> event.getMember().id() + (event.isClean() ? " clean" : " lost"))
			.toList();
	}

	private static String describe(IpcEvent event) {
		if (event instanceof IpcRoleDecidedEvent decided) {
			return "RoleDecided " + decided.role();
		}
		if (event instanceof IpcConnectedEvent connected) {
			return "Connected " + connected.getPeer().id();
		}
		if (event instanceof IpcMemberJoinedEvent joined) {
			return "MemberJoined " + joined.getMember().id();
		}
		return event.getClass().getSimpleName();
	}

}
