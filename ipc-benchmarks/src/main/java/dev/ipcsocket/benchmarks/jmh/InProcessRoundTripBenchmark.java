package dev.ipcsocket.benchmarks.jmh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcListenerThread;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.benchmarks.Protocol;
import dev.ipcsocket.benchmarks.ServingReactor;
import dev.ipcsocket.benchmarks.spring.SpringPeer;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

/**
 * One 64-byte round trip with both ends in this JVM, so that the GC profiler counts what both
 * sides allocate: the starter's whole per-message path (framing, Spring Integration connection,
 * mapper, event dispatch, listener, send) against the raw JDK socket. B/op is per round trip,
 * i.e. for two messages each sent once and received once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InProcessRoundTripBenchmark {

	private static final long REPLY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

	@Param({ "jdk-uds", "core-api", "spring-events", "spring-channels" })
	public String subject;

	private final byte[] request = Protocol.data(Protocol.SMALL);

	private final AtomicLong replies = new AtomicLong();

	private volatile Thread waiter;

	private Path directory;

	private Consumer<byte[]> port;

	private AutoCloseable[] resources = new AutoCloseable[0];

	private SocketChannel rawClient;

	private final ByteBuffer rawRequest = ByteBuffer.allocateDirect(4 + Protocol.SMALL);

	private final ByteBuffer rawReply = ByteBuffer.allocateDirect(4 + Protocol.SMALL);

	@Setup
	public void start() throws Exception {
		this.directory = Files.createTempDirectory("ipc-jmh-");
		Path path = this.directory.resolve("s.sock");
		this.waiter = Thread.currentThread();
		switch (this.subject) {
			case "jdk-uds" -> startRaw(path);
			case "core-api" -> {
				UnixDomainIPCSocket server = new UnixDomainIPCSocket(settings(path));
				ServingReactor reactor = new ServingReactor();
				server.addListener((event) -> {
					if (event instanceof IpcDataEvent data) {
						byte[] reply = reactor.onMessage(data.getPayload());
						if (reply != null) {
							server.send(reply);
						}
					}
				});
				server.start();
				UnixDomainIPCSocket client = new UnixDomainIPCSocket(settings(path));
				client.addListener((event) -> {
					if (event instanceof IpcDataEvent data) {
						replied(data.getPayload());
					}
				});
				client.start();
				awaitConnected(client);
				this.port = client::send;
				this.resources = new AutoCloseable[] { client, server };
			}
			case "spring-events", "spring-channels" -> {
				String api = this.subject.substring("spring-".length());
				SpringPeer server = SpringPeer.start(api, IpcListenerThread.IO, path, new ServingReactor());
				SpringPeer client = SpringPeer.start(api, IpcListenerThread.IO, path, (payload) -> {
					replied(payload);
					return null;
				});
				awaitConnected(client.context().getBean(UnixDomainIPCSocket.class));
				this.port = client.port();
				this.resources = new AutoCloseable[] { client, server };
			}
			default -> throw new IllegalArgumentException(this.subject);
		}
	}

	private static IpcSocketSettings settings(Path path) {
		return IpcSocketSettings.of(path);
	}

	private void startRaw(Path path) throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(path));
		this.rawClient = SocketChannel.open(UnixDomainSocketAddress.of(path));
		SocketChannel accepted = server.accept();
		Thread echo = new Thread(() -> {
			ByteBuffer buffer = ByteBuffer.allocateDirect(4 + Protocol.SMALL);
			try {
				while (true) {
					buffer.clear();
					while (buffer.hasRemaining()) {
						if (accepted.read(buffer) < 0) {
							return;
						}
					}
					buffer.flip();
					while (buffer.hasRemaining()) {
						accepted.write(buffer);
					}
				}
			}
			catch (IOException ex) {
				// closed at tear-down
			}
		}, "jmh-raw-echo");
		echo.setDaemon(true);
		echo.start();
		this.rawRequest.putInt(Protocol.SMALL).put(this.request).flip();
		this.resources = new AutoCloseable[] { this.rawClient, accepted, server };
	}

	private void replied(byte[] payload) {
		if (payload.length == Protocol.SMALL) {
			this.replies.incrementAndGet();
			LockSupport.unpark(this.waiter);
		}
	}

	private static void awaitConnected(UnixDomainIPCSocket socket) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!socket.isConnected() && System.nanoTime() - deadline < 0) {
			Thread.sleep(1);
		}
	}

	@Benchmark
	public long roundTrip64() throws IOException {
		if (this.rawClient != null) {
			this.rawRequest.rewind();
			while (this.rawRequest.hasRemaining()) {
				this.rawClient.write(this.rawRequest);
			}
			this.rawReply.clear();
			while (this.rawReply.hasRemaining()) {
				if (this.rawClient.read(this.rawReply) < 0) {
					throw new IOException("echo closed");
				}
			}
			return this.rawReply.getInt(0);
		}
		this.waiter = Thread.currentThread();
		long target = this.replies.get() + 1;
		this.port.accept(this.request);
		long deadline = System.nanoTime() + REPLY_TIMEOUT_NANOS;
		while (this.replies.get() < target) {
			LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
			if (System.nanoTime() - deadline > 0) {
				throw new IOException("no reply within 10 s");
			}
		}
		return target;
	}

	@TearDown
	public void stop() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
		try (Stream<Path> paths = Files.walk(this.directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
