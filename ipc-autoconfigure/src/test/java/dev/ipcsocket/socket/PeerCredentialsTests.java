package dev.ipcsocket.socket;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcMode;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Peers of another user, as real processes: running as root, the test starts Python programs
 * under another uid and gid with {@code setpriv}.
 * <p>
 * For the uid check to be what refuses a peer, the other user must be able to reach the socket
 * at all: the test directory is made traversable (0711), the socket lives in a sticky 1777
 * directory inside it (as in /tmp), and where a test needs the other user to connect, the socket
 * is opened to everyone with {@code permissions} 0666. Dropping privileges after connecting as
 * root would not do: the kernel records the credentials at connect time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerCredentialsTests {

	/** Messages kept for receive() and read(): the library keeps none unless asked. */
	private static final int KEPT = 1024;

	private static final long NOBODY = 65534;

	private static final long OTHER_UID = 65533;

	private static final Path PYTHON = Path.of("/usr/bin/python3");

	private static final Path CLIENT = Path.of("../docs/examples/ipc_client.py");

	private static final Set<java.nio.file.attribute.PosixFilePermission> EVERYONE = PosixFilePermissions
		.fromString("rw-rw-rw-");

	private static final Duration WAIT = Duration.ofSeconds(20);

	/** A listener that answers a Hello with a Welcome and says how many bytes it read. */
	private static final String PYTHON_LISTENER = """
			import os, socket, struct, sys
			path = sys.argv[1]
			server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			server.bind(path)
			server.listen(1)
			print("listening", flush=True)
			conn, _ = server.accept()
			conn.settimeout(20)
			received = b""
			while True:
			    chunk = conn.recv(65536)
			    if not chunk:
			        break
			    received += chunk
			    if len(received) >= 4 and len(received) >= 4 + struct.unpack(">I", received[:4])[0]:
			        member = b"py-listener"
			        body = bytes([1, 2]) + struct.pack(">H", 1) + struct.pack(">H", len(member)) + member
			        body += struct.pack(">qqq", os.getpid(), os.getuid(), os.getgid())
			        conn.sendall(struct.pack(">I", len(body)) + body)
			        break
			print("received %d" % len(received), flush=True)
			conn.recv(1)
			""";

	/** Only tries to connect. */
	private static final String PYTHON_CONNECT = """
			import socket, sys
			s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			try:
			    s.connect(sys.argv[1])
			    print("connected", flush=True)
			except PermissionError:
			    print("permission denied", flush=True)
			""";

	@RegisterExtension
	final Sockets sockets = new Sockets();

	private Path shared;

	private final List<IpcEvent> events = new CopyOnWriteArrayList<>();

	@BeforeEach
	void sharedDirectoryTheOtherUserCanReach() throws Exception {
		assumeThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("running as root, to switch users")
			.isZero();
		assumeThat(canRunAsAnotherUser()).as("setpriv and " + PYTHON + " usable by uid " + NOBODY).isTrue();
		Files.setPosixFilePermissions(this.sockets.dir(), PosixFilePermissions.fromString("rwx--x--x"));
		this.shared = Files.createDirectory(this.sockets.path("s"));
		run("chmod", "1777", this.shared.toString());
		Path script = Files.copy(CLIENT, this.shared.resolve("ipc_client.py"));
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
	}

	private Path path() {
		return this.shared.resolve("app.sock");
	}

	private IPCSocket listener(IpcSocketSettings settings) {
		IPCSocket socket = this.sockets.open(settings);
		socket.addListener(this.events::add);
		assertThat(socket.start()).isEqualTo(IpcRole.LISTENER);
		return socket;
	}

	private IpcErrorEvent awaitError() {
		await().atMost(WAIT).until(() -> this.events.stream().anyMatch(IpcErrorEvent.class::isInstance));
		return this.events.stream()
			.filter(IpcErrorEvent.class::isInstance)
			.map(IpcErrorEvent.class::cast)
			.findFirst()
			.orElseThrow();
	}

	@Test
	void anotherUserCannotEvenConnectToTheDefaultOwnerOnlySocket() throws Exception {
		listener(IpcSocketSettings.builder(path()).receiveBufferCapacity(KEPT).build());

		OtherUser python = start(NOBODY, NOBODY, "-c", PYTHON_CONNECT, path().toString());

		assertThat(python.awaitExit()).isZero();
		assertThat(python.lines()).containsExactly("permission denied");
		assertThat(this.events).noneMatch(IpcErrorEvent.class::isInstance);
	}

	@Test
	void anotherUserIsRefusedByItsUidWhenTheSocketLetsEveryoneConnect() throws Exception {
		IPCSocket listener = listener(IpcSocketSettings.builder(path()).receiveBufferCapacity(KEPT).permissions(EVERYONE).build());

		OtherUser python = start(NOBODY, NOBODY, script(), path().toString(), "application", "nobody-1", "1", "hi");

		IpcErrorEvent refused = awaitError();
		assertThat(refused.getCode()).isEqualTo(105);
		assertThat(refused.getPeer().uid()).isEqualTo(NOBODY);
		assertThat(refused.getException()).hasMessageContaining("allowed are uid 0")
			.hasMessageContaining("ipc.allowed-uids");
		assertThat(python.awaitExit()).as("the client saw its connection closed").isNotZero();
		assertThat(python.lines()).doesNotContain("connected");
		assertThat(listener.peers()).isEmpty();

		IPCSocket sameUser = this.sockets.open(IpcSocketSettings.builder(path()).receiveBufferCapacity(KEPT).instanceId("root-client").build());
		assertThat(sameUser.start()).isEqualTo(IpcRole.CLIENT);
	}

	@Test
	void allowedUidsLetAnotherUserJoin() throws Exception {
		IPCSocket listener = listener(
				IpcSocketSettings.builder(path()).receiveBufferCapacity(KEPT).permissions(EVERYONE).allowedUids(Set.of(NOBODY)).build());

		OtherUser python = start(NOBODY, NOBODY, script(), path().toString(), "application", "nobody-1", "1",
				"hi from nobody");

		IpcMessage message = listener.receive(WAIT);
		assertThat(message).isNotNull();
		assertThat(message.text()).isEqualTo("hi from nobody");
		assertThat(message.peer().uid()).isEqualTo(NOBODY);
		listener.send("hello nobody");
		assertThat(python.awaitExit()).isZero();
		assertThat(python.lines()).containsExactlyInAnyOrder("connected", "hello nobody", "confirmed");
	}

	@Test
	void allowedGidsLetAnotherUserOfThatGroupJoin() throws Exception {
		IPCSocket listener = listener(
				IpcSocketSettings.builder(path()).receiveBufferCapacity(KEPT).permissions(EVERYONE).allowedGids(Set.of(NOBODY)).build());

		OtherUser python = start(OTHER_UID, NOBODY, script(), path().toString(), "application", "other-1", "1",
				"hi from the group");

		IpcMessage message = listener.receive(WAIT);
		assertThat(message).isNotNull();
		assertThat(message.peer().uid()).isEqualTo(OTHER_UID);
		assertThat(message.peer().gid()).isEqualTo(NOBODY);
		listener.send("hello group");
		assertThat(python.awaitExit()).isZero();
	}

	@Test
	void clientRefusesAListenerOfAnotherUserBeforeSendingAnything() throws Exception {
		OtherUser impostor = start(NOBODY, NOBODY, "-c", PYTHON_LISTENER, path().toString());
		impostor.awaitLine("listening");
		IPCSocket client = this.sockets.open(IpcSocketSettings.builder(path()).receiveBufferCapacity(KEPT).mode(IpcMode.CONNECT).build());

		assertThatExceptionOfType(IpcException.class).isThrownBy(client::start)
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(105))
			.withMessageContaining("runs as uid 65534");
		impostor.awaitLine("received 0");
	}

	@Test
	void allowedUidsLetAClientTrustAListenerOfAnotherUser() throws Exception {
		OtherUser listener = start(NOBODY, NOBODY, "-c", PYTHON_LISTENER, path().toString());
		listener.awaitLine("listening");
		IPCSocket client = this.sockets.open(
				IpcSocketSettings.builder(path()).receiveBufferCapacity(KEPT).mode(IpcMode.CONNECT).allowedUids(Set.of(NOBODY)).build());

		assertThat(client.start()).isEqualTo(IpcRole.CLIENT);
		assertThat(client.peers()).singleElement().satisfies((peer) -> {
			assertThat(peer.id()).isEqualTo("py-listener");
			assertThat(peer.uid()).isEqualTo(NOBODY);
		});
		assertThat(listener.awaitLine("received")).isNotEqualTo("received 0");
	}

	private String script() {
		return this.shared.resolve("ipc_client.py").toString();
	}

	private static boolean canRunAsAnotherUser() {
		try {
			Process probe = new ProcessBuilder(setpriv(NOBODY, NOBODY, List.of("-c", "pass"))).start();
			return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

	private static List<String> setpriv(long uid, long gid, List<String> pythonArguments) {
		List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid,
				"--clear-groups", PYTHON.toString()));
		command.addAll(pythonArguments);
		return command;
	}

	private OtherUser start(long uid, long gid, String... pythonArguments) throws IOException {
		Process process = new ProcessBuilder(setpriv(uid, gid, List.of(pythonArguments))).redirectErrorStream(true)
			.directory(this.shared.toFile())
			.start();
		return this.sockets.closeLater(new OtherUser(process));
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).inheritIO().start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
	}

	/** A process of another user whose output lines are collected. */
	private static final class OtherUser implements AutoCloseable {

		private final Process process;

		private final List<String> lines = new CopyOnWriteArrayList<>();

		private final Thread reader;

		OtherUser(Process process) {
			this.process = process;
			this.reader = new Thread(this::readLines, "other-user-" + process.pid());
			this.reader.setDaemon(true);
			this.reader.start();
		}

		private void readLines() {
			try (BufferedReader out = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = out.readLine(); line != null; line = out.readLine()) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				this.lines.add("read failed: " + ex.getMessage());
			}
		}

		String awaitLine(String prefix) {
			await().atMost(WAIT).until(() -> this.lines.stream().anyMatch((line) -> line.startsWith(prefix)));
			return this.lines.stream().filter((line) -> line.startsWith(prefix)).findFirst().orElseThrow();
		}

		int awaitExit() throws InterruptedException {
			assertThat(this.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited: " + this.lines).isTrue();
			this.reader.join(TimeUnit.SECONDS.toMillis(10));
			return this.process.exitValue();
		}

		/** Its output, without Python's traceback lines. */
		List<String> lines() {
			return this.lines.stream().filter((line) -> !line.startsWith(" ") && !line.startsWith("Traceback")
					&& !line.contains("Error")).toList();
		}

		@Override
		public void close() {
			this.process.destroyForcibly();
		}

	}

}
