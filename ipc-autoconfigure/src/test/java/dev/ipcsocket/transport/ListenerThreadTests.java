package dev.ipcsocket.transport;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcListenerThread;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcRequestEvent;
import dev.ipcsocket.IpcSocketSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which thread runs the listeners ({@link IpcListenerThread}), between real Unix sockets in one
 * JVM: one at a time and in order either way; request() from an I/O thread fails at once.
 */
class ListenerThreadTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path dir;

	private final List<IPCSocket> sockets = new ArrayList<>();

	@AfterEach
	void close() {
		// clients first, so that closing the listener starts no re-election
		Collections.reverse(this.sockets);
		this.sockets.forEach(IPCSocket::close);
	}

	private IPCSocket socket(IpcSocketSettings settings) {
		IPCSocket socket = new UnixDomainIPCSocket(settings);
		this.sockets.add(socket);
		return socket;
	}

	private IpcSocketSettings settings(String instanceId) {
		return IpcSocketSettings.of(this.dir.resolve("app.sock")).withInstanceId(instanceId);
	}

	@Test
	void listenersRunOnTheDispatchThreadByDefault() {
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

		for (int i = 0; i < 20; i++) {
			client.send("message " + i);
		}

		await().atMost(WAIT).until(() -> threads.size() == 20);
		assertThat(threads).allMatch((name) -> name.startsWith("ipc-dispatch-"));
	}

	@Test
	void ioListenersRunOnTheReaderThreadWhenNothingElseWaits() {
		IPCSocket listener = socket(settings("listener").withListenerThread(IpcListenerThread.IO));
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
	void ioListenersRunOneAtATimeAndSeeEachPeersMessagesInOrder() throws Exception {
		IPCSocket listener = socket(settings("listener").withListenerThread(IpcListenerThread.IO));
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
		assertThat(threads).anyMatch((name) -> name.startsWith("ipc-io-"));
	}

	private static void sendNumbers(IPCSocket socket, int count) {
		for (int i = 0; i < count; i++) {
			socket.send(ByteBuffer.allocate(4).putInt(i).array());
		}
	}

	@Test
	void requestFromAListenerOnTheIoThreadFailsAtOnceWithInvalidState() {
		IPCSocket listener = socket(settings("listener"));
		listener.addListener((event) -> {
			if (event instanceof IpcRequestEvent request) {
				request.reply("pong");
			}
		});
		IPCSocket client = socket(settings("client").withListenerThread(IpcListenerThread.IO));
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

		// one message at a time, so that sooner or later one finds no event queued before it
		await().atMost(WAIT).until(() -> {
			int before = outcomes.size();
			listener.send("go");
			await().atMost(WAIT).until(() -> outcomes.size() > before);
			return outcomes.stream().anyMatch((outcome) -> outcome.getKey().startsWith("ipc-io-"));
		});
		for (Map.Entry<String, Object> outcome : outcomes) {
			if (outcome.getKey().startsWith("ipc-io-")) {
				assertThat(outcome.getValue()).isInstanceOfSatisfying(IpcException.class, (ex) -> {
					assertThat(ex.code()).isEqualTo(106);
					assertThat(ex.getMessage()).contains("I/O thread").contains("ipc.listener-thread=dispatch");
				});
			}
			else {
				assertThat(outcome.getValue()).as("on the dispatch thread a request works").isEqualTo("pong");
			}
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
		IPCSocket client = socket(settings("client"));
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
