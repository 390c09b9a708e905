package dev.ipcsocket;

/**
 * Receives the events of an {@link IPCSocket}.
 * <p>
 * Called on the socket's dispatch thread, never on an I/O thread, one event at a time in the
 * order the socket saw them; a slow listener delays later events but never loses them.
 */
@FunctionalInterface
public interface IpcEventListener {

	/**
	 * Handle an event.
	 * @param event the event
	 */
	void onEvent(IpcEvent event);

}
