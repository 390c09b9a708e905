package dev.ipcsocket;

import java.nio.charset.StandardCharsets;

/**
 * One message from a sibling.
 *
 * @param peer the member that sent it
 * @param type the payload type ({@code ""} for raw bytes; a class name for a typed payload)
 * @param payload the message bytes, owned by the receiver
 */
public record IpcMessage(IpcPeer peer, String type, byte[] payload) {

	/**
	 * Return the payload decoded as UTF-8.
	 * @return the text
	 */
	public String text() {
		return new String(this.payload, StandardCharsets.UTF_8);
	}

}
