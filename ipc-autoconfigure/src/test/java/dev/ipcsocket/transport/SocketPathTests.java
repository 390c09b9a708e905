package dev.ipcsocket.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMode;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.socket.UnixDomainIPCSocket;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * What the socket accepts at its path and in its directory, and what it never touches.
 */
class SocketPathTests {

	@RegisterExtension
	final Sockets sockets = new Sockets();

	private IPCSocket socket(Path path) {
		return socket(IpcSocketSettings.of(path));
	}

	private IPCSocket socket(IpcSocketSettings settings) {
		return this.sockets.open(settings);
	}

	private static void assertInvalidPort(IPCSocket socket, String messagePart) {
		assertThatExceptionOfType(IpcException.class).isThrownBy(socket::start)
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(IpcError.INVALID_PORT_ERROR))
			.withMessageContaining(messagePart);
		assertThat(socket.lastErrorCode()).isEqualTo(107);
	}

	private static String mode(Path path) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).inheritIO().start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
	}

	@Test
	void pathLongerThanSunPathIsRefusedWithTheLimit() {
		Path path = this.sockets.path("x".repeat(120) + ".sock");

		assertInvalidPort(socket(path), "Unix sockets allow 107: set ipc.path to a shorter path");
	}

	@Test
	void regularFileAtThePathIsLeftByteForByte() throws IOException {
		Path path = this.sockets.path();
		byte[] content = "precious data, not a socket\n".getBytes();
		Files.write(path, content);

		assertInvalidPort(socket(path), "left untouched");
		assertInvalidPort(socket(IpcSocketSettings.builder(path).mode(IpcMode.LISTEN).build()), "left untouched");

		assertThat(path).isRegularFile().hasBinaryContent(content);
	}

	@Test
	void directoryAtThePathIsLeftAlone() throws IOException {
		Path path = Files.createDirectory(this.sockets.path());

		assertInvalidPort(socket(path), "not a socket");

		assertThat(path).isDirectory();
	}

	@Test
	void symbolicLinkAtThePathIsNotFollowed() throws IOException {
		Path target = this.sockets.path("elsewhere");
		Files.writeString(target, "target");
		Path path = Files.createSymbolicLink(this.sockets.path(), target);

		assertInvalidPort(socket(path), "not a socket");

		assertThat(Files.isSymbolicLink(path)).isTrue();
		assertThat(target).hasContent("target");
	}

	@Test
	void fifoAtThePathIsLeftAlone() throws Exception {
		Path path = this.sockets.path();
		run("mkfifo", path.toString());

		assertInvalidPort(socket(path), "not a socket");

		assertThat(Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).isFalse();
		assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).isTrue();
	}

	@Test
	void staleSocketIsReplaced() throws IOException {
		Path path = this.sockets.path();
		AFUNIXServerSocket dead = AFUNIXServerSocket.newInstance();
		dead.setDeleteOnClose(false);
		dead.bind(AFUNIXSocketAddress.of(path.toFile()));
		dead.close();
		assertThat(path).exists();

		assertThat(socket(path).start()).isEqualTo(IpcRole.LISTENER);
		assertThat(socket(path).start()).isEqualTo(IpcRole.CLIENT);
	}

	@Test
	void liveListenerIsNeverDisplaced() {
		Path path = this.sockets.path();
		IPCSocket first = socket(path);
		first.start();
		Object before = SocketPath.check(path).fileKey();

		IPCSocket newcomer = socket(IpcSocketSettings.builder(path).mode(IpcMode.LISTEN).build());
		assertThatExceptionOfType(IpcException.class).isThrownBy(newcomer::start)
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(105));

		assertThat(SocketPath.check(path).fileKey()).isEqualTo(before);
		assertThat(socket(path).start()).isEqualTo(IpcRole.CLIENT);
		org.awaitility.Awaitility.await().until(() -> first.peers().size() == 1);
	}

	@Test
	void missingDirectoryIsCreatedPrivate() throws IOException {
		Path path = this.sockets.path("run/app/app.sock");

		assertThat(socket(path).start()).isEqualTo(IpcRole.LISTENER);

		assertThat(mode(path.getParent())).isEqualTo("rwx------");
		assertThat(mode(path)).isEqualTo("rw-------");
		assertThat(mode(path.resolveSibling("app.sock.lock"))).isEqualTo("rw-------");
	}

	@Test
	void directoryWritableByOthersWithoutStickyBitIsRefused() throws Exception {
		Path shared = Files.createDirectory(this.sockets.path("shared"));
		run("chmod", "0777", shared.toString());

		assertInvalidPort(socket(shared.resolve("app.sock")), "without the sticky bit");

		assertThat(shared).isEmptyDirectory();
	}

	@Test
	void directoryOfAnotherUserIsRefusedEvenWhereWeCouldWriteIt() throws Exception {
		assumeThat(SocketPath.ownUid()).as("running as root, to own a directory by another user").isZero();
		Path foreign = Files.createDirectory(this.sockets.path("foreign"));
		run("chown", "65534:65534", foreign.toString());

		assertInvalidPort(socket(foreign.resolve("app.sock")), "belongs to uid 65534");

		assertThat(foreign).isEmptyDirectory();
	}

	@Test
	void socketNeverAppearsAtThePathWithWiderPermissionsThanConfigured() throws Exception {
		Path tmpLike = Files.createDirectory(this.sockets.path("tmp"));
		run("chmod", "1777", tmpLike.toString());
		Path path = tmpLike.resolve("app.sock");
		Set<String> seen = ConcurrentHashMap.newKeySet();
		AtomicBoolean watching = new AtomicBoolean(true);
		Thread watcher = new Thread(() -> {
			while (watching.get()) {
				try {
					seen.add(mode(path));
				}
				catch (IOException absent) {
					// not there right now
				}
			}
		}, "mode-watcher");
		watcher.start();
		try {
			for (int i = 0; i < 30; i++) {
				try (IPCSocket listener = new UnixDomainIPCSocket(IpcSocketSettings.builder(path)
					.permissions(PosixFilePermissions.fromString((i % 2 == 0) ? "rw-------" : "rw-rw----"))
					.build())) {
					listener.start();
				}
			}
		}
		finally {
			watching.set(false);
			watcher.join();
		}
		assertThat(seen).as("every mode the socket was seen with").isNotEmpty().isSubsetOf("rw-------", "rw-rw----");
	}

	@Test
	void symbolicLinkAsDirectoryIsRefused() throws IOException {
		Path real = Files.createDirectory(this.sockets.path("real"));
		Path link = Files.createSymbolicLink(this.sockets.path("link"), real);

		assertInvalidPort(socket(link.resolve("app.sock")), "symbolic link");
	}

	@Test
	void stickyWorldWritableDirectoryLikeTmpIsAcceptedAndTheSocketIsOwnerOnly() throws Exception {
		Path tmpLike = Files.createDirectory(this.sockets.path("tmp"));
		run("chmod", "1777", tmpLike.toString());
		Path path = tmpLike.resolve("myAwesomeApplication");

		IPCSocket listener = socket(path);
		IPCSocket client = socket(path);
		assertThat(listener.start()).isEqualTo(IpcRole.LISTENER);
		assertThat(client.start()).isEqualTo(IpcRole.CLIENT);

		assertThat(mode(path)).isEqualTo("rw-------");
		assertThat(mode(tmpLike.resolve("myAwesomeApplication.d"))).isEqualTo("rwx------");
		try (var entries = Files.list(tmpLike)) {
			assertThat(entries.map((entry) -> entry.getFileName().toString()))
				.as("the socket, its lock and its private directory")
				.containsExactlyInAnyOrder("myAwesomeApplication", "myAwesomeApplication.lock", "myAwesomeApplication.d");
		}
		client.close();
		listener.close();
		try (var entries = Files.list(tmpLike)) {
			assertThat(entries.map((entry) -> entry.getFileName().toString())).as("only the lock stays")
				.containsExactly("myAwesomeApplication.lock");
		}
	}

}
