package dev.ipcsocket;

/**
 * Names of the message headers on the inbound channel.
 */
public final class IpcHeaders {

	/** Id of the peer the message arrived from ({@link IpcPeer#id()}). */
	public static final String PEER_ID = "ipc_peerId";

	/** Process id of the peer the message arrived from; absent when its credentials are unknown. */
	public static final String PEER_PID = "ipc_peerPid";

	/** Path of the socket the message arrived on. */
	public static final String PATH = "ipc_path";

	private IpcHeaders() {
	}

}
