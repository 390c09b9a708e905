package dev.ipcsocket.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;

import com.github.dockerjava.api.DockerClient;

import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.socket.UnixDomainIPCSocket;
import dev.ipcsocket.test.IpcSiblingContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Peer identity across containers: the kernel reports a container's uid as the host sees it, so
 * a sample container running as uid 1234 is refused by a listener of root on the host, unless
 * the listener's {@code ipc.allowed-uids} names 1234. Both listeners make their socket reachable
 * by other users (mode 0666) in a sticky shared directory (mode 1777, as {@code /tmp}): the file
 * system lets uid 1234 try, the credential check decides. The container trusts the listener's
 * uid 0 by its own {@code ipc.allowed-uids}.
 */
@RequiresContainerEngine
class SampleAppOtherUidContainersIT {

	private static final Duration WAIT = Duration.ofMinutes(2);

	private static final long OTHER_UID = 1234;

	@TempDir
	Path dir;

	@Test
	void aContainerOfAnotherUidIsRefusedUnlessTheListenerAllowsItsUid() throws Exception {
		Path refusing = sharedDirectory("refusing").resolve("app.sock");
		Path allowing = sharedDirectory("allowing").resolve("app.sock");
		List<IpcErrorEvent> refusals = new CopyOnWriteArrayList<>();
		try (UnixDomainIPCSocket strict = listener(refusing, Set.of());
				UnixDomainIPCSocket widened = listener(allowing, Set.of(OTHER_UID));
				IpcSiblingContainer refused = otherUid(refusing).withStartupCheckStrategy(new UntilItExits());
				IpcSiblingContainer admitted = otherUid(allowing)
					.waitingFor(Wait.forLogMessage(".*role=CLIENT.*\\n", 1).withStartupTimeout(WAIT))) {
			strict.addListener((event) -> {
				if (event instanceof IpcErrorEvent error) {
					refusals.add(error);
				}
			});
			Startables.deepStart(refused, admitted).join();

			await().atMost(WAIT).until(() -> widened.peers().size() == 1);
			assertThat(widened.peers().get(0).uid()).isEqualTo(OTHER_UID);
			widened.send("to uid 1234");
			await().atMost(WAIT).until(() -> admitted.standardOutput().contains("to uid 1234"));

			assertThat(strict.peers()).isEmpty();
			await().atMost(WAIT).until(() -> !refusals.isEmpty());
			assertThat(refusals.get(0).getCode()).isEqualTo(105);
			assertThat(refusals.get(0).getException().getMessage()).contains("uid=" + OTHER_UID);
			assertThat(refused.getLogs()).contains("runs as uid 0 (the owner of the socket)")
				.contains("ipc.allowed-uids=" + OTHER_UID + " on the listener");
		}
	}

	/** A directory that every user may create files in and nobody may delete others' files from. */
	private Path sharedDirectory(String name) throws IOException, InterruptedException {
		Path directory = Files.createDirectory(this.dir.resolve(name));
		Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwxr-xr-x"));
		// the sticky bit: not a PosixFilePermission
		Process chmod = new ProcessBuilder("chmod", "1777", directory.toString()).inheritIO().start();
		assertThat(chmod.waitFor()).isZero();
		return directory;
	}

	private static UnixDomainIPCSocket listener(Path path, Set<Long> allowedUids) {
		UnixDomainIPCSocket socket = new UnixDomainIPCSocket(IpcSocketSettings.builder(path)
			.applicationId("ipc-sample")
			.allowedUids(allowedUids)
			.permissions(PosixFilePermissions.fromString("rw-rw-rw-"))
			.build());
		socket.start();
		return socket;
	}

	private static IpcSiblingContainer otherUid(Path socket) {
		return new IpcSiblingContainer(SampleImage.IMAGE).withSocket(socket)
			.withCreateContainerCmdModifier((cmd) -> cmd.withUser(OTHER_UID + ":" + OTHER_UID))
			.withCommand("--ipc.mode=connect", "--ipc.allowed-uids=0");
	}

	/** Counts a container as started once it has exited, whatever its exit code (the refused one exits). */
	private static final class UntilItExits extends StartupCheckStrategy {

		UntilItExits() {
			withTimeout(WAIT);
		}

		@Override
		public StartupStatus checkStartupState(DockerClient dockerClient, String containerId) {
			return Boolean.TRUE.equals(getCurrentState(dockerClient, containerId).getRunning())
					? StartupStatus.NOT_YET_KNOWN : StartupStatus.SUCCESSFUL;
		}

	}

}
