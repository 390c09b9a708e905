package dev.ipcsocket.test.example;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.test.IpcTestPeer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's other arrangement: a listening test peer started in {@code @BeforeAll}, which the
 * application joins as a client when its context starts.
 */
@SpringBootTest
@DirtiesContext
class PingPongAsClientTests {

	@TempDir
	static Path dir;

	static IpcTestPeer listener;

	@BeforeAll
	static void listen() {
		listener = IpcTestPeer.listen(dir.resolve("app.sock"));
	}

	@AfterAll
	static void close() {
		listener.close();
	}

	@DynamicPropertySource
	static void ipc(DynamicPropertyRegistry registry) {
		registry.add("ipc.path", () -> dir.resolve("app.sock").toString());
	}

	@Autowired
	IPCSocket socket;

	@Test
	void applicationJoinsTheListeningPeerAndAnswersIt() {
		assertThat(this.socket.role()).isEqualTo(IpcRole.CLIENT);
		assertThat(listener.awaitPeers(1)).singleElement()
			.satisfies((peer) -> assertThat(peer.pid()).isEqualTo(ProcessHandle.current().pid()));

		listener.send("ping");

		assertThat(listener.awaitText()).isEqualTo("pong");
	}

}
