package dev.ipcsocket.socket;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcListenerThread;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcRequestEvent;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which thread runs the listeners ({@link IpcListenerThread}), between real Unix sockets in one
 * JVM: one at a time and in order either way; a listener that waits on an I/O thread lets another
 * thread read on.
 */
class ListenerThreadTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	final Sockets sockets = new Sockets();

	private IPCSocket socket(IpcSocketSettings settings) {
		return this.sockets.open(settings);
	}

	private IpcSocketSettings settings(String instanceId) {
		return IpcSocketSettings.builder(this.sockets.path()).instanceId(instanceId).build();
	}

	@Test
	void listenersRunOnTheDispatchThreadWhenAsked() {
		IPCSocket listener = socket(settings("listener").toBuilder().listenerThread(IpcListenerThread.DISPATCH).build());
		Queue<String> threads = new ConcurrentLinkedQueue<>();
		listener.addListener((event) -> {
			if (event instanceof IpcDataEvent) {
				threads.add(Thread.currentThread().getName());
			}
		});
		IPCSocket client = socket(settings("client"));
		listener.start();
		client.start();
		await().atMost(WAIT).until(listener::isConnected);

		for (int i = 0; i < 20; i++) {
			client.send("message " + i);
		}

		await().atMost(WAIT).until(() -> threads.size() == 20);
		assertThat(threads).allMatch((name) -> name.startsWith("ipc-dispatch-"));
	}

	@Test
	void listenersRunOnTheReaderThreadByDefaultWhenNothingElseWaits() {
		IPCSocket listener = socket(settings("listener"));
		Queue<String> threads = new ConcurrentLinkedQueue<>();
		listener.addListener((event) -> {
			if (event instanceof IpcDataEvent) {
				threads.add(Thread.currentThread().getName());
			}
		});
		IPCSocket client = socket(settings("client"));
		listener.start();
		client.start();
		await().atMost(WAIT).until(listener::isConnected);

		// one message at a time, so that sooner or later one finds no event queued before it
		await().atMost(WAIT).until(() -> {
			int before = threads.size();
			client.send("ping");
			await().atMost(WAIT).until(() -> threads.size() > before);
			return threads.stream().anyMatch((name) -> name.startsWith("ipc-io-"));
		});
	}

	@Test
	void aListenerWithClientsToRelayToRunsItsListenersOffTheReadersOneAtATimeAndInOrder() throws Exception {
		IPCSocket listener = socket(settings("listener").toBuilder().listenerThread(IpcListenerThread.IO).build());
		AtomicInteger running = new AtomicInteger();
		AtomicInteger overlaps = new AtomicInteger();
		Map<String, List<Integer>> received = new ConcurrentHashMap<>();
		Queue<String> threads = new ConcurrentLinkedQueue<>();
		listener.addListener((event) -> {
			if (event instanceof IpcDataEvent data) {
				if (running.incrementAndGet() != 1) {
					overlaps.incrementAndGet();
				}
				threads.add(Thread.currentThread().getName());
				received.computeIfAbsent(data.getPeer().id(), (id) -> new ArrayList<>())
					.add(ByteBuffer.wrap(data.getMessage().payload()).getInt());
				running.decrementAndGet();
			}
		});
		IPCSocket alice = socket(settings("alice"));
		IPCSocket bob = socket(settings("bob"));
		listener.start();
		alice.start();
		bob.start();
		await().atMost(WAIT).until(() -> listener.peers().size() == 2);
		int count = 5000;

		Thread bobSends = new Thread(() -> sendNumbers(bob, count), "bob-sends");
		bobSends.start();
		sendNumbers(alice, count);
		bobSends.join(WAIT.toMillis());

		await().atMost(WAIT).until(() -> received.values().stream().mapToInt(List::size).sum() == 2 * count);
		assertThat(overlaps).as("listeners called concurrently").hasValue(0);
		List<Integer> inOrder = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			inOrder.add(i);
		}
		assertThat(received.get("alice")).isEqualTo(inOrder);
		assertThat(received.get("bob")).isEqualTo(inOrder);
		// its readers relay to the other client: they never wait for its own listeners
		assertThat(threads).allMatch((name) -> name.startsWith("ipc-dispatch-"));
	}

	private static void sendNumbers(IPCSocket socket, int count) {
		for (int i = 0; i < count; i++) {
			socket.send(ByteBuffer.allocate(4).putInt(i).array());
		}
	}

	@Test
	void requestFromAListenerOnTheIoThreadGetsItsReplyReadByAnotherThread() {
		IPCSocket listener = socket(settings("listener"));
		listener.addListener((event) -> {
			if (event instanceof IpcRequestEvent request) {
				request.reply("pong");
			}
		});
		IPCSocket client = socket(settings("client").toBuilder().listenerThread(IpcListenerThread.IO).build());
		Queue<Map.Entry<String, Object>> outcomes = new ConcurrentLinkedQueue<>();
		client.addListener((event) -> {
			if (event instanceof IpcDataEvent && !(event instanceof IpcRequestEvent)) {
				Object outcome;
				try {
					outcome = client.request("listener", "", "ping".getBytes(), WAIT).text();
				}
				catch (IpcException ex) {
					outcome = ex;
				}
				outcomes.add(Map.entry(Thread.currentThread().getName(), outcome));
			}
		});
		listener.start();
		client.start();
		await().atMost(WAIT).until(listener::isConnected);
		long readers = ioThreads();

		// one message at a time, so that sooner or later one finds no event queued before it
		await().atMost(WAIT).until(() -> {
			int before = outcomes.size();
			listener.send("go");
			await().atMost(WAIT).until(() -> outcomes.size() > before);
			return outcomes.stream().filter((outcome) -> outcome.getKey().startsWith("ipc-io-")).count() >= 3;
		});
		assertThat(outcomes).extracting(Map.Entry::getValue).containsOnly("pong");
		// each request on a reader thread handed reading over to a new one, and the old one ended
		await().atMost(WAIT).until(() -> ioThreads() <= readers);
	}

	@Test
	void aListenerThatHoldsUpTheReaderLosesItToANewThread() throws Exception {
		// connect timeout 200 ms: the connection check runs every 50 ms
		IpcSocketSettings quick = settings("listener").toBuilder().listenerThread(IpcListenerThread.IO)
			.connectTimeout(Duration.ofMillis(200))
			.build();
		IPCSocket listener = socket(quick);
		CountDownLatch release = new CountDownLatch(1);
		Queue<String> seen = new ConcurrentLinkedQueue<>();
		listener.addListener((event) -> {
			if (event instanceof IpcDataEvent data) {
				seen.add(data.getText());
				if (data.getText().equals("hold")) {
					awaitQuietly(release);
				}
			}
		});
		IPCSocket alice = socket(settings("alice"));
		IPCSocket bob = socket(settings("bob"));
		Queue<String> bobSaw = new ConcurrentLinkedQueue<>();
		bob.addListener((event) -> {
			if (event instanceof IpcDataEvent data) {
				bobSaw.add(data.getText());
			}
		});
		listener.start();
		alice.start();
		bob.start();
		await().atMost(WAIT).until(() -> listener.peers().size() == 2 && alice.peers().size() == 2);
		long readers = ioThreads();

		alice.send("hold");
		await().atMost(WAIT).until(() -> seen.contains("hold"));
		for (int i = 0; i < 3; i++) {
			alice.sendTo("bob", ("direct " + i).getBytes());
			alice.send("broadcast " + i);
		}

		// the hub relays alice's later messages while its own listener still holds her first one
		await().atMost(WAIT).until(() -> bobSaw.size() == 7);
		assertThat(bobSaw).containsExactly("hold", "direct 0", "broadcast 0", "direct 1", "broadcast 1", "direct 2",
				"broadcast 2");
		assertThat(seen).containsExactly("hold");
		release.countDown();
		await().atMost(WAIT).until(() -> seen.size() == 4);
		assertThat(seen).containsExactly("hold", "broadcast 0", "broadcast 1", "broadcast 2");
		await().atMost(WAIT).until(() -> ioThreads() <= readers);
	}

	@Test
	void aListenerOnTheReaderThreadThatWaitsForTheNextMessageGetsIt() {
		IPCSocket listener = socket(settings("listener"));
		IPCSocket client = socket(settings("client").toBuilder().receiveBufferCapacity(16).build());
		Queue<String> pulled = new ConcurrentLinkedQueue<>();
		Queue<String> threads = new ConcurrentLinkedQueue<>();
		client.addListener((event) -> {
			if (event instanceof IpcDataEvent data && data.getText().equals("first")) {
				threads.add(Thread.currentThread().getName());
				for (int i = 0; i < 2; i++) {
					IpcMessage message = client.receive(WAIT);
					pulled.add((message != null) ? message.text() : "nothing");
				}
			}
		});
		listener.start();
		client.start();
		await().atMost(WAIT).until(listener::isConnected);

		// rounds until one finds no event queued before it, so that it runs on the reader thread
		await().atMost(WAIT).until(() -> {
			int before = pulled.size();
			listener.send("first");
			await().atMost(WAIT).until(() -> threads.size() > before / 2);
			listener.send("second");
			await().atMost(WAIT).until(() -> pulled.size() == before + 2);
			return threads.stream().anyMatch((name) -> name.startsWith("ipc-io-"));
		});
		assertThat(String.join(",", pulled)).matches("(first,second,?)+");
	}

	@Test
	void aListenerOnTheReaderThreadClosesItsSocketWithoutWaitingForItself() {
		IPCSocket listener = socket(settings("listener"));
		IPCSocket alice = socket(settings("alice"));
		CountDownLatch secondQueued = new CountDownLatch(1);
		AtomicReference<String> closedOn = new AtomicReference<>();
		listener.addListener((event) -> {
			if (event instanceof IpcDataEvent data && data.getText().equals("close")) {
				// the next message waits in the queue for this listener to return, read by the
				// thread that the connection check lets read on behind this one
				awaitQuietly(secondQueued);
				listener.close();
				closedOn.set(Thread.currentThread().getName());
			}
		});
		listener.start();
		alice.start();
		await().atMost(WAIT).until(() -> listener.peers().size() == 1);

		alice.send("close");
		alice.send("queued");
		await().atMost(WAIT).until(() -> listener.statistics().messagesReceived() == 2);
		secondQueued.countDown();

		// the dispatch thread cannot deliver the queued message before this listener returns:
		// close must not wait the dispatcher's 10 s for it
		await().atMost(Duration.ofSeconds(5)).until(() -> closedOn.get() != null);
		assertThat(closedOn.get()).startsWith("ipc-io-");
	}

	private static long ioThreads() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().startsWith("ipc-io-"))
			.count();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void requestFromAListenerOnTheDispatchThreadGetsItsReply() {
		IPCSocket listener = socket(settings("listener"));
		listener.addListener((event) -> {
			if (event instanceof IpcRequestEvent request) {
				request.reply("pong");
			}
		});
		IPCSocket client = socket(settings("client").toBuilder().listenerThread(IpcListenerThread.DISPATCH).build());
		AtomicReference<IpcMessage> reply = new AtomicReference<>();
		client.addListener((event) -> {
			if (event instanceof IpcDataEvent && !(event instanceof IpcRequestEvent)) {
				reply.set(client.request("listener", "", "ping".getBytes(), WAIT));
			}
		});
		listener.start();
		client.start();
		await().atMost(WAIT).until(listener::isConnected);

		listener.send("go");

		await().atMost(WAIT).until(() -> reply.get() != null);
		assertThat(reply.get().text()).isEqualTo("pong");
	}

}
