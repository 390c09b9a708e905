package dev.ipcsocket.socket;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcMode;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcSocketSettings;

import static org.awaitility.Awaitility.await;

/**
 * A sibling JVM for {@link StaleSocketIT} that starts one {@link UnixDomainIPCSocket} and keeps
 * it until its stdin ends.
 * <p>
 * Protocol, one line each: it prints {@code STARTED role=<role> pid=<own pid>}; for each
 * {@code PEERS <n>} it waits (bounded) until it sees at least n peers and prints
 * {@code PEERS count=<count> pids=<pid,...>}. Arguments: the socket path and the mode.
 */
final class ListeningSibling {

	private static final Duration PEER_WAIT = Duration.ofSeconds(10);

	private ListeningSibling() {
	}

	public static void main(String[] args) throws IOException {
		PrintStream protocol = System.out;
		// logging writes to System.out; keep stdout for the protocol alone
		System.setOut(System.err);
		IpcSocketSettings settings = IpcSocketSettings.builder(Path.of(args[0])).mode(IpcMode.valueOf(args[1])).build();
		IPCSocket socket = new UnixDomainIPCSocket(settings);
		protocol.println("STARTED role=" + socket.start() + " pid=" + ProcessHandle.current().pid());
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		for (String line = commands.readLine(); line != null; line = commands.readLine()) {
			if (line.startsWith("PEERS ")) {
				int expected = Integer.parseInt(line.substring("PEERS ".length()));
				awaitPeers(socket, expected);
				List<IpcPeer> peers = socket.peers();
				protocol.println("PEERS count=" + peers.size() + " pids="
						+ peers.stream().map((peer) -> String.valueOf(peer.pid())).collect(Collectors.joining(",")));
			}
		}
		socket.close();
		System.exit(0);
	}

	private static void awaitPeers(IPCSocket socket, int expected) {
		try {
			await().atMost(PEER_WAIT)
				.pollInterval(Duration.ofMillis(10))
				.until(() -> socket.peers().size() >= expected);
		}
		catch (ConditionTimeoutException ex) {
			// report what we saw; the test judges it
		}
	}

}
