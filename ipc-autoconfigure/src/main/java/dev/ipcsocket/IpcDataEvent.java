package dev.ipcsocket;

import java.nio.charset.StandardCharsets;

/**
 * Published for every message received from a sibling.
 */
public class IpcDataEvent extends IpcEvent {

	private final IpcMessage message;

	private final boolean direct;

	public IpcDataEvent(IPCSocket socket, IpcRole role, IpcMessage message, boolean direct) {
		super(socket, role);
		this.message = message;
		this.direct = direct;
	}

	/**
	 * Return the member that sent the message.
	 * @return the sender
	 */
	public IpcPeer getPeer() {
		return this.message.peer();
	}

	/**
	 * Return the payload type: {@code ""} for raw bytes, otherwise the type the sender gave, such
	 * as the class name of a JSON payload.
	 * @return the type
	 */
	public String getType() {
		return this.message.type();
	}

	/**
	 * Whether the message was addressed to this member alone rather than to every member.
	 * @return {@code true} for a direct message
	 */
	public boolean isDirect() {
		return this.direct;
	}

	/**
	 * Return the message bytes as received, not a copy (as a Spring {@code Message<byte[]>}
	 * carries them): every listener of this event sees the same array, so treat it as read-only
	 * and copy it before changing it.
	 * @return the payload
	 */
	public byte[] getPayload() {
		return this.message.payload();
	}

	/**
	 * Return the message size in bytes.
	 * @return the size
	 */
	public int size() {
		return this.message.payload().length;
	}

	/**
	 * Return the message decoded as UTF-8.
	 * @return the text
	 */
	public String getText() {
		return new String(this.message.payload(), StandardCharsets.UTF_8);
	}

	/**
	 * Return the message itself, without copying its payload.
	 * @return the message
	 */
	public IpcMessage getMessage() {
		return this.message;
	}

	@Override
	protected String describe() {
		return "peer=" + getPeer() + ", type=" + IpcPeerText.escape(getType()) + ", bytes=" + size() + ", direct=" + this.direct;
	}

}
