package dev.ipcsocket.socket;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcListenerThread;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub relays to the other members at socket speed whatever its own listeners do: a listener
 * of the hub that does not return holds back its own deliveries, never the relay.
 */
class SlowHubListenerTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	final Sockets sockets = new Sockets();

	@ParameterizedTest
	@EnumSource(IpcListenerThread.class)
	void relayDoesNotWaitForTheHubsListeners(IpcListenerThread listenerThread) throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		Queue<String> atHub = new ConcurrentLinkedQueue<>();
		IPCSocket hub = this.sockets.start((settings) -> settings.instanceId("hub").listenerThread(listenerThread));
		hub.addListener((event) -> {
			if (event instanceof IpcDataEvent data) {
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				atHub.add(data.getMessage().text());
			}
		});
		Queue<String> atThird = new ConcurrentLinkedQueue<>();
		IPCSocket third = this.sockets.start((settings) -> settings.instanceId("third"));
		third.addListener((event) -> {
			if (event instanceof IpcDataEvent data) {
				atThird.add(data.getMessage().text());
			}
		});
		IPCSocket sender = this.sockets.start((settings) -> settings.instanceId("sender"));
		await().atMost(WAIT).until(() -> sender.peers().size() == 2 && third.peers().size() == 2);
		List<String> sent = IntStream.range(0, 200).mapToObj((i) -> "m" + i).toList();

		sent.forEach(sender::send);

		// well under the watchdog period that lets a new thread read on behind a slow listener
		await().atMost(Duration.ofMillis(500)).untilAsserted(() -> assertThat(atThird).containsExactlyElementsOf(sent));
		release.countDown();
		await().atMost(WAIT).untilAsserted(() -> assertThat(atHub).containsExactlyElementsOf(sent));
	}

}
