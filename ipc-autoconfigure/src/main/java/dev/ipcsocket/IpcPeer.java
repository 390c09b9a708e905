package dev.ipcsocket;

/**
 * A member of the bus: another sibling on the same path. Its process and user ids come from the
 * kernel's peer credentials, read by the listener when the member connected.
 *
 * @param id the member's instance id, unique on the bus ({@code ipc.instance-id})
 * @param pid process id of the member
 * @param uid user id of the member
 * @param gid primary group id of the member
 */
public record IpcPeer(String id, long pid, long uid, long gid) {

	@Override
	public String toString() {
		// the id came from a peer: printed escaped, so that it cannot forge a log line
		return IpcPeerText.escape(this.id) + "[pid=" + this.pid + ", uid=" + this.uid + "]";
	}

}
