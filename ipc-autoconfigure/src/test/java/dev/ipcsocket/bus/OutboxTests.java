package dev.ipcsocket.bus;

import java.util.Set;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox keeps what is sent during a re-election and holds every later message behind it
 * until the members known before the outage are back, so that none overtakes another and none
 * reaches only the members that came back first.
 */
class OutboxTests {

	private static final long FAR_AWAY = Long.MAX_VALUE / 2;

	private final Outbox outbox = new Outbox(8, 1024);

	@Test
	void holdsNothingBeforeAnOutage() {
		assertThat(this.outbox.isHolding()).isFalse();
		assertThat(this.outbox.takeIfReady(Set.of(), 0)).isEmpty();
		assertThat(this.outbox.isHolding()).isFalse();
	}

	@Test
	void holdsFromTheOutageUntilEveryAwaitedMemberIsBackAndNothingIsLeft() {
		this.outbox.awaitMembers(Set.of("alice", "bob"), FAR_AWAY);
		assertThat(this.outbox.isHolding()).as("right after the outage, with nothing kept yet").isTrue();
		this.outbox.offer(message(1), FAR_AWAY);

		assertThat(this.outbox.takeIfReady(Set.of("alice"), 0)).as("only alice is back").isEmpty();
		assertThat(this.outbox.isHolding()).isTrue();

		assertThat(this.outbox.takeIfReady(Set.of("alice", "bob"), 0)).extracting(BusFrame.Data::sequence)
			.containsExactly(1L);
		assertThat(this.outbox.isHolding()).as("until the taker comes back and finds nothing left").isTrue();
		this.outbox.offer(message(2), FAR_AWAY);
		assertThat(this.outbox.takeIfReady(Set.of("alice", "bob"), 0)).extracting(BusFrame.Data::sequence)
			.containsExactly(2L);
		assertThat(this.outbox.takeIfReady(Set.of("alice", "bob"), 0)).isEmpty();
		assertThat(this.outbox.isHolding()).isFalse();
	}

	@Test
	void holdsUntilTheGraceTimeIsOverForAMemberThatDoesNotComeBack() {
		this.outbox.awaitMembers(Set.of("alice", "bob"), 100);
		this.outbox.offer(message(1), FAR_AWAY);

		assertThat(this.outbox.takeIfReady(Set.of("alice"), 99)).isEmpty();
		assertThat(this.outbox.takeIfReady(Set.of("alice"), 100)).hasSize(1);
		assertThat(this.outbox.takeIfReady(Set.of("alice"), 100)).isEmpty();
		assertThat(this.outbox.isHolding()).isFalse();
	}

	@Test
	void aMessageKeptWhenTheLinkFailedIsHeldLikeOneSentDuringTheElection() {
		this.outbox.offer(message(1), FAR_AWAY);

		assertThat(this.outbox.isHolding()).isTrue();
		assertThat(this.outbox.takeIfReady(Set.of(), 0)).hasSize(1);
	}

	@Test
	void isFullAtItsPayloadBytesButLetsOneLargerMessageInWhenEmpty() {
		Outbox small = new Outbox(8, 100);
		assertThat(small.offer(sized(1, 150), FAR_AWAY)).as("alone, larger than the bound").isTrue();
		assertThat(small.offer(sized(2, 1), FAR_AWAY)).isFalse();
		assertThat(small.drain()).hasSize(1);
		assertThat(small.offer(sized(3, 60), FAR_AWAY)).isTrue();
		assertThat(small.offer(sized(4, 40), FAR_AWAY)).isTrue();
		assertThat(small.offer(sized(5, 1), FAR_AWAY)).isFalse();
		assertThat(small.expire(FAR_AWAY + 1)).hasSize(2);
		assertThat(small.offer(sized(6, 100), FAR_AWAY)).as("expired ones free their bytes").isTrue();
	}

	private static BusFrame.Data sized(long sequence, int bytes) {
		return new BusFrame.Data(BusFrame.Kind.MESSAGE, "me", "", sequence, 0, "", new byte[bytes]);
	}

	private static BusFrame.Data message(long id) {
		return new BusFrame.Data(BusFrame.Kind.MESSAGE, "carol", "", id, 0, "", new byte[] { 1 });
	}

}
