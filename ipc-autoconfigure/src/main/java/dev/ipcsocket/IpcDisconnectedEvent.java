package dev.ipcsocket;

/**
 * Published once for every {@link IpcConnectedEvent} when that connection ends; its
 * {@link #getPeer() peer} is the one that went away.
 */
public final class IpcDisconnectedEvent extends IpcPeerEvent {

	private final boolean lost;

	public IpcDisconnectedEvent(IPCSocket socket, IpcRole role, IpcPeer peer, boolean lost) {
		super(socket, role, peer);
		this.lost = lost;
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
		return super.describe() + ", lost=" + this.lost;
	}

}
