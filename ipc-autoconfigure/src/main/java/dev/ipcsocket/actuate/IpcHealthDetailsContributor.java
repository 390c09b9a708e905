package dev.ipcsocket.actuate;

import java.util.Map;

import dev.ipcsocket.IPCSocket;

/**
 * Adds details to the {@code ipc} health component, for example the broker uplink's state.
 * Beans of this type are picked up by the health auto-configuration.
 */
@FunctionalInterface
public interface IpcHealthDetailsContributor {

	/**
	 * Return the details to add, under names of their own.
	 * @param socket the socket whose health is checked
	 * @return the details; empty for none
	 */
	Map<String, Object> details(IPCSocket socket);

}
