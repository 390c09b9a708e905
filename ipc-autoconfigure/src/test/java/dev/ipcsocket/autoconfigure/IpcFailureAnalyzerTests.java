package dev.ipcsocket.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextException;
import org.springframework.mock.env.MockEnvironment;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMode;
import dev.ipcsocket.socket.UnixDomainIPCSocket;
import dev.ipcsocket.testsupport.Sockets;
import dev.ipcsocket.transport.SocketPath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link IpcFailureAnalyzer}, fed with the exceptions that real sockets throw.
 */
@ExtendWith(OutputCaptureExtension.class)
class IpcFailureAnalyzerTests {

	private static final long OTHER_UID = 65534;

	@RegisterExtension
	final Sockets sockets = new Sockets();

	private FailureAnalysis analyze(IpcException failure) {
		FailureAnalysis analysis = new IpcFailureAnalyzer(
				new MockEnvironment().withProperty("ipc.path", this.sockets.path().toString()))
			.analyze(new ApplicationContextException("Failed to start bean 'ipcSocketLifecycle'", failure));
		assertThat(analysis).isNotNull();
		return analysis;
	}

	private IpcException startFails(UnixDomainIPCSocket socket) {
		IpcException failure = catchThrowableOfType(IpcException.class, socket::start);
		assertThat(failure).as("the start failed").isNotNull();
		return failure;
	}

	@Test
	void nobodyListeningSaysToStartTheListenerOrUseAutoMode() {
		FailureAnalysis analysis = analyze(startFails(this.sockets.open((b) -> b.mode(IpcMode.CONNECT))));

		assertThat(analysis.getDescription()).contains("NAME_RESOLUTION_ERROR(103)")
			.contains(this.sockets.path().toString());
		assertThat(analysis.getAction()).contains("ipc.mode=auto");
	}

	@Test
	void anInstanceIdInUseSaysToGiveEachInstanceItsOwn() {
		this.sockets.start((b) -> b.instanceId("orders-1"));
		IpcException failure = startFails(this.sockets.open((b) -> b.instanceId("orders-1")));

		FailureAnalysis analysis = analyze(failure);

		assertThat(failure.error()).isEqualTo(IpcError.ADDRESS_IN_USE_ERROR);
		assertThat(analysis.getDescription()).startsWith("The instance id is already in use").contains("orders-1");
		assertThat(analysis.getAction()).contains("ipc.instance-id").contains("<host name>-<pid>");
	}

