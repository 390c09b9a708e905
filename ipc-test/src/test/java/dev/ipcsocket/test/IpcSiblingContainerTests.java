package dev.ipcsocket.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.utility.DockerImageName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link IpcSiblingContainer}'s configuration, which needs no container engine; the
 * sample app's {@code SampleAppSiblingContainersIT} runs siblings in containers.
 */
class IpcSiblingContainerTests {

	@TempDir
	Path dir;

	@Test
	void theSiblingsIpcPathIsTheSocketInTheMountedDirectory() {
		try (IpcSiblingContainer sibling = new IpcSiblingContainer(DockerImageName.parse("app:1"))
			.withSocket(this.dir.resolve("orders.sock"))) {
			assertThat(sibling.socketPath()).isEqualTo("/ipc/orders.sock");
			assertThat(sibling.getEnvMap()).containsEntry("IPC_PATH", "/ipc/orders.sock");
		}
	}

	@Test
	void anImageOfAJarThatIsNotThereIsRefusedAtOnce() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpcSiblingContainer.image(this.dir.resolve("app.jar")))
			.withMessageContaining("app.jar")
			.withMessageContaining("package the application first");
	}

	@Test
	void anImageOfAJarIsNamedAfterTheJar() throws IOException {
		Path jar = Files.write(this.dir.resolve("app.jar"), new byte[] { 1 });
		assertThat(IpcSiblingContainer.image(jar).getDockerImageName()).startsWith("localhost/ipc-sibling-");
	}

}
