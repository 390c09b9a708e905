package dev.ipcsocket.socket;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import dev.ipcsocket.IpcConnectedEvent;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;

/**
 * A sibling JVM for {@link ElectionIT}: one contender per trial, driven over stdin.
 * <p>
 * Protocol, one line each: it prints {@code READY}; for each {@code GO <algorithm> <trialDir>}
 * it contends for {@code <trialDir>/app.sock} with {@code ipc} ({@link UnixDomainIPCSocket} in
 * mode AUTO) or {@code naive} (connect, else delete and bind) and prints
 * {@code RESULT role=<LISTENER|CLIENT|FAILED> pid=<own pid> listenerPid=<pid> peers=<n>}, where a
 * listener reports itself as listenerPid and the peers it saw within {@link #PEER_WAIT}; then it
 * stays connected until {@code CLOSE}, closes and prints {@code CLOSED}. It exits at end of input.
 * <p>
 * Argument: how many siblings contend, so that a listener knows how many peers to wait for.
 */
final class ElectionProbe {

	static final Duration PEER_WAIT = Duration.ofSeconds(10);

	private static final long PID = ProcessHandle.current().pid();

	private ElectionProbe() {
	}

	public static void main(String[] args) throws IOException {
		PrintStream protocol = System.out;
		// logging writes to System.out; keep stdout for the protocol alone
		System.setOut(System.err);
		int others = Integer.parseInt(args[0]) - 1;
		warmUp();
		protocol.println("READY pid=" + PID);
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		for (String line = commands.readLine(); line != null; line = commands.readLine()) {
			if (!line.startsWith("GO ")) {
				continue;
			}
			String[] words = line.split(" ", 3);
			Contender contender = contender(words[1], Path.of(words[2], "app.sock"));
			protocol.println("RESULT " + contend(contender, others));
			awaitClose(commands);
			contender.close();
			protocol.println("CLOSED");
		}
		System.exit(0);
	}

	private static void awaitClose(BufferedReader commands) throws IOException {
		String line;
		do {
			line = commands.readLine();
		}
		while (line != null && !line.equals("CLOSE"));
	}

	private static Contender contender(String algorithm, Path path) {
		return switch (algorithm) {
			case "ipc" -> new IpcSocketContender(path);
			case "naive" -> new NaiveContender(path);
			default -> throw new IllegalArgumentException("unknown algorithm " + algorithm);
		};
	}

	private static String contend(Contender contender, int others) {
		try {
			return contender.contend(others);
		}
		catch (Exception ex) {
			ex.printStackTrace();
			return "role=FAILED pid=" + PID + " listenerPid=0 peers=0 reason=" + ex;
		}
	}

	static String listener(int peers) {
		return "role=LISTENER pid=" + PID + " listenerPid=" + PID + " peers=" + peers;
	}

	static String client(long listenerPid, int peers) {
		return "role=CLIENT pid=" + PID + " listenerPid=" + listenerPid + " peers=" + peers;
	}

	/** Load and link both algorithms' classes and junixsocket's native code before the first trial. */
	private static void warmUp() throws IOException {
		Path directory = Files.createTempDirectory("election-probe-");
		try {
			for (String algorithm : List.of("ipc", "naive")) {
				Path path = directory.resolve(algorithm + ".sock");
				Contender first = contender(algorithm, path);
				Contender second = contender(algorithm, path);
				first.contend(0);
				second.contend(0);
				second.close();
				first.close();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("warm-up failed", ex);
		}
		finally {
			try (Stream<Path> files = Files.walk(directory)) {
				for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(file);
				}
			}
		}
	}

	/** One process's part in one election. */
	private interface Contender extends Closeable {

		/**
		 * Become the listener or a client of it.
		 * @param others how many other contenders a listener waits for
		 * @return the result fields
		 */
		String contend(int others) throws Exception;

		@Override
		void close() throws IOException;

	}

	/** The library under test. */
	private static final class IpcSocketContender implements Contender {

		private final UnixDomainIPCSocket socket;

		IpcSocketContender(Path path) {
			this.socket = new UnixDomainIPCSocket(IpcSocketSettings.of(path));
		}

		@Override
		public String contend(int others) throws InterruptedException {
			CountDownLatch connected = new CountDownLatch(others);
			// a client's one connection is to its listener: the first IpcConnectedEvent names it
			AtomicReference<IpcPeer> firstConnection = new AtomicReference<>();
			CountDownLatch firstConnected = new CountDownLatch(1);
			this.socket.addListener((event) -> {
				if (event instanceof IpcConnectedEvent connectedEvent) {
					firstConnection.compareAndSet(null, connectedEvent.getPeer());
					firstConnected.countDown();
					connected.countDown();
				}
			});
			if (this.socket.start() == IpcRole.LISTENER) {
				connected.await(PEER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
				return listener(this.socket.peers().size());
			}
			firstConnected.await(PEER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			IpcPeer listener = firstConnection.get();
			if (listener == null) {
				throw new IllegalStateException("started as a client without a connection");
			}
			return client(listener.pid(), 1);
		}

		@Override
		public void close() {
			this.socket.close();
		}

	}

	/**
	 * Connect, else delete the path and bind with junixsocket's defaults: the obvious
	 * algorithm, with a window between a failed connect and the bind.
	 */
	private static final class NaiveContender implements Contender {

		private final Path path;

		private final List<Closeable> open = new CopyOnWriteArrayList<>();

		NaiveContender(Path path) {
			this.path = path;
		}

		@Override
		public String contend(int others) throws IOException, InterruptedException {
			AFUNIXSocketAddress address = AFUNIXSocketAddress.of(this.path.toFile());
			try {
				AFUNIXSocket socket = AFUNIXSocket.connectTo(address);
				this.open.add(socket);
				return client(socket.getPeerCredentials().getPid(), 1);
			}
			catch (IOException nobodyListens) {
				// missing or refused: take the path
			}
			Files.deleteIfExists(this.path);
			AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
			this.open.add(server);
			server.bind(address);
			AtomicInteger accepted = new AtomicInteger();
			CountDownLatch allAccepted = new CountDownLatch(others);
			Thread acceptor = new Thread(() -> {
				while (true) {
					try {
						Socket socket = server.accept();
						this.open.add(socket);
						accepted.incrementAndGet();
						allAccepted.countDown();
					}
					catch (IOException closed) {
						return;
					}
				}
			}, "naive-acceptor");
			acceptor.setDaemon(true);
			acceptor.start();
			allAccepted.await(PEER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			return listener(accepted.get());
		}

		@Override
		public void close() throws IOException {
			List<Closeable> toClose = new ArrayList<>(this.open);
			for (Closeable closeable : toClose) {
				closeable.close();
			}
		}

	}

}
