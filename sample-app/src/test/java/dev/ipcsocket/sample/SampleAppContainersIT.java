package dev.ipcsocket.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import com.github.dockerjava.api.model.Volume;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real deployment shape: the sample jar in two containers on one host, sidecars that share
 * the socket's directory (a volume mounted at {@code /ipc} in both), never the socket file
 * itself. The first listens, the second connects, and a line typed into either reaches the
 * other. Both containers run the image's user (root): the socket accepts only peers of its own
 * user id.
 * <p>
 * Skipped where no Docker engine runs (as on our CI): this test is not the only proof of the
 * exchange. {@link SampleAppIT} runs the same jar as sibling JVMs on the host and checks the same
 * roles and messages, and {@code SampleActuatorTests} the health component.
 */
@Testcontainers(disabledWithoutDocker = true)
class SampleAppContainersIT {

	private static final DockerImageName JRE = DockerImageName.parse("eclipse-temurin:17-jre");

	private static final Duration WAIT = Duration.ofMinutes(2);

	private static final String SOCKET_DIRECTORY = "/ipc";

	/**
	 * Start the sample with its standard input on a FIFO that {@link #type} writes to; a second
	 * writer that never writes keeps the FIFO open, so the sample never sees end of input.
	 */
	private static final String COMMAND = "mkfifo /tmp/in && (sleep infinity > /tmp/in &) && "
			+ "exec java -jar /app/sample.jar --ipc.path=" + SOCKET_DIRECTORY + "/app.sock < /tmp/in";

	private static GenericContainer<?> sample(String role) {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		return new GenericContainer<>(JRE).withCopyFileToContainer(MountableFile.forHostPath(jar), "/app/sample.jar")
			.withCommand("sh", "-c", COMMAND)
			.waitingFor(Wait.forLogMessage(".*role=" + role + ".*\\n", 1).withStartupTimeout(WAIT));
	}

	@Test
	void twoContainersSharingTheSocketDirectoryTalkThroughIt() throws Exception {
		// an anonymous volume owned by the first container, mounted into the second: the directory is shared
		try (GenericContainer<?> first = sample("LISTENER")
			.withCreateContainerCmdModifier((cmd) -> cmd.withVolumes(new Volume(SOCKET_DIRECTORY)))) {
			first.start();
			try (GenericContainer<?> second = sample("CLIENT").withVolumesFrom(first, BindMode.READ_WRITE)) {
				second.start();

				type(first, "from the first container");
				type(second, "from the second container");

				await().atMost(WAIT).until(() -> stdout(second).contains("from the first container")
						&& stdout(first).contains("from the second container"));
				assertThat(stdout(first)).doesNotContain("from the first container");
				assertThat(stdout(second)).doesNotContain("from the second container");
			}
		}
	}

	private static void type(GenericContainer<?> container, String line) throws IOException, InterruptedException {
		ExecResult result = container.execInContainer("sh", "-c", "echo '" + line + "' > /tmp/in");
		assertThat(result.getExitCode()).as(result.getStderr()).isZero();
	}

	private static String stdout(GenericContainer<?> container) {
		return container.getLogs(OutputType.STDOUT);
	}

}
