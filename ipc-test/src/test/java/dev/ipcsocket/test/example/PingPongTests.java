package dev.ipcsocket.test.example;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ipcsocket.test.IpcTestPeer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's test-support example, verbatim ({@code ReadmeExampleTests} holds them equal).
 */
@SpringBootTest
class PingPongTests {

	@TempDir
	static Path dir;

	@DynamicPropertySource
	static void ipc(DynamicPropertyRegistry registry) {
		registry.add("ipc.path", () -> dir.resolve("app.sock").toString());
	}

	@Test
	void answersPingWithPong() {
		try (IpcTestPeer sibling = IpcTestPeer.connect(dir.resolve("app.sock"))) {
			sibling.send("ping");
			assertThat(sibling.awaitText()).isEqualTo("pong");
		}
	}

}
