package dev.ipcsocket.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link IpcTestPeer}, against a plain socket standing in for the application.
 */
class IpcTestPeerTests {

	@RegisterExtension
	final Sockets sockets = new Sockets();

	private final List<String> receivedByApplication = new CopyOnWriteArrayList<>();

	private IPCSocket application() {
		IPCSocket application = this.sockets.open(IpcSocketSettings.of(this.sockets.path()));
		application.addListener((event) -> {
			if (event instanceof IpcDataEvent data) {
				this.receivedByApplication.add(data.getText());
			}
		});
		application.start();
		return application;
	}

	private IpcTestPeer peer(IpcTestPeer peer) {
		return this.sockets.closeLater(peer);
	}

	@Test
	void connectedPeerExchangesTextAndBytesWithTheApplication() {
		IPCSocket application = application();
		IpcTestPeer peer = peer(IpcTestPeer.connect(this.sockets.path()));
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
		IpcTestPeer peer = peer(IpcTestPeer.connect(this.sockets.path()));

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> peer.awaitText(Duration.ofMillis(100)))
			.withMessageContaining("No message arrived on " + this.sockets.path() + " within 100 ms");
	}

	@Test
	void connectingWhereNobodyListensFailsWithNameResolutionError() {
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> IpcTestPeer.connect(this.sockets.path()))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(103));
		assertThat(this.sockets.path()).doesNotExist();
	}

	@Test
	void listeningPeerWaitsForTheApplicationToConnect() {
		IpcTestPeer peer = peer(IpcTestPeer.listen(this.sockets.path()));
		IPCSocket application = application();
		assertThat(application.role()).isEqualTo(IpcRole.CLIENT);

		assertThat(peer.awaitPeers(1)).singleElement()
			.satisfies((member) -> assertThat(member.pid()).isEqualTo(ProcessHandle.current().pid()));
		peer.send("welcome");

		await().until(() -> this.receivedByApplication.contains("welcome"));
	}

	@Test
	void waitingForPeersThatNeverComeFailsTheTestInTime() {
		IpcTestPeer peer = peer(IpcTestPeer.listen(this.sockets.path()));

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> peer.awaitPeers(1, Duration.ofMillis(100)))
			.withMessageContaining("Expected 1 peers on " + this.sockets.path() + " within 100 ms, but 0 connected");
	}

	@Test
	void closingThePeerDisconnectsItFromTheApplication() {
		IPCSocket application = application();
		IpcTestPeer peer = IpcTestPeer.connect(this.sockets.path());
		await().until(application::isConnected);

		peer.close();

		await().until(() -> !application.isConnected());
	}

}
