package dev.ipcsocket;

/**
 * Receives the events of an {@link IPCSocket}.
 * <p>
 * Called one event at a time in the order the socket saw them, on the reader thread that
 * received a message or on the socket's dispatch thread ({@link IpcListenerThread}); a slow
 * listener delays later events but never loses them.
 */
@FunctionalInterface
public interface IpcEventListener {

	/**
	 * Handle an event.
	 * @param event the event
	 */
	void onEvent(IpcEvent event);

}
