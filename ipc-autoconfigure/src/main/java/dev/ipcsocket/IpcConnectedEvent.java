package dev.ipcsocket;

/**
 * Published when a connection to a peer is up: on the listener for each sibling that connects,
 * on a client once it is connected to the listener.
 */
public final class IpcConnectedEvent extends IpcEvent {

	private final IpcPeer peer;

	public IpcConnectedEvent(IPCSocket socket, IpcRole role, IpcPeer peer) {
		super(socket, role);
		this.peer = peer;
	}

	/**
	 * Return the peer at the other end.
	 * @return the peer
	 */
	public IpcPeer getPeer() {
		return this.peer;
	}

	@Override
	protected String describe() {
		return "peer=" + this.peer;
	}

}
