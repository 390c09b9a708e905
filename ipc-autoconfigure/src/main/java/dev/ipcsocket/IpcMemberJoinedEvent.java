package dev.ipcsocket;

/**
 * Published when a member joins the bus (on every member, the newcomer included for the members
 * it finds there).
 */
public final class IpcMemberJoinedEvent extends IpcEvent {

	private final IpcPeer member;

	public IpcMemberJoinedEvent(IPCSocket socket, IpcRole role, IpcPeer member) {
		super(socket, role);
		this.member = member;
	}

	/**
	 * Return the member.
	 * @return the member
	 */
	public IpcPeer getMember() {
		return this.member;
	}

	@Override
	protected String describe() {
		return "member=" + this.member;
	}

}
