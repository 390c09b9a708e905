package dev.ipcsocket;

/**
 * Published each time the connect-or-listen handshake decides the socket's role.
 */
public final class IpcRoleDecidedEvent extends IpcEvent {

	public IpcRoleDecidedEvent(IPCSocket socket, IpcRole role) {
		super(socket, role);
	}

	/**
	 * Return the decided role.
	 * @return the role
	 */
	public IpcRole role() {
		IpcRole role = getRole();
		if (role == null) {
			throw new IllegalStateException("A decided role is never null");
		}
		return role;
	}

	@Override
	protected String describe() {
		return "decided";
	}

}
