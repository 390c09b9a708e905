package dev.ipcsocket.actuate;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.actuate.IpcEndpoint.ErrorDescriptor;
import dev.ipcsocket.actuate.IpcEndpoint.SocketDescriptor;
import dev.ipcsocket.coordination.SiblingLeadership;
import dev.ipcsocket.coordination.SiblingLockRegistry;
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
	void showsTheRolesLedAndTheSiblingLocksHeld() throws InterruptedException {
		IPCSocket socket = started();
		SiblingLockRegistry locks = SiblingLockRegistry.forSocket(this.sockets.path());
		SiblingLeadership leadership = new SiblingLeadership(locks, "me", List.of("job"), Duration.ofMillis(100),
				(event) -> {
				});
		IpcEndpoint endpoint = new IpcEndpoint(socket, leadership, locks);
		assertThat(endpoint.socket().leads()).isEmpty();
		leadership.start();
		try {
			await().atMost(WAIT).until(() -> leadership.isLeader("job"));
			locks.executeLocked("report", () -> {
				assertThat(endpoint.socket().leads()).containsExactly("job");
				assertThat(endpoint.socket().locks()).containsExactly("job", "report");
			});
		}
		finally {
			leadership.stop();
		}
		await().atMost(WAIT).until(() -> endpoint.socket().locks().isEmpty());
		assertThat(new IpcEndpoint(socket).socket().locks()).isEmpty();
	}

	@Test
	void closedSocketHasNoRole() {
		IPCSocket socket = started();
		socket.close();

		assertThat(new IpcEndpoint(socket).socket().role()).isNull();
	}

}
