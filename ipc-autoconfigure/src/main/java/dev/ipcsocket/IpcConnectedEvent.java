package dev.ipcsocket;

/**
 * Published when a connection to a peer is up: on the listener for each sibling that connects,
 * on a client once it is connected to the listener. Followed by exactly one
 * {@link IpcDisconnectedEvent} for the same peer when that connection ends.
 */
public final class IpcConnectedEvent extends IpcPeerEvent {

	public IpcConnectedEvent(IPCSocket socket, IpcRole role, IpcPeer peer) {
		super(socket, role, peer);
	}

}
