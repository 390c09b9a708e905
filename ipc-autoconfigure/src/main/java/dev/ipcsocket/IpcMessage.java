package dev.ipcsocket;

import java.nio.charset.StandardCharsets;

/**
 * One message received from a sibling.
 *
 * @param peer the connection it arrived on
 * @param payload the message bytes, owned by the receiver
 */
public record IpcMessage(IpcPeer peer, byte[] payload) {

	/**
	 * Return the payload decoded as UTF-8.
	 * @return the text
	 */
	public String text() {
		return new String(this.payload, StandardCharsets.UTF_8);
	}

}
