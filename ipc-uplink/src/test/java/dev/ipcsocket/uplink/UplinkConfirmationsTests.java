package dev.ipcsocket.uplink;

import org.junit.jupiter.api.Test;

import dev.ipcsocket.bus.BusFrame;

import static org.assertj.core.api.Assertions.assertThat;

class UplinkConfirmationsTests {

	private final UplinkConfirmations confirmations = new UplinkConfirmations();

	private final BusFrame.Data a1 = FakeHub.message("a", 1, "", "1");

	private final BusFrame.Data a2 = FakeHub.message("a", 2, "", "2");

	private final BusFrame.Data a3 = FakeHub.message("a", 3, "", "3");

	private final BusFrame.Data a4 = FakeHub.message("a", 4, "", "4");

	private final BusFrame.Data b1 = FakeHub.message("b", 1, "", "1");

	@Test
	void messagesSettledInOrderAreConfirmedOneByOne() {
		this.confirmations.waiting(this.a1);
		this.confirmations.waiting(this.a2);

		assertThat(this.confirmations.settled(this.a1)).isSameAs(this.a1);
		assertThat(this.confirmations.settled(this.a2)).isSameAs(this.a2);
		assertThat(this.confirmations.size()).isZero();
	}

	@Test
	void aMessageSettledAtOnceBehindAWaitingOneIsConfirmedWithIt() {
		this.confirmations.waiting(this.a1);

		assertThat(this.confirmations.settled(this.a2)).as("a2, delivered on this host").isNull();
		assertThat(this.confirmations.settled(this.a3)).as("a3, reported").isNull();
		assertThat(this.confirmations.settled(this.a1)).isSameAs(this.a3);
		assertThat(this.confirmations.size()).isZero();
	}

	@Test
	void aWaitingMessageGivenUpBeforeAnEarlierOneWaitsForIt() {
		this.confirmations.waiting(this.a1);
		this.confirmations.waiting(this.a2);
		this.confirmations.waiting(this.a3);
		this.confirmations.waiting(this.a4);

		assertThat(this.confirmations.settled(this.a2)).as("a2 dropped as the oldest waiting").isNull();
		assertThat(this.confirmations.settled(this.a1)).isSameAs(this.a2);
		assertThat(this.confirmations.settled(this.a4)).isNull();
		assertThat(this.confirmations.settled(this.a3)).isSameAs(this.a4);
	}

	@Test
	void sendersAreIndependent() {
		this.confirmations.waiting(this.a1);

		assertThat(this.confirmations.settled(this.b1)).isSameAs(this.b1);
		assertThat(this.confirmations.settled(this.a2)).isNull();
	}

	@Test
	void aMessageSettledAtOnceWithNothingWaitingIsConfirmedAtOnce() {
		assertThat(this.confirmations.settled(this.a1)).isSameAs(this.a1);
		assertThat(this.confirmations.size()).isZero();
	}

}
