package dev.ipcsocket;

import org.jspecify.annotations.Nullable;

/**
 * Published when something goes wrong that the application did not call for directly: a lost
 * connection, an oversized or malformed frame, a refused peer. The socket keeps serving.
 */
public final class IpcErrorEvent extends IpcEvent {

	private final IpcException exception;

	private final @Nullable IpcPeer peer;

	private final @Nullable IpcMessage undelivered;

	public IpcErrorEvent(IPCSocket socket, @Nullable IpcRole role, IpcException exception, @Nullable IpcPeer peer) {
		this(socket, role, exception, peer, null);
	}

	public IpcErrorEvent(IPCSocket socket, @Nullable IpcRole role, IpcException exception, @Nullable IpcPeer peer,
			@Nullable IpcMessage undelivered) {
		super(socket, role);
		this.exception = exception;
		this.peer = peer;
		this.undelivered = undelivered;
	}

	/**
	 * Return the message this error kept from being delivered, so that nothing is lost without a
	 * trace: its peer is the sender, its payload and type are what was sent.
	 * @return the message, or {@code null} if the error concerns no message
	 */
	public @Nullable IpcMessage getUndelivered() {
		return this.undelivered;
	}

	/**
	 * Return the error.
	 * @return the error
	 */
	public IpcError getError() {
		return this.exception.error();
	}

	/**
	 * Return the classic numeric error code.
	 * @return the code
	 */
	public int getCode() {
		return this.exception.code();
	}

	/**
	 * Return the exception, whose cause is the underlying failure.
	 * @return the exception
	 */
	public IpcException getException() {
		return this.exception;
	}

	/**
	 * Return the peer concerned.
	 * @return the peer, or {@code null} if the error concerns the socket itself
	 */
	public @Nullable IpcPeer getPeer() {
		return this.peer;
	}

	@Override
	protected String describe() {
		return "error=" + getError() + ", peer=" + this.peer + ", undelivered=" + (this.undelivered != null)
				+ ", message=" + this.exception.getMessage();
	}

}
