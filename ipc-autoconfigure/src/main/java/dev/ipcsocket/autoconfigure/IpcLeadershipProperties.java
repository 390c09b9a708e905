package dev.ipcsocket.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for leadership among the siblings of {@code ipc.path}.
 */
@ConfigurationProperties("ipc.leadership")
public class IpcLeadershipProperties {

	/**
	 * Roles the siblings compete for; at most one sibling leads each at a time, and
	 * Spring Integration endpoints annotated with @Role of it run only there.
	 */
	private List<String> roles = new ArrayList<>();

	/**
	 * How long each attempt to take a role waits for it, and how often its leader checks its
	 * lock. A role is taken over within milliseconds of its leader's death either way.
	 */
	private Duration heartbeat = Duration.ofMillis(500);

	public List<String> getRoles() {
		return this.roles;
	}

	public void setRoles(List<String> roles) {
		this.roles = roles;
	}

	public Duration getHeartbeat() {
		return this.heartbeat;
	}

	public void setHeartbeat(Duration heartbeat) {
		this.heartbeat = heartbeat;
	}

}
