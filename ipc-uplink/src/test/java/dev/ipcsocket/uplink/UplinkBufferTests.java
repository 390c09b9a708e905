package dev.ipcsocket.uplink;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.ipcsocket.uplink.IpcUplinkProperties.Overflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UplinkBufferTests {

	@Test
	void messagesAreTakenOldestFirstAndAFailedOneIsTakenAgain() throws InterruptedException {
		UplinkBuffer<String> buffer = new UplinkBuffer<>(3, Overflow.REJECT_NEW);
		buffer.offer("a");
		buffer.offer("b");

		assertThat(buffer.take(Duration.ZERO)).isEqualTo("a");
		assertThat(buffer.take(Duration.ZERO)).as("a failed, so it comes again").isEqualTo("a");
		buffer.sent();
		assertThat(buffer.take(Duration.ZERO)).isEqualTo("b");
		buffer.sent();
		assertThat(buffer.take(Duration.ofMillis(10))).isNull();
	}

	@Test
	void rejectNewGivesUpOnTheNewMessage() throws InterruptedException {
		UplinkBuffer<String> buffer = new UplinkBuffer<>(2, Overflow.REJECT_NEW);
		assertThat(buffer.offer("a")).isNull();
		assertThat(buffer.offer("b")).isNull();

		assertThat(buffer.offer("c")).isEqualTo("c");
		assertThat(buffer.drain()).containsExactly("a", "b");
	}

	@Test
	void dropOldestGivesUpOnTheOldestThatIsNotBeingSent() throws InterruptedException {
		UplinkBuffer<String> buffer = new UplinkBuffer<>(3, Overflow.DROP_OLDEST);
		buffer.offer("a");
		buffer.offer("b");
		buffer.offer("c");
		assertThat(buffer.take(Duration.ZERO)).isEqualTo("a");

		assertThat(buffer.offer("d")).isEqualTo("b");
		assertThat(buffer.size()).isEqualTo(3);
		assertThat(buffer.drain()).containsExactly("a", "c", "d");
	}

	@Test
	void dropOldestWithOnlyTheMessageBeingSentGivesUpOnTheNewOne() throws InterruptedException {
		UplinkBuffer<String> buffer = new UplinkBuffer<>(1, Overflow.DROP_OLDEST);
		buffer.offer("a");
		buffer.take(Duration.ZERO);

		assertThat(buffer.offer("b")).isEqualTo("b");
	}

	@Test
	void capacityBelowOneIsRefusedNamingTheProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> new UplinkBuffer<>(0, Overflow.REJECT_NEW))
			.withMessageContaining("ipc.uplink.buffer-capacity");
	}

}
