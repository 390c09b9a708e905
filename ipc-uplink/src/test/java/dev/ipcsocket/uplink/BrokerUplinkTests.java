package dev.ipcsocket.uplink;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.ipcsocket.bus.BusFrame;
import dev.ipcsocket.bus.BusFrameCodec;
import dev.ipcsocket.uplink.BrokerUplink.BrokerState;
import dev.ipcsocket.uplink.IpcUplinkProperties.Overflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BrokerUplinkTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final FakeBroker broker = new FakeBroker();

	private final FakeHub hub = new FakeHub("app");

	private final List<String> reported = this.hub.reported;

	private BrokerUplink uplink = uplink(100, Overflow.REJECT_NEW);

	@AfterEach
	void stop() {
		this.uplink.stop();
	}

	@Test
	void subscribesOnlyOnceStartedAndUnsubscribesOnStop() {
		assertThat(this.broker.subscriptions).hasValue(0);
		assertThat(this.uplink.state().hub()).isFalse();

		this.uplink.start(this.hub);
		await().atMost(WAIT).until(() -> this.broker.receiver != null);
		assertThat(this.uplink.state().hub()).isTrue();
		this.uplink.stop();

		assertThat(this.broker.subscriptions).hasValue(0);
		assertThat(this.uplink.state().hub()).isFalse();
	}

	@Test
	void recordsThatArriveWhileUnsubscribingStillReachTheHub() {
		this.uplink.start(this.hub);
		await().atMost(WAIT).until(() -> this.broker.receiver != null);
		this.broker.lastRecord = BusFrameCodec.encode(FakeHub.message("h2:app:m1", 9, "", "last"));

		this.uplink.stop();

		assertThat(this.hub.deliveredTexts()).containsExactly("last");
	}

	@Test
	void messagesReachTheBrokerInOrderAndAreConfirmedInOrder() {
		this.uplink.start(this.hub);
		List<BusFrame.Data> sent = List.of(FakeHub.message("m1", 1, "", "a"), FakeHub.message("m1", 2, "h2:app:x", "b"),
				FakeHub.message("m2", 1, "", "c"));
		sent.forEach(this.uplink::send);

		await().atMost(WAIT).until(() -> this.hub.uplinked.size() == 3);
		assertThat(this.hub.uplinked).containsExactlyElementsOf(sent);
		assertThat(this.broker.records).extracting((record) -> decode(record).origin())
			.containsExactly("h1:app:m1", "h1:app:m1", "h1:app:m2");
		assertThat(this.uplink.counters().count(UplinkResult.UPLINKED)).isEqualTo(3);
		assertThat(this.uplink.state().broker()).isEqualTo(BrokerState.UP);
	}

	@Test
	void whileTheBrokerFailsSendReturnsAtOnceAndMessagesWaitThenFollowInOrder() {
		this.broker.up = false;
		this.uplink.start(this.hub);
		for (int i = 1; i <= 50; i++) {
			this.uplink.send(FakeHub.message("m1", i, "", "t" + i));
		}
		await().atMost(WAIT).until(() -> this.uplink.state().broker() == BrokerState.DOWN);
		assertThat(this.hub.uplinked).isEmpty();
		assertThat(this.uplink.state().buffered()).isEqualTo(50);

		this.broker.up = true;

		await().atMost(WAIT).until(() -> this.hub.uplinked.size() == 50);
		assertThat(this.broker.records).extracting((record) -> FakeHub.text(decode(record)))
			.containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 50).mapToObj((i) -> "t" + i).toList());
		assertThat(this.uplink.counters().count(UplinkResult.FAILED)).isPositive();
		assertThat(this.uplink.state().buffered()).isZero();
	}

	@Test
	void aFullBufferReportsTheNewMessageWithRejectNew() {
		this.uplink = uplink(2, Overflow.REJECT_NEW);
		this.broker.up = false;
		this.uplink.start(this.hub);
		for (int i = 1; i <= 4; i++) {
			this.uplink.send(FakeHub.message("m1", i, "", "t" + i));
		}

		assertThat(this.reported).hasSize(2).allMatch((line) -> line.contains("ipc.uplink.buffer-capacity"));
		assertThat(this.reported.get(0)).startsWith("m1:3 106 ");
		assertThat(this.reported.get(1)).startsWith("m1:4 106 ");
		assertThat(this.hub.uplinked).as("t3 and t4 wait for t1 and t2 before they are confirmed").isEmpty();
		this.broker.up = true;
		await().atMost(WAIT).until(() -> this.hub.uplinked.size() == 2);
		// confirmations are cumulative per sender: confirming t4 confirms t1 to t3
		assertThat(this.hub.uplinkedTexts()).containsExactly("t1", "t4");
		assertThat(this.broker.records).extracting((record) -> FakeHub.text(decode(record))).containsExactly("t1", "t2");
	}

	@Test
	void aFullBufferReportsTheOldestWaitingMessageWithDropOldest() {
		this.uplink = uplink(2, Overflow.DROP_OLDEST);
		this.broker.up = false;
		this.uplink.start(this.hub);
		this.uplink.send(FakeHub.message("m1", 1, "", "t1"));
		await().atMost(WAIT).until(() -> this.uplink.state().broker() == BrokerState.DOWN);
		for (int i = 2; i <= 4; i++) {
			this.uplink.send(FakeHub.message("m1", i, "", "t" + i));
		}

		// t1 is being sent (retried), so t2 and t3 give way
		assertThat(this.reported).extracting((line) -> line.split(" ")[0]).containsExactly("m1:2", "m1:3");
		assertThat(this.hub.uplinked).isEmpty();
		this.broker.up = true;
		await().atMost(WAIT).until(() -> this.hub.uplinked.size() == 2);
		// t2 and t3 were reported after t1, so t1's confirmation waits for t2: t3 confirms both
		assertThat(this.hub.uplinkedTexts()).containsExactly("t3", "t4");
		assertThat(this.broker.records).extracting((record) -> FakeHub.text(decode(record))).containsExactly("t1", "t4");
	}

	@Test
	void messageToThisHostByItsQualifiedIdIsDeliveredWithoutTheBroker() {
		this.uplink.start(this.hub);
		BusFrame.Data data = FakeHub.message("m1", 1, "h1:app:m2", "here");
		this.uplink.send(data);

		assertThat(this.hub.delivered).singleElement().satisfies((delivered) -> {
			assertThat(delivered.origin()).isEqualTo("h1:app:m1");
			assertThat(delivered.target()).isEqualTo("m2");
		});
		assertThat(this.hub.uplinked).as("confirmed at once").containsExactly(data);
		assertThat(this.broker.records).isEmpty();
	}

	@Test
	void recordsForThisHostAreDeliveredAndTheOthersCounted() {
		this.uplink.start(this.hub);
		await().atMost(WAIT).until(() -> this.broker.receiver != null);
		receive(FakeHub.message("h2:app:m1", 1, "", "broadcast"));
		receive(FakeHub.message("h2:app:m1", 2, "h1:app:m3", "direct"));
		receive(FakeHub.message("h1:app:m1", 3, "", "echo"));
		receive(FakeHub.message("h2:other:m1", 4, "", "other application"));
		receive(FakeHub.message("h2:app:m1", 5, "h3:app:m3", "other host"));
		this.broker.receiver.accept(new byte[] { 42 }, Map.of());

		assertThat(this.hub.deliveredTexts()).containsExactly("broadcast", "direct");
		assertThat(this.uplink.counters().count(UplinkResult.RECEIVED)).isEqualTo(2);
		assertThat(this.uplink.counters().count(UplinkResult.ECHO)).isEqualTo(1);
		assertThat(this.uplink.counters().count(UplinkResult.IGNORED)).isEqualTo(2);
		assertThat(this.uplink.counters().count(UplinkResult.FAILED)).isEqualTo(1);
		assertThat(this.reported).singleElement().satisfies((line) -> assertThat(line).startsWith("- 102 "));
	}

	@Test
	void stopReportsTheHubsOwnWaitingMessagesAndLeavesTheClientsToTheirSenders() {
		this.broker.up = false;
		this.uplink.start(this.hub);
		this.uplink.send(FakeHub.message("hub", 1, "", "own"));
		this.uplink.send(FakeHub.message("client", 1, "", "client's"));

		this.uplink.stop();

		assertThat(this.reported).singleElement().satisfies((line) -> assertThat(line).startsWith("hub:1 102 "));
		assertThat(this.uplink.state().buffered()).isZero();
	}

	@Test
	void duplicatesAreCounted() {
		this.uplink.duplicateDropped(FakeHub.message("h2:app:m1", 1, "", "x"));

		assertThat(this.uplink.counters().count(UplinkResult.DUPLICATE)).isEqualTo(1);
		assertThat(this.uplink.duplicateWindow()).isEqualTo(1000);
	}

	private void receive(BusFrame.Data data) {
		this.broker.receiver.accept(BusFrameCodec.encode(data), Map.of(UplinkHeaders.HOPS, "1"));
	}

	private BrokerUplink uplink(int capacity, Overflow overflow) {
		return new BrokerUplink(new UplinkRouting("h1", 1), this.broker, capacity, overflow, 1000, () -> "hub");
	}

	private static BusFrame.Data decode(byte[] record) {
		try {
			return (BusFrame.Data) BusFrameCodec.decode(record);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	/** A broker that takes every record while up and fails every send while down. */
	static final class FakeBroker implements BrokerLink {

		final List<byte[]> records = new CopyOnWriteArrayList<>();

		final AtomicInteger subscriptions = new AtomicInteger();

		volatile boolean up = true;

		volatile @Nullable BiConsumer<Object, Map<String, Object>> receiver;

		/** A record the broker hands over while the subscription ends. */
		volatile byte @Nullable [] lastRecord;

		@Override
		public void send(byte[] payload, Map<String, Object> headers) {
			if (!this.up) {
				throw new IllegalStateException("broker down");
			}
			this.records.add(payload);
		}

		@Override
		public void subscribe(BiConsumer<Object, Map<String, Object>> receiver) {
			this.subscriptions.incrementAndGet();
			this.receiver = receiver;
		}

		@Override
		public void unsubscribe() {
			byte[] last = this.lastRecord;
			if (last != null && this.receiver != null) {
				this.receiver.accept(last, Map.of(UplinkHeaders.HOPS, "1"));
			}
			this.subscriptions.decrementAndGet();
		}

		@Override
		public String describe() {
			return "fake";
		}

	}

}
