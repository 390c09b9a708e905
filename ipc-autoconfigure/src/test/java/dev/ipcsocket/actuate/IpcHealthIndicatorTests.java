package dev.ipcsocket.actuate;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link IpcHealthIndicator}, on real sockets.
 */
class IpcHealthIndicatorTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	final Sockets sockets = new Sockets();

	private IPCSocket socket() {
		return this.sockets.open(IpcSocketSettings.of(this.sockets.path()));
	}

	@Test
	void listenerIsUpWithRolePathAndPeerCount() {
		IPCSocket listener = socket();
		listener.start();

		Health health = new IpcHealthIndicator(listener).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("role", "LISTENER")
			.containsEntry("path", this.sockets.path().toString())
			.containsEntry("peers", 0);
	}

	@Test
	void connectedClientIsUpAndTheListenerCountsIt() {
		IPCSocket listener = socket();
		listener.start();
		IPCSocket client = socket();
		client.start();

		assertThat(new IpcHealthIndicator(client).health().getDetails()).containsEntry("role", "CLIENT")
			.containsEntry("peers", 1);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(new IpcHealthIndicator(listener).health().getDetails())
				.containsEntry("peers", 1));
	}

	@Test
	void socketNotStartedIsDown() {
		Health health = new IpcHealthIndicator(socket()).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("lastErrorCode", 0)
			.containsEntry("reason", "not started, electing a new listener, or closed")
			.doesNotContainKey("role");
	}

	@Test
	void clientWhoseListenerWentAwayTakesOverAndIsUpAgain() {
		IPCSocket listener = socket();
		listener.start();
		IPCSocket client = socket();
		client.start();
		IpcHealthIndicator indicator = new IpcHealthIndicator(client);
		assertThat(indicator.health().getDetails()).containsEntry("role", "CLIENT");

		listener.close();

		await().atMost(WAIT).until(() -> client.role() == IpcRole.LISTENER);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		assertThat(indicator.health().getDetails()).containsEntry("role", "LISTENER");
	}

	@Test
	void closedSocketIsDown() {
		IPCSocket listener = socket();
		listener.start();
		listener.close();

		assertThat(new IpcHealthIndicator(listener).health().getStatus()).isEqualTo(Status.DOWN);
	}

}
