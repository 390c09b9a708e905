package dev.ipcsocket.actuate;

import java.util.List;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcRole;

/**
 * {@link HealthIndicator} for an {@link IPCSocket}: up once the handshake decided a role, with
 * the role, path and number of peers; down with the last error code while the socket is not
 * started or is closed, and when a client has lost its listener.
 */
public class IpcHealthIndicator extends AbstractHealthIndicator {

	private final IPCSocket socket;

	private final List<IpcHealthDetailsContributor> contributors;

	public IpcHealthIndicator(IPCSocket socket) {
		this(socket, List.of());
	}

	/**
	 * Create an indicator whose details include those of the contributors.
	 * @param socket the socket
	 * @param contributors more details, for example the broker uplink's
	 */
	public IpcHealthIndicator(IPCSocket socket, List<IpcHealthDetailsContributor> contributors) {
		super("IPC health check failed");
		this.socket = socket;
		this.contributors = List.copyOf(contributors);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		IpcRole role = this.socket.role();
		builder.withDetail("path", this.socket.path().toString());
		this.contributors.forEach((contributor) -> builder.withDetails(contributor.details(this.socket)));
		if (role == null) {
			down(builder, "not started, electing a new listener, or closed");
			return;
		}
		builder.withDetail("role", role.name());
		int peers = this.socket.peers().size();
		if (role == IpcRole.CLIENT && !this.socket.isConnected()) {
			down(builder, "the listener is gone");
			return;
		}
		builder.up().withDetail("peers", peers);
	}

	private void down(Health.Builder builder, String reason) {
		builder.down().withDetail("reason", reason);
		int code = this.socket.lastErrorCode();
		builder.withDetail("lastErrorCode", code);
		if (code != 0) {
			builder.withDetail("lastError", describe(code));
		}
	}

	private static String describe(int code) {
		try {
			return IpcError.ofCode(code).name();
		}
		catch (IllegalArgumentException ex) {
			return "unknown";
		}
	}

}
