package dev.ipcsocket.transport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
/**
 * Tests for {@link DispatchQueue}: bounded in events and in bytes, never dropping.
 */
class DispatchQueueTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void producerWaitsWhileTheBytesBoundIsReachedAndGoesOnWhenItemsAreTaken() throws Exception {
		DispatchQueue queue = new DispatchQueue(100, 100);
		queue.put("a", 60);
		queue.put("b", 40);
		CompletableFuture<Void> third = CompletableFuture.runAsync(() -> put(queue, "c", 10));

		assertThat(queue.offer("d", 1, 50, TimeUnit.MILLISECONDS)).as("full in bytes").isFalse();
		assertThat(third).isNotDone();
		assertThat(queue.size()).isEqualTo(2);

		assertThat(queue.take()).isEqualTo("a");
		third.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(queue.size()).isEqualTo(2);
		assertThat(queue.bytes()).isEqualTo(50);
		assertThat(queue.take()).isEqualTo("b");
		assertThat(queue.take()).isEqualTo("c");
		assertThat(queue.bytes()).isZero();
	}

	@Test
	void producerWaitsWhileTheEventBoundIsReached() throws Exception {
		DispatchQueue queue = new DispatchQueue(2, Long.MAX_VALUE);
		queue.put("a", 0);
		queue.put("b", 0);

		assertThat(queue.offer("c", 0, 50, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(queue.take()).isEqualTo("a");
		assertThat(queue.offer("c", 0, 0, TimeUnit.MILLISECONDS)).isTrue();
		assertThat(queue.take()).isEqualTo("b");
		assertThat(queue.take()).isEqualTo("c");
	}

	@Test
	void itemLargerThanTheBytesBoundPassesWhenNothingElseWaits() throws Exception {
		DispatchQueue queue = new DispatchQueue(10, 100);
		queue.put("small", 1);

		assertThat(queue.offer("huge", 1000, 50, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(queue.take()).isEqualTo("small");
		assertThat(queue.offer("huge", 1000, 0, TimeUnit.MILLISECONDS)).isTrue();
		assertThat(queue.bytes()).isEqualTo(1000);
	}

	@Test
	void itemsWrapAroundTheRingInOrder() throws Exception {
		DispatchQueue queue = new DispatchQueue(3, Long.MAX_VALUE);
		for (int i = 0; i < 10; i++) {
			queue.put(i, i);
			queue.put(-i, 0);
			assertThat(queue.take()).isEqualTo(i);
			assertThat(queue.take()).isEqualTo(-i);
		}
		assertThat(queue.size()).isZero();
		assertThat(queue.bytes()).isZero();
	}

	private static void put(DispatchQueue queue, Object item, long size) {
		try {
			queue.put(item, size);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
