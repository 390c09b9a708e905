package dev.ipcsocket;

/**
 * Published when a member joins the bus (on every member, the newcomer included for the members
 * it finds there).
 */
public final class IpcMemberJoinedEvent extends IpcPeerEvent {

	public IpcMemberJoinedEvent(IPCSocket socket, IpcRole role, IpcPeer member) {
		super(socket, role, member);
	}

	/**
	 * Return the member, the same as {@link #getPeer()}.
	 * @return the member
	 */
	public IpcPeer getMember() {
		return getPeer();
	}

}
