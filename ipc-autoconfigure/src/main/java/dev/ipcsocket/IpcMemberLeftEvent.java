package dev.ipcsocket;

/**
 * Published when a member leaves the bus: cleanly (it said goodbye) or not (it vanished).
 */
public final class IpcMemberLeftEvent extends IpcPeerEvent {

	private final boolean clean;

	public IpcMemberLeftEvent(IPCSocket socket, IpcRole role, IpcPeer member, boolean clean) {
		super(socket, role, member);
		this.clean = clean;
	}

	/**
	 * Return the member, the same as {@link #getPeer()}.
	 * @return the member
	 */
	public IpcPeer getMember() {
		return getPeer();
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
		return super.describe() + ", clean=" + this.clean;
	}

}
