package dev.ipcsocket.transport;

import java.util.Set;
import java.util.TreeSet;

import dev.ipcsocket.IpcSocketSettings;

/**
 * Who may be at the other end of a connection, judged by the kernel's peer credentials (numbers
 * from {@code SO_PEERCRED}, never names): our own user id, plus the user and group ids the
 * settings allow. The listener applies it to every client it accepts, a client to the listener
 * before sending anything. The group is the peer's effective group id, the only one the kernel
 * reports on Linux.
 */
final class PeerCredentialsPolicy {

	private final long ownUid;

	private final Set<Long> allowedUids;

	private final Set<Long> allowedGids;

	PeerCredentialsPolicy(long ownUid, Set<Long> allowedUids, Set<Long> allowedGids) {
		this.ownUid = ownUid;
		this.allowedUids = Set.copyOf(allowedUids);
		this.allowedGids = Set.copyOf(allowedGids);
	}

	static PeerCredentialsPolicy of(IpcSocketSettings settings) {
		return new PeerCredentialsPolicy(SocketPath.ownUid(), settings.allowedUids(), settings.allowedGids());
	}

	/**
	 * Tell whether a peer with these credentials may be talked to.
	 * @param uid the peer's user id
	 * @param gid the peer's effective group id
	 * @return whether it is allowed
	 */
	boolean admits(long uid, long gid) {
		return uid == this.ownUid || this.allowedUids.contains(uid) || this.allowedGids.contains(gid);
	}

	/** Say who is allowed, for an error message that tells how to widen it. */
	String describe() {
		StringBuilder allowed = new StringBuilder("uid ").append(this.ownUid);
		if (!this.allowedUids.isEmpty()) {
			allowed.append(", uids ").append(new TreeSet<>(this.allowedUids));
		}
		if (!this.allowedGids.isEmpty()) {
			allowed.append(", gids ").append(new TreeSet<>(this.allowedGids));
		}
		return allowed.append(" (widen with ipc.allowed-uids or ipc.allowed-gids)").toString();
	}

}
