package dev.ipcsocket.socket;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcMemberLeftEvent;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcSocketSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The Python client in docs/examples, written from docs/PROTOCOL.md alone, exchanges messages
 * with a listening {@link IPCSocket} from its own process; and a Python member killed with
 * SIGKILL in the middle of a frame.
 */
class PythonClientTests {

	/** Messages kept for receive() and read(): the library keeps none unless asked. */
	private static final int KEPT = 1024;

	private static final Path CLIENT = Path.of("../docs/examples/ipc_client.py");

	@TempDir
	Path dir;

	@Test
	void pythonSiblingExchangesMessagesWithTheListener() throws Exception {
		assumeThat(python()).as("python3 on the PATH").isTrue();
		try (IPCSocket listener = new UnixDomainIPCSocket(IpcSocketSettings.builder(this.dir.resolve("app.sock")).receiveBufferCapacity(KEPT).build())) {
			listener.start();
			Process python = new ProcessBuilder("python3", CLIENT.toString(), listener.path().toString(), "application",
					"python-1", "2", "hello from python", "ünïcödé")
				.redirectErrorStream(true)
				.start();
			List<String> lines = new CopyOnWriteArrayList<>();
			Thread reader = new Thread(() -> readLines(python, lines), "python-stdout");
			reader.start();
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> lines.contains("connected"));
				IpcMessage first = receive(listener);
				assertThat(first.text()).isEqualTo("hello from python");
				assertThat(first.peer().id()).isEqualTo("python-1");
				assertThat(receive(listener).text()).isEqualTo("ünïcödé");
				listener.send("hello from java");
				listener.send(new byte[0]);

				assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
				reader.join(TimeUnit.SECONDS.toMillis(10));
				assertThat(python.exitValue()).as(String.join("\n", lines)).isZero();
				// the listener confirms the two messages it passed on, whenever its batch goes out
				assertThat(lines).contains("confirmed");
				assertThat(lines).filteredOn((line) -> !line.equals("confirmed"))
					.containsExactly("connected", "hello from java", "");
			}
			finally {
				python.destroyForcibly();
			}
		}
	}

	@Test
	void pythonSiblingKilledInTheMiddleOfAFrameIsReportedLostAndTheOthersCarryOn() throws Exception {
		assumeThat(python()).as("python3 on the PATH").isTrue();
		String halfAFrame = """
				import socket, struct, sys, time
				def frame(body):
				    return struct.pack(">I", len(body)) + body
				def string(value):
				    return struct.pack(">H", len(value)) + value
				sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
				sock.connect(sys.argv[1])
				sock.sendall(frame(bytes([1, 1]) + string(b"application") + bytes([1]) + string(b"py-killed")))
				(length,) = struct.unpack(">I", sock.recv(4, socket.MSG_WAITALL))
				sock.recv(length, socket.MSG_WAITALL)
				sock.sendall(struct.pack(">I", 1000) + bytes(100))
				print("half a frame sent", flush=True)
				time.sleep(60)
				""";
		List<IpcEvent> events = new CopyOnWriteArrayList<>();
		try (IPCSocket listener = new UnixDomainIPCSocket(IpcSocketSettings.builder(this.dir.resolve("app.sock")).receiveBufferCapacity(KEPT).build())) {
			listener.addListener(events::add);
			listener.start();
			IPCSocket other = new UnixDomainIPCSocket(IpcSocketSettings.builder(listener.path()).receiveBufferCapacity(KEPT).instanceId("other").build());
			other.start();
			Process python = new ProcessBuilder("python3", "-c", halfAFrame, listener.path().toString())
				.redirectErrorStream(true)
				.start();
			try {
				List<String> lines = new CopyOnWriteArrayList<>();
				Thread reader = new Thread(() -> readLines(python, lines), "python-stdout");
				reader.start();
				await().atMost(Duration.ofSeconds(30)).until(() -> lines.contains("half a frame sent"));

				python.destroyForcibly();
				assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
				assertThat(python.exitValue()).as("killed by SIGKILL").isEqualTo(137);

				await().atMost(Duration.ofSeconds(10))
					.until(() -> events.stream().anyMatch(IpcMemberLeftEvent.class::isInstance));
				assertThat(events).filteredOn(IpcMemberLeftEvent.class::isInstance)
					.singleElement()
					.satisfies((left) -> {
						assertThat(((IpcMemberLeftEvent) left).getMember().id()).isEqualTo("py-killed");
						assertThat(((IpcMemberLeftEvent) left).isClean()).isFalse();
					});
				assertThat(events).filteredOn(IpcErrorEvent.class::isInstance)
					.extracting((error) -> ((IpcErrorEvent) error).getCode())
					.containsOnly(102);
				assertThat(listener.bytesAvailable()).as("nothing of the half frame is delivered").isZero();
				other.send("still here");
				assertThat(receive(listener).text()).isEqualTo("still here");
				assertThat(listener.peers()).extracting(IpcPeer::id).containsExactly("other");
			}
			finally {
				python.destroyForcibly();
				other.close();
			}
		}
	}

	private static IpcMessage receive(IPCSocket socket) {
		IpcMessage message = socket.receive(Duration.ofSeconds(30));
		assertThat(message).isNotNull();
		return message;
	}

	private static boolean python() {
		try {
			Process process = new ProcessBuilder("python3", "--version").start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 && Files.exists(CLIENT);
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

	private static void readLines(Process process, List<String> lines) {
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				lines.add(line);
			}
		}
		catch (IOException ex) {
			lines.add("read failed: " + ex.getMessage());
		}
	}

}
