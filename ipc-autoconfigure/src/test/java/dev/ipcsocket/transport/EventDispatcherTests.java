package dev.ipcsocket.transport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcRoleDecidedEvent;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.socket.UnixDomainIPCSocket;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EventDispatcher}'s start: the task it is given runs on the dispatch thread,
 * after the starting thread has gone on and before any event is delivered.
 */
class EventDispatcherTests {

	@RegisterExtension
	final Sockets sockets = new Sockets();

	@Test
	void startUpTaskRunsOnTheDispatchThreadBeforeTheFirstEventWhileTheStarterGoesOn() throws Exception {
		// an unstarted socket: only the events' source
		UnixDomainIPCSocket source = this.sockets.open(IpcSocketSettings.of(this.sockets.path()));
		EventDispatcher dispatcher = new EventDispatcher("app.sock", 16, 1 << 20, false);
		List<String> seen = new CopyOnWriteArrayList<>();
		dispatcher.addListener((event) -> seen.add("event on " + Thread.currentThread().getName()));
		CountDownLatch eventQueued = new CountDownLatch(1);

		dispatcher.start(() -> {
			try {
				// the starter queues an event meanwhile; it must wait for this task
				eventQueued.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			seen.add("task on " + Thread.currentThread().getName());
		});
		dispatcher.dispatch(new IpcRoleDecidedEvent(source, IpcRole.CLIENT));
		eventQueued.countDown();

		await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
		assertThat(seen).containsExactly("task on ipc-dispatch-app.sock", "event on ipc-dispatch-app.sock");
		dispatcher.stop();
	}

}
