package dev.ipcsocket;

import java.nio.charset.StandardCharsets;

/**
 * Published for every message received from a sibling.
 */
public final class IpcDataEvent extends IpcEvent {

	private final IpcPeer peer;

	private final byte[] payload;

	public IpcDataEvent(IPCSocket socket, IpcRole role, IpcPeer peer, byte[] payload) {
		super(socket, role);
		this.peer = peer;
		this.payload = payload;
	}

	/**
	 * Return the connection the message arrived on (for a client, always the listener).
	 * @return the peer
	 */
	public IpcPeer getPeer() {
		return this.peer;
	}

	/**
	 * Return a copy of the message bytes.
	 * @return the payload
	 */
	public byte[] getPayload() {
		return this.payload.clone();
	}

	/**
	 * Return the message size in bytes.
	 * @return the size
	 */
	public int size() {
		return this.payload.length;
	}

	/**
	 * Return the message decoded as UTF-8.
	 * @return the text
	 */
	public String getText() {
		return new String(this.payload, StandardCharsets.UTF_8);
	}

	@Override
	protected String describe() {
		return "peer=" + this.peer + ", bytes=" + this.payload.length;
	}

}
