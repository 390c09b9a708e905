package dev.ipcsocket.bus;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client's copies of what its listener has not confirmed: bounded in messages and bytes; a
 * sender that finds them full waits for a confirmation rather than lose a copy.
 */
class UnconfirmedCopiesTests {

	private final UnconfirmedCopies copies = new UnconfirmedCopies(2, 100);

	@Test
	void confirmationsAreCumulative() {
		this.copies.keep(message(1, 10));
		this.copies.keep(message(2, 10));

		this.copies.confirm(1);
		assertThat(this.copies.size()).isEqualTo(1);
		this.copies.confirm(5);
		assertThat(this.copies.size()).isZero();
	}

	@Test
	void aFullSenderWaitsForAConfirmation() throws Exception {
		assertThat(this.copies.keep(message(1, 10))).isTrue();
		assertThat(this.copies.keep(message(2, 10))).isTrue();
		assertThat(this.copies.keep(message(3, 10))).as("two copies at most").isFalse();

		CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> keep(message(3, 10), Duration.ofSeconds(10)));
		await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> !waiting.isDone());
		this.copies.confirm(1);

		assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.copies.drain()).extracting(BusFrame.Data::sequence).containsExactly(2L, 3L);
	}

	@Test
	void aSenderThatWaitsInVainGetsNoRoom() throws Exception {
		UnconfirmedCopies bytes = new UnconfirmedCopies(10, 100);
		assertThat(bytes.keep(message(1, 90))).isTrue();

		assertThat(bytes.keep(message(2, 20), TimeUnit.MILLISECONDS.toNanos(50))).as("over the byte bound").isFalse();
		assertThat(bytes.drain()).hasSize(1);
		assertThat(bytes.keep(message(3, 500))).as("one larger message when nothing else waits").isTrue();
	}

	private boolean keep(BusFrame.Data data, Duration timeout) {
		try {
			return this.copies.keep(data, timeout.toNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static BusFrame.Data message(long sequence, int bytes) {
		return new BusFrame.Data(BusFrame.Kind.MESSAGE, "me", "", sequence, 0, "", new byte[bytes]);
	}

}
