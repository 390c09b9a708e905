package dev.ipcsocket.messaging;

/**
 * Bean names of the auto-configured IPC message channels.
 */
public final class IpcChannels {

	/** Subscribable channel on which every received message is published. */
	public static final String INBOUND = "ipcInboundChannel";

	/** Channel whose messages ({@code byte[]} or {@code String} payloads) are sent to the siblings. */
	public static final String OUTBOUND = "ipcOutboundChannel";

	private IpcChannels() {
	}

}
