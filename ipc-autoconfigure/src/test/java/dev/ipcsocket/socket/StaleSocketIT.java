package dev.ipcsocket.socket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMode;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.testsupport.SiblingJvm;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A listener in another JVM, seen from this one: killed with SIGKILL it leaves a stale socket
 * that a newcomer replaces, because the kernel released the dead process's election lock;
 * alive, it keeps its path against a newcomer that insists on listening.
 */
class StaleSocketIT {

	private static final Duration WAIT = Duration.ofSeconds(30);

	/** Kept after the run, so that a failure can be read in the sibling's own words. */
	private static final Path LOGS = Path.of("target", "sibling-logs", "stale-socket");

	private static final int S_IFMT = 0170000;

	private static final int S_IFSOCK = 0140000;

	@RegisterExtension
	final Sockets sockets = new Sockets();

	@ParameterizedTest(name = "in a directory of mode {0}")
	@ValueSource(strings = { "rwx------", "rwxr-xr-x" })
	void newcomerReplacesTheSocketOfAListenerKilledWithSigkill(String directoryMode) throws IOException {
		Path path = socketDirectory(directoryMode).resolve("app.sock");
		SiblingJvm sibling = startListeningSibling(path, "killed-" + directoryMode);

		assertThat(sibling.kill()).as("exit value after SIGKILL").isEqualTo(137);
		assertThat(isSocket(path)).as("the dead listener's socket file is still at " + path).isTrue();
		assertThat(path.resolveSibling("app.sock.lock")).as("its lock file, whose lock died with it").exists();

		IPCSocket newcomer = this.sockets.open(IpcSocketSettings.of(path));
		assertThat(newcomer.start()).isEqualTo(IpcRole.LISTENER);
		IPCSocket client = this.sockets.open(IpcSocketSettings.builder(path).mode(IpcMode.CONNECT).build());
		assertThat(client.start()).isEqualTo(IpcRole.CLIENT);
		assertThat(client.peers()).singleElement()
			.extracting(IpcPeer::pid)
			.isEqualTo(ProcessHandle.current().pid());
		await().atMost(WAIT).until(() -> newcomer.peers().size() == 1);
	}

	@Test
	void listenModeBesideALiveListenerFailsWithAddressInUseAndTheListenerKeepsServing() throws IOException {
		Path path = this.sockets.path();
		SiblingJvm sibling = startListeningSibling(path, "live");

		IPCSocket intruder = this.sockets.open(IpcSocketSettings.builder(path).mode(IpcMode.LISTEN).build());
		assertThatExceptionOfType(IpcException.class).isThrownBy(intruder::start)
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(105));
		assertThat(intruder.lastErrorCode()).isEqualTo(105);
		assertThat(intruder.role()).isNull();

		IPCSocket newcomer = this.sockets.open(IpcSocketSettings.of(path));
		assertThat(newcomer.start()).isEqualTo(IpcRole.CLIENT);
		assertThat(newcomer.peers()).singleElement().extracting(IpcPeer::pid).isEqualTo(sibling.pid());
		sibling.send("PEERS 1");
		assertThat(sibling.awaitLine("PEERS", WAIT)).as("the listener's peers: the newcomer and nobody else")
			.isEqualTo("PEERS count=1 pids=" + ProcessHandle.current().pid());
	}

	private Path socketDirectory(String mode) throws IOException {
		Path directory = Files.createDirectory(this.sockets.path("sockets"));
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(mode));
		return directory;
	}

	private SiblingJvm startListeningSibling(Path path, String name) throws IOException {
		Files.createDirectories(LOGS);
		SiblingJvm sibling = this.sockets.closeLater(SiblingJvm.start(ListeningSibling.class,
				LOGS.resolve(name + ".log"), path.toString(), IpcMode.LISTEN.name()));
		assertThat(sibling.awaitLine("STARTED", WAIT)).isEqualTo("STARTED role=LISTENER pid=" + sibling.pid());
		return sibling;
	}

	private static boolean isSocket(Path path) throws IOException {
		int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
		return (mode & S_IFMT) == S_IFSOCK;
	}

}
