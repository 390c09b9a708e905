package dev.ipcsocket.autoconfigure;

import dev.ipcsocket.IPCSocket;

/**
 * Callback to customize the auto-configured {@link IPCSocket} before it starts, for example to
 * add an {@link dev.ipcsocket.IpcEventListener}.
 */
@FunctionalInterface
public interface IpcSocketCustomizer {

	/**
	 * Customize the socket.
	 * @param socket the socket, not yet started
	 */
	void customize(IPCSocket socket);

}
