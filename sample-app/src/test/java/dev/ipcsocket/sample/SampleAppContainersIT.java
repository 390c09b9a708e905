package dev.ipcsocket.sample;

import java.time.Duration;
import java.util.UUID;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;

import dev.ipcsocket.test.IpcSiblingContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real deployment shape: the sample jar in two containers on one host, sidecars that share
 * the socket's directory (a named volume mounted at {@code /ipc} in both, as
 * {@code docker run -v ipc:/ipc} in the README), never the socket file itself. Started at once,
 * one listens, the other connects, and a line typed into either reaches the other. Both run the
 * image's user (root): the socket accepts only peers of its own user id.
 * <p>
 * Skipped where no Docker engine runs (see {@link RequiresContainerEngine}); {@link SampleAppIT}
 * runs the same jar as sibling JVMs on the host and checks the same roles and messages.
 */
@RequiresContainerEngine
class SampleAppContainersIT {

	private static final Duration WAIT = Duration.ofMinutes(2);

	private final String volume = "ipc-it-" + UUID.randomUUID();

	private IpcSiblingContainer sample() {
		return new IpcSiblingContainer(SampleImage.IMAGE).withEnv("IPC_PATH", "/ipc/app.sock")
			.withCreateContainerCmdModifier((cmd) -> cmd.getHostConfig()
				.withBinds(new Bind(this.volume, new Volume(IpcSiblingContainer.SOCKET_DIRECTORY))))
			.waitingFor(Wait.forLogMessage(".*role=.*\\n", 1).withStartupTimeout(WAIT));
	}

	@BeforeEach
	void createVolume() {
		// created before the containers: two creates that both make it on the fly race (podman)
		DockerClientFactory.instance().client().createVolumeCmd().withName(this.volume).exec();
	}

	@AfterEach
	void removeVolume() {
		DockerClientFactory.instance().client().removeVolumeCmd(this.volume).exec();
	}

	@Test
	void twoContainersSharingANamedVolumeTalkThroughTheSocketInIt() {
		try (IpcSiblingContainer first = sample(); IpcSiblingContainer second = sample()) {
			Startables.deepStart(first, second).join();
			await().atMost(WAIT)
				.until(() -> (first.standardOutput() + second.standardOutput()).contains("role=CLIENT"));
			assertThat(first.standardOutput() + second.standardOutput()).contains("role=LISTENER");

			first.typeLine("from the first container");
			second.typeLine("from the second container");

			await().atMost(WAIT)
				.until(() -> second.standardOutput().contains("from the first container")
						&& first.standardOutput().contains("from the second container"));
			assertThat(first.standardOutput()).doesNotContain("from the first container");
			assertThat(second.standardOutput()).doesNotContain("from the second container");
		}
	}

}
