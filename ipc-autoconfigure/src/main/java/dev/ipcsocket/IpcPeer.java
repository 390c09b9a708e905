package dev.ipcsocket;

import java.util.OptionalLong;

/**
 * A member of the bus: another sibling on the same path. Its process and user ids come from the
 * kernel's peer credentials, read by the listener when the member connected.
 * <p>
 * Some senders have no credentials this member can know: a member of another host (through an
 * uplink), or a member whose message arrives before this member learnt that it joined. Such a
 * peer is {@linkplain #unknown(String) unknown}: {@link #credentialsKnown()} is {@code false},
 * {@link #processId()}, {@link #userId()} and {@link #groupId()} are empty, and {@link #pid()},
 * {@link #uid()} and {@link #gid()} say nothing (they are 0, which is not the root user: check
 * {@link #credentialsKnown()} or use the optional accessors before trusting them).
 *
 * @param id the member's instance id, unique on the bus ({@code ipc.instance-id})
 * @param pid process id of the member; meaningless unless the credentials are known
 * @param uid user id of the member; meaningless unless the credentials are known
 * @param gid primary group id of the member; meaningless unless the credentials are known
 * @param credentialsKnown whether pid, uid and gid are the kernel's peer credentials
 */
public record IpcPeer(String id, long pid, long uid, long gid, boolean credentialsKnown) {

	/**
	 * A member whose credentials are known.
	 * @param id the member's instance id
	 * @param pid process id of the member
	 * @param uid user id of the member
	 * @param gid primary group id of the member
	 */
	public IpcPeer(String id, long pid, long uid, long gid) {
		this(id, pid, uid, gid, true);
	}

	/**
	 * A member known only by its id: its process, user and group are unknown.
	 * @param id the member's instance id
	 * @return the peer
	 */
	public static IpcPeer unknown(String id) {
		return new IpcPeer(id, 0, 0, 0, false);
	}

	/**
	 * Return the member's process id, if known.
	 * @return the process id, or empty if the credentials are unknown
	 */
	public OptionalLong processId() {
		return this.credentialsKnown ? OptionalLong.of(this.pid) : OptionalLong.empty();
	}

	/**
	 * Return the member's user id, if known.
	 * @return the user id, or empty if the credentials are unknown
	 */
	public OptionalLong userId() {
		return this.credentialsKnown ? OptionalLong.of(this.uid) : OptionalLong.empty();
	}

	/**
	 * Return the member's primary group id, if known.
	 * @return the group id, or empty if the credentials are unknown
	 */
	public OptionalLong groupId() {
		return this.credentialsKnown ? OptionalLong.of(this.gid) : OptionalLong.empty();
	}

	@Override
	public String toString() {
		// the id came from a peer: printed escaped, so that it cannot forge a log line
		return this.credentialsKnown ? IpcPeerText.escape(this.id) + "[pid=" + this.pid + ", uid=" + this.uid + "]"
				: IpcPeerText.escape(this.id) + "[credentials unknown]";
	}

}
