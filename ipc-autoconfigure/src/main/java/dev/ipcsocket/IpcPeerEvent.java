package dev.ipcsocket;

import org.jspecify.annotations.Nullable;

/**
 * Base of the events about one other sibling, the {@link IpcPeer peer}.
 * <p>
 * Connection events concern the peer at the other end of one connection: each
 * {@link IpcConnectedEvent} is followed by exactly one {@link IpcDisconnectedEvent} for the same
 * peer. Membership events concern a member of the bus, whichever connection it came through:
 * {@link IpcMemberJoinedEvent} when it joins and {@link IpcMemberLeftEvent} when it leaves.
 */
public abstract class IpcPeerEvent extends IpcEvent {

	private final IpcPeer peer;

	protected IpcPeerEvent(IPCSocket socket, @Nullable IpcRole role, IpcPeer peer) {
		super(socket, role);
		this.peer = peer;
	}

	/**
	 * Return the peer the event is about.
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
