package dev.ipcsocket.socket;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcSocketSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Thousands of members come and go on one listener, cleanly, abruptly, or without a handshake;
 * afterwards its file descriptors and threads are back where they started. More cycles with
 * {@code -Pstress} ({@code ipc.churn.cycles}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ChurnTests {

	private static final int CYCLES = Integer.getInteger("ipc.churn.cycles", 2000);

	private static final int LIBRARY_CYCLES = Math.max(20, CYCLES / 100);

	private static final int WARM_UP = 50;

	/** A stray descriptor or thread of the test's own (a JIT or GC helper thread) is tolerated. */
	private static final int TOLERANCE = 2;

	/** Heap still in use after a full collection may grow by this much (class data, JIT caches). */
	private static final long HEAP_TOLERANCE = 8 * 1024 * 1024;

	private static final Duration SETTLE = Duration.ofSeconds(30);

	@TempDir
	Path dir;

	/** Error codes seen; not the events themselves, which would make the heap grow with the cycles. */
	private final Set<Integer> errorCodes = ConcurrentHashMap.newKeySet();

	/** Errors about members that said goodbye: how many, and the first few, to show what went wrong. */
	private final AtomicInteger cleanLeaverErrors = new AtomicInteger();

	private final Queue<String> cleanLeaverErrorSamples = new ConcurrentLinkedQueue<>();

	@Test
	void thousandsOfConnectHandshakeCloseCyclesLeaveNoDescriptorsOrThreadsBehind() throws IOException {
		Path path = this.dir.resolve("app.sock");
		// members that close without waiting for anything may outrun the listener's bookkeeping for a
		// moment on a busy machine: the cap is not what this test is about
		IpcSocketSettings settings = IpcSocketSettings.builder(path).receiveBufferCapacity(0).maxConnections(1024).build();
		try (IPCSocket listener = new UnixDomainIPCSocket(settings)) {
			listener.addListener(this::keepErrors);
			listener.start();
			rawCycles(path, 0, WARM_UP);
			awaitSettled(listener, Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);
			int descriptors = openDescriptors();
			int threads = liveThreads();
			long heap = heapAfterCollection();
			System.out.println("baseline: " + descriptors + " descriptors, " + threads + " threads, "
					+ heap / 1024 + " KiB heap");

			long started = System.nanoTime();
			rawCycles(path, WARM_UP, CYCLES);
			Duration churning = Duration.ofNanos(System.nanoTime() - started);
			System.out.println(CYCLES + " raw connect/handshake/close cycles took " + churning.toMillis() + " ms");
			awaitSettled(listener, descriptors + TOLERANCE, threads + TOLERANCE, heap + HEAP_TOLERANCE);

			started = System.nanoTime();
			for (int i = 0; i < LIBRARY_CYCLES; i++) {
				try (IPCSocket client = new UnixDomainIPCSocket(
						IpcSocketSettings.builder(path).instanceId("library-" + i).receiveBufferCapacity(0).build())) {
					client.start();
				}
			}
			System.out.println(LIBRARY_CYCLES + " library client start/close cycles took "
					+ Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
			awaitSettled(listener, descriptors + TOLERANCE, threads + TOLERANCE, heap + HEAP_TOLERANCE);
			System.out.println("after: " + openDescriptors() + " descriptors, " + liveThreads() + " threads, "
					+ heapAfterCollection() / 1024 + " KiB heap");

			assertThat(this.cleanLeaverErrors).as("errors about members that said goodbye: %s",
					this.cleanLeaverErrorSamples).hasValue(0);
			assertThat(this.errorCodes).as("only what the abrupt leavers cause").containsOnly(102);
			assertThat(listener.statistics().connectionsOpened()).isGreaterThanOrEqualTo(2L * CYCLES / 3);
		}
	}

	private void keepErrors(IpcEvent event) {
		if (event instanceof IpcErrorEvent error) {
			this.errorCodes.add(error.getCode());
			IpcPeer peer = error.getPeer();
			if (peer != null && saidGoodbye(peer.id())
					&& this.cleanLeaverErrors.incrementAndGet() <= 5) {
				this.cleanLeaverErrorSamples.add(peer.id() + ": " + error.getException().getMessage());
			}
		}
	}

	/** Whether the member with this id is one of the clean leavers of {@link #rawCycles}. */
	private static boolean saidGoodbye(String id) {
		if (!id.startsWith("churn-")) {
			return false;
		}
		return Integer.parseInt(id.substring("churn-".length())) % 3 == 0;
	}

	/** A third say goodbye (and wait for the listener to close), a third just close, a third close before saying hello. */
	private static void rawCycles(Path path, int from, int to) throws IOException {
		for (int i = from; i < to; i++) {
			if (i % 3 == 2) {
				RawClient.connect(path).close();
				continue;
			}
			try (RawClient client = RawClient.join(path, "churn-" + i)) {
				if (i % 3 == 0) {
					// as docs/PROTOCOL.md says: Bye, then close once the listener has closed
					client.writeFrame(RawClient.bye());
					assertThat(client.drainUntilClosed()).as("the listener closes after a goodbye").isTrue();
				}
			}
		}
	}

	private static void awaitSettled(IPCSocket listener, int descriptors, int threads, long heap) {
		await().atMost(SETTLE)
			.pollInSameThread()
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> {
				assertThat(listener.peers()).isEmpty();
				assertThat(openDescriptors()).as("open file descriptors").isLessThanOrEqualTo(descriptors);
				assertThat(liveThreads()).as("live threads").isLessThanOrEqualTo(threads);
				assertThat(heapAfterCollection()).as("heap in use after a full collection").isLessThanOrEqualTo(heap);
			});
	}

	private static long heapAfterCollection() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static int openDescriptors() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return (int) fds.count();
		}
	}

	private static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

}
