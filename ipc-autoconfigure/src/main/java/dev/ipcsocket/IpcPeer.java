package dev.ipcsocket;

/**
 * A sibling at the other end of a connection, identified by the kernel's peer credentials.
 *
 * @param id identifier unique within this socket, stable for the connection's life
 * @param pid process id of the peer
 * @param uid user id of the peer
 * @param gid primary group id of the peer
 */
public record IpcPeer(String id, long pid, long uid, long gid) {

	@Override
	public String toString() {
		return this.id + "[pid=" + this.pid + ", uid=" + this.uid + "]";
	}

}
