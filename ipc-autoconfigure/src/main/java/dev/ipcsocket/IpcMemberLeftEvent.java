package dev.ipcsocket;

/**
 * Published when a member leaves the bus: cleanly (it said goodbye) or not (it vanished).
 */
public final class IpcMemberLeftEvent extends IpcEvent {

	private final IpcPeer member;

	private final boolean clean;

	public IpcMemberLeftEvent(IPCSocket socket, IpcRole role, IpcPeer member, boolean clean) {
		super(socket, role);
		this.member = member;
		this.clean = clean;
	}

	/**
	 * Return the member.
	 * @return the member
	 */
	public IpcPeer getMember() {
		return this.member;
	}

	/**
	 * Whether the member said goodbye before leaving.
	 * @return {@code true} for a clean leave, {@code false} for a crash or a lost connection
	 */
	public boolean isClean() {
		return this.clean;
	}

	@Override
	protected String describe() {
		return "member=" + this.member + ", clean=" + this.clean;
	}

}
