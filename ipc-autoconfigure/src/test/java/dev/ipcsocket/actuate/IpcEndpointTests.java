package dev.ipcsocket.actuate;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.actuate.IpcEndpoint.ErrorDescriptor;
import dev.ipcsocket.actuate.IpcEndpoint.SocketDescriptor;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link IpcEndpoint}, on real sockets.
 */
class IpcEndpointTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	final Sockets sockets = new Sockets();

	private IPCSocket started() {
		return this.sockets.start(IpcSocketSettings.of(this.sockets.path()));
	}

	@Test
	void describesRolePathPeersAndCounters() {
		IPCSocket listener = started();
		IPCSocket client = started();
		IpcEndpoint endpoint = new IpcEndpoint(listener);
		await().atMost(WAIT).until(listener::isConnected);

		client.send("hello");
		await().atMost(WAIT).until(() -> endpoint.socket().statistics().messagesReceived() == 1);

		SocketDescriptor descriptor = endpoint.socket();
		assertThat(descriptor.role()).isEqualTo("LISTENER");
		assertThat(descriptor.path()).isEqualTo(this.sockets.path().toString());
		assertThat(descriptor.pid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(descriptor.connected()).isTrue();
		assertThat(descriptor.peers()).singleElement().satisfies((peer) -> {
			assertThat(peer.id()).isEqualTo(client.instanceId());
			assertThat(peer.pid()).isEqualTo(ProcessHandle.current().pid());
			assertThat(peer.uid()).isEqualTo(client.peers().get(0).uid());
		});
		assertThat(descriptor.statistics().bytesReceived()).isEqualTo(5);
		assertThat(descriptor.statistics().connectionsOpened()).isEqualTo(1);
		assertThat(descriptor.statistics().errors()).isEmpty();
	}

	@Test
	void listsTheErrorsThatOccurredWithTheirCodes() {
		IPCSocket lonely = started();
		// the receive buffer is off by default
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> lonely.read(1));

		SocketDescriptor descriptor = new IpcEndpoint(lonely).socket();

		assertThat(descriptor.lastErrorCode()).isEqualTo(106);
		assertThat(descriptor.statistics().errors())
			.containsExactly(new ErrorDescriptor("INVALID_STATE_ERROR", 106, 1));
	}

	@Test
	void closedSocketHasNoRole() {
		IPCSocket socket = started();
		socket.close();

		assertThat(new IpcEndpoint(socket).socket().role()).isNull();
	}

}