	@Test
	void aListenerThatSkipsTheElectionIsNamedAsAnotherProcess() throws IOException {
		try (AFUNIXServerSocket foreign = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(this.sockets.path()))) {
			IpcException failure = startFails(this.sockets.open((b) -> b.mode(IpcMode.LISTEN)));

			FailureAnalysis analysis = analyze(failure);

			assertThat(analysis.getDescription()).startsWith("Another process listens on ipc.path");
			assertThat(analysis.getAction()).contains("ipc.mode=auto").contains("ipc.path");
		}
	}

	@Test
	void aListenerOfAnotherUserThatClosesTheConnectionIsNamedWithBothUids() throws Exception {
		assumeThat(SocketPath.ownUid()).as("changing a socket's owner needs root").isZero();
		try (AFUNIXServerSocket closing = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(this.sockets.path()))) {
			// what a listener does to a client of a uid it does not allow: close before reading
			Thread acceptor = new Thread(() -> {
				try (AFUNIXSocket client = closing.accept()) {
					// closed at once
				}
				catch (IOException ex) {
					// the test failed elsewhere
				}
			}, "closing-listener");
			acceptor.start();
			Files.setAttribute(this.sockets.path(), "unix:uid", (int) OTHER_UID);

			FailureAnalysis analysis = analyze(startFails(this.sockets.open((b) -> b.mode(IpcMode.CONNECT))));

			assertThat(analysis.getDescription()).contains("LOST_CONNECTION(102)")
				.contains("runs as uid " + OTHER_UID)
				.contains("as uid 0");
			assertThat(analysis.getAction()).contains("ipc.allowed-uids=0 on the listener")
				.contains("ipc.allowed-uids=" + OTHER_UID + " here");
			acceptor.join(10_000);
		}
	}

	@Test
	void aListenerOfThisUserThatClosesTheConnectionPointsToItsLog() throws Exception {
		try (AFUNIXServerSocket closing = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(this.sockets.path()))) {
			Thread acceptor = new Thread(() -> {
				try (AFUNIXSocket client = closing.accept()) {
					// closed at once
				}
				catch (IOException ex) {
					// the test failed elsewhere
				}
			}, "closing-listener");
			acceptor.start();

			FailureAnalysis analysis = analyze(startFails(this.sockets.open((b) -> b.mode(IpcMode.CONNECT))));

			assertThat(analysis.getDescription()).startsWith("The listener on ipc.path closed the connection");
			assertThat(analysis.getAction()).contains("listener's log");
			acceptor.join(10_000);
		}
	}

	@Test
	void aListenerOfAnotherUserThatThisApplicationDoesNotTrustIsNamed() throws Exception {
		assumeThat(canRunAsAnotherUser()).as("setpriv and python3 usable as uid " + OTHER_UID).isTrue();
		Files.setPosixFilePermissions(this.sockets.dir(), PosixFilePermissions.fromString("rwxrwxrwx"));
		Process listener = new ProcessBuilder("setpriv", "--reuid=" + OTHER_UID, "--regid=" + OTHER_UID,
				"--clear-groups", "/usr/bin/python3", "-c", """
						import socket, sys, time
						s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
						s.bind(sys.argv[1])
						s.listen(1)
						print("listening", flush=True)
						time.sleep(30)
						""", this.sockets.path().toString())
			.redirectErrorStream(true)
			.start();
		try {
			BufferedReader out = new BufferedReader(
					new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
			assertThat(out.readLine()).isEqualTo("listening");
			Files.setPosixFilePermissions(this.sockets.dir(), PosixFilePermissions.fromString("rwx------"));

			FailureAnalysis analysis = analyze(startFails(this.sockets.open((b) -> b.mode(IpcMode.CONNECT))));

			assertThat(analysis.getDescription()).startsWith("The listener on ipc.path runs as another user")
				.contains("uid " + OTHER_UID);
			assertThat(analysis.getAction()).contains("same uid").contains("ipc.allowed-uids");
		}
		finally {
			listener.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void aDirectoryOthersCanWriteIsNamedUnsafe() throws IOException {
		Path shared = Files.createDirectory(this.sockets.dir().resolve("shared"));
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
		IpcException failure = startFails(this.sockets.open((b) -> b.path(shared.resolve("app.sock"))));

		FailureAnalysis analysis = analyze(failure);

		assertThat(failure.error()).isEqualTo(IpcError.INVALID_PORT_ERROR);
		assertThat(analysis.getDescription()).startsWith("The directory of ipc.path is not safe")
			.contains("writable by other users");
		assertThat(analysis.getAction()).contains("chmod 700").contains("chmod 1777");
	}

	@Test
	void aPathTooLongSaysHowLongItMayBe() {
		Path deep = this.sockets.dir().resolve("d".repeat(120)).resolve("app.sock");
		FailureAnalysis analysis = analyze(startFails(this.sockets.open((b) -> b.path(deep))));

		assertThat(analysis.getDescription()).contains("INVALID_PORT_ERROR(107)").contains("too long");
		assertThat(analysis.getAction()).contains("107 bytes").contains("/ipc");
	}

	@Test
	void otherFailuresPointToTroubleshooting() {
		assertThat(analyze(new IpcException(IpcError.OPEN_DRIVER_ERROR, "cannot bind")).getAction())
			.contains("troubleshooting");
	}

	@Test
	void springBootPrintsTheAnalysisOfAFailedStart(CapturedOutput output) throws IOException {
		Path shared = Files.createDirectory(this.sockets.dir().resolve("shared"));
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run("--ipc.path=" + shared.resolve("app.sock")));

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The directory of ipc.path is not safe for a socket")
			.contains("chmod 1777");
	}

	@Test
	void ignoresFailuresOfOtherKinds() {
		assertThat(new IpcFailureAnalyzer(new MockEnvironment()).analyze(new IllegalStateException("not ours"))).isNull();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

	private static boolean canRunAsAnotherUser() {
		try {
			Process probe = new ProcessBuilder("setpriv", "--reuid=" + OTHER_UID, "--regid=" + OTHER_UID,
					"--clear-groups", "/usr/bin/python3", "-c", "pass")
				.start();
			return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

}
