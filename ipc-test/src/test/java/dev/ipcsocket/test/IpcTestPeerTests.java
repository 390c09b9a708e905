package dev.ipcsocket.test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link IpcTestPeer}, against a plain socket standing in for the application.
 */
class IpcTestPeerTests {

	@TempDir
	Path dir;

	private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

	private final List<String> receivedByApplication = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	private Path path() {
		return this.dir.resolve("app.sock");
	}

	private IPCSocket application() {
		IPCSocket application = new UnixDomainIPCSocket(IpcSocketSettings.of(path()));
		application.addListener((event) -> {
			if (event instanceof IpcDataEvent data) {
				this.receivedByApplication.add(data.getText());
			}
		});
		this.closeables.add(application);
		application.start();
		return application;
	}

	private IpcTestPeer peer(IpcTestPeer peer) {
		this.closeables.add(peer);
		return peer;
	}

	@Test
	void connectedPeerExchangesTextAndBytesWithTheApplication() {
		IPCSocket application = application();
		IpcTestPeer peer = peer(IpcTestPeer.connect(path()));
		await().until(application::isConnected);

		peer.send("to the application").send("as bytes".getBytes(StandardCharsets.UTF_8));
		application.send("first");
		application.send(new byte[] { 1, 2, 3 });

		await().until(() -> this.receivedByApplication.equals(List.of("to the application", "as bytes")));
		assertThat(peer.awaitText()).isEqualTo("first");
		assertThat(peer.awaitMessage(Duration.ofSeconds(5)).payload()).containsExactly(1, 2, 3);
		assertThat(peer.socket().role()).isEqualTo(IpcRole.CLIENT);
	}

	@Test
	void waitingForAMessageThatNeverComesFailsTheTestInTime() {
		application();
		IpcTestPeer peer = peer(IpcTestPeer.connect(path()));

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> peer.awaitText(Duration.ofMillis(100)))
			.withMessageContaining("No message arrived on " + path() + " within 100 ms");
	}

	@Test
	void connectingWhereNobodyListensFailsWithNameResolutionError() {
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> IpcTestPeer.connect(path()))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(103));
		assertThat(path()).doesNotExist();
	}

	@Test
	void listeningPeerWaitsForTheApplicationToConnect() {
		IpcTestPeer peer = peer(IpcTestPeer.listen(path()));
		IPCSocket application = application();
		assertThat(application.role()).isEqualTo(IpcRole.CLIENT);

		assertThat(peer.awaitPeers(1)).singleElement()
			.satisfies((member) -> assertThat(member.pid()).isEqualTo(ProcessHandle.current().pid()));
		peer.send("welcome");

		await().until(() -> this.receivedByApplication.contains("welcome"));
	}

	@Test
	void waitingForPeersThatNeverComeFailsTheTestInTime() {
		IpcTestPeer peer = peer(IpcTestPeer.listen(path()));

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> peer.awaitPeers(1, Duration.ofMillis(100)))
			.withMessageContaining("Expected 1 peers on " + path() + " within 100 ms, but 0 connected");
	}

	@Test
	void closingThePeerDisconnectsItFromTheApplication() {
		IPCSocket application = application();
		IpcTestPeer peer = IpcTestPeer.connect(path());
		await().until(application::isConnected);

		peer.close();

		await().until(() -> !application.isConnected());
	}

}
