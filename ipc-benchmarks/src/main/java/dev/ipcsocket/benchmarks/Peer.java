package dev.ipcsocket.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcListenerThread;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.benchmarks.spring.ElectionClock;
import dev.ipcsocket.benchmarks.spring.SpringPeer;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

/**
 * One benchmark process: {@code serve <subject> <address> <plan...>} answers the
 * {@link Protocol}; {@code drive <subject> <address> <plan...>} measures and prints one
 * {@code BENCH RESULT} line. The address is a socket path, or a TCP port on 127.0.0.1 for
 * {@code jdk-tcp}. A watchdog ends the process if the run outlives its plan.
 */
public final class Peer {

	static final String READY = "BENCH READY";

	static final String RESULT = "BENCH RESULT";

	private final Subject subject;

	private final String address;

	private final BenchmarkPlan plan;

	private Peer(Subject subject, String address, BenchmarkPlan plan) {
		this.subject = subject;
		this.address = address;
		this.plan = plan;
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 3) {
			System.err.println("usage: Peer serve|drive <subject> <address> <plan...>");
			System.exit(2);
		}
		BenchmarkPlan plan = BenchmarkPlan.fromArguments(Arrays.asList(args).subList(3, args.length));
		startWatchdog(plan.phaseTimeout().multipliedBy(12));
		Peer peer = new Peer(Subject.of(args[1]), args[2], plan);
		if ("serve".equals(args[0])) {
			peer.serve();
		}
		else {
			peer.drive();
		}
		System.out.flush();
		System.exit(0);
	}

	private static void startWatchdog(Duration budget) {
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(budget.toMillis());
			}
			catch (InterruptedException ex) {
				return;
			}
			System.out.println(RESULT + " error=watchdog-" + budget.toSeconds() + "s");
			System.out.flush();
			Runtime.getRuntime().halt(3);
		}, "bench-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

	private Path path() {
		return Path.of(this.address);
	}

	private void serve() throws Exception {
		switch (this.subject) {
			case JDK_UDS -> {
				try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
					server.bind(UnixDomainSocketAddress.of(path()));
					ready("");
					try (ChannelFrameStream stream = new ChannelFrameStream(server.accept())) {
						stream.serve();
					}
				}
				finally {
					Files.deleteIfExists(path());
				}
			}
			case JDK_TCP -> {
				try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
					server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
					ready("port=" + ((InetSocketAddress) server.getLocalAddress()).getPort());
					SocketChannel channel = server.accept();
					channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
					try (ChannelFrameStream stream = new ChannelFrameStream(channel)) {
						stream.serve();
					}
				}
			}
			case JUNIXSOCKET -> {
				try (AFUNIXServerSocket server = AFUNIXServerSocket.newInstance()) {
					server.bind(AFUNIXSocketAddress.of(path().toFile()));
					ready("");
					try (JunixsocketFrameStream stream = new JunixsocketFrameStream(server.accept())) {
						stream.serve();
					}
				}
				finally {
					Files.deleteIfExists(path());
				}
			}
			case CORE_API, CORE_API_DISPATCH -> {
				ServingReactor reactor = new ServingReactor();
				try (UnixDomainIPCSocket socket = new UnixDomainIPCSocket(coreSettings())) {
					replyFromListener(socket, reactor);
					socket.start();
					ready("role=" + socket.role());
					awaitQuit(reactor);
				}
			}
			case SPRING_EVENTS, SPRING_EVENTS_DISPATCH, SPRING_CHANNELS -> {
				ServingReactor reactor = new ServingReactor();
				try (SpringPeer peer = SpringPeer.start(springApi(), listenerThread(), path(), reactor)) {
					ready("role=" + peer.context().getBean(IPCSocket.class).role());
					awaitQuit(reactor);
				}
			}
			default -> throw new IllegalArgumentException(this.subject + " has no Java peer");
		}
	}

	private void awaitQuit(ServingReactor reactor) throws InterruptedException {
		if (!reactor.awaitQuit(this.plan.phaseTimeout().multipliedBy(10))) {
			System.err.println("the driver never said quit; stopping");
		}
	}

	/** The core API without Spring, with the library's defaults (no receive buffer). */
	private IpcSocketSettings coreSettings() {
		return IpcSocketSettings.builder(path()).listenerThread(listenerThread()).build();
	}

	private IpcListenerThread listenerThread() {
		return (this.subject == Subject.CORE_API_DISPATCH || this.subject == Subject.SPRING_EVENTS_DISPATCH)
				? IpcListenerThread.DISPATCH : IpcListenerThread.IO;
	}

	private static void replyFromListener(UnixDomainIPCSocket socket, MessageReactor reactor) {
		socket.addListener((event) -> {
			if (event instanceof IpcDataEvent data) {
				byte[] reply = reactor.onMessage(data.getPayload());
				if (reply != null) {
					socket.send(reply);
				}
			}
		});
	}

	private String springApi() {
		return (this.subject == Subject.SPRING_CHANNELS) ? "channels" : "events";
	}

	private static void ready(String detail) {
		System.out.println(READY + (detail.isEmpty() ? "" : " " + detail));
		System.out.flush();
	}

	private void drive() throws Exception {
		Map<String, String> results = new LinkedHashMap<>();
		results.put("subject", this.subject.id());
		switch (this.subject) {
			case JDK_UDS -> driveRaw(new ChannelFrameStream(SocketChannel.open(UnixDomainSocketAddress.of(path()))),
					results);
			case JDK_TCP -> {
				SocketChannel channel = SocketChannel
					.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(this.address)));
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				driveRaw(new ChannelFrameStream(channel), results);
			}
			case JUNIXSOCKET -> {
				AFUNIXSocket socket = AFUNIXSocket.newInstance();
				socket.connect(AFUNIXSocketAddress.of(path().toFile()));
				driveRaw(new JunixsocketFrameStream(socket), results);
			}
			case CORE_API, CORE_API_DISPATCH -> driveCore(results);
			case SPRING_EVENTS, SPRING_EVENTS_DISPATCH, SPRING_CHANNELS -> driveSpring(results);
			default -> throw new IllegalArgumentException(this.subject + " has no Java peer");
		}
		StringBuilder line = new StringBuilder(RESULT);
		results.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
		System.out.println(line);
		System.out.flush();
	}

	private void driveRaw(FrameStream stream, Map<String, String> results) throws Exception {
		try (stream) {
			new Driver(stream, this.plan, results).run();
			stream.send(Protocol.control(Protocol.QUIT));
		}
	}

	private void driveCore(Map<String, String> results) throws Exception {
		try (UnixDomainIPCSocket socket = new UnixDomainIPCSocket(coreSettings())) {
			EventDrivenLink link = new EventDrivenLink(socket::send);
			replyFromListener(socket, link);
			socket.start();
			awaitConnected(socket);
			new Driver(link, this.plan, results).run();
			if (this.subject == Subject.CORE_API) {
				electionTrials(results);
			}
			link.send(Protocol.control(Protocol.QUIT));
		}
	}

	private void electionTrials(Map<String, String> results) {
		try {
			new ElectionTrials().run(path(), path().resolveSibling("election"), this.plan.electionWarmup(),
					this.plan.electionTrials(), results);
		}
		catch (Exception ex) {
			results.put("election.error", ex.getClass().getSimpleName());
			System.err.println("election trials failed: " + ex);
		}
	}

	private void driveSpring(Map<String, String> results) throws Exception {
		AtomicReference<Consumer<byte[]>> port = new AtomicReference<>();
		EventDrivenLink link = new EventDrivenLink((payload) -> port.get().accept(payload));
		try (SpringPeer peer = SpringPeer.start(springApi(), listenerThread(), path(), link)) {
			port.set(peer.port());
			awaitConnected(peer.context().getBean(IPCSocket.class));
			ElectionClock clock = peer.electionClock();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (clock.connectedNanos() == 0 && System.nanoTime() - deadline < 0) {
				Thread.sleep(1);
			}
			if (clock.connectedNanos() != 0) {
				results.put("election.spring.lifecycle", String.valueOf(clock.connectedNanos() - clock.startedNanos()));
				results.put("election.spring.run", String.valueOf(clock.connectedNanos() - peer.runStartedNanos()));
			}
			new Driver(link, this.plan, results).run();
			link.send(Protocol.control(Protocol.QUIT));
		}
	}

	private static void awaitConnected(IPCSocket socket) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!socket.isConnected()) {
			if (System.nanoTime() - deadline > 0) {
				throw new IOException("not connected to the serving peer within 10 s");
			}
			Thread.sleep(1);
		}
	}

}
