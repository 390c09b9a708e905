package dev.ipcsocket.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.coordination.SiblingLeadership;
import dev.ipcsocket.coordination.SiblingLockRegistry;

/**
 * Adds {@code leads} (the roles this member leads) and {@code locks} (the sibling locks it
 * holds) to the {@code ipc} health component.
 */
public class IpcCoordinationHealthDetails implements IpcHealthDetailsContributor {

	private final @Nullable SiblingLeadership leadership;

	private final SiblingLockRegistry locks;

	public IpcCoordinationHealthDetails(@Nullable SiblingLeadership leadership, SiblingLockRegistry locks) {
		this.leadership = leadership;
		this.locks = locks;
	}

	@Override
	public Map<String, Object> details(IPCSocket socket) {
		Map<String, Object> details = new LinkedHashMap<>();
		if (this.leadership != null) {
			details.put("leads", this.leadership.ledRoles());
		}
		details.put("locks", this.locks.heldLocks());
		return details;
	}

}
