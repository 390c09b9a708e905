package dev.ipcsocket;

/**
 * Published once for every {@link IpcConnectedEvent} when that connection ends.
 */
public final class IpcDisconnectedEvent extends IpcEvent {

	private final IpcPeer peer;

	private final boolean lost;

	public IpcDisconnectedEvent(IPCSocket socket, IpcRole role, IpcPeer peer, boolean lost) {
		super(socket, role);
		this.peer = peer;
		this.lost = lost;
	}

	/**
	 * Return the peer that went away.
	 * @return the peer
	 */
	public IpcPeer getPeer() {
		return this.peer;
	}

	/**
	 * Whether the connection was lost rather than closed by this socket. A client that loses its
	 * listener also gets an {@link IpcErrorEvent} with {@link IpcError#LOST_CONNECTION}.
	 * @return {@code true} if the peer vanished or the connection failed
	 */
	public boolean isLost() {
		return this.lost;
	}

	@Override
	protected String describe() {
		return "peer=" + this.peer + ", lost=" + this.lost;
	}

}
