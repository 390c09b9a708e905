package dev.ipcsocket.bus;

import java.time.Instant;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMessage;

/**
 * What the bus asks of the socket that carries it: where its events go, how errors are
 * recorded, and how a lost listener is replaced. The bus itself opens no socket.
 */
public interface BusHost {

	/**
	 * The socket the bus's events come from.
	 * @return the socket
	 */
	IPCSocket socket();

	/**
	 * Hand an event to the listeners, in order.
	 * @param event the event
	 */
	void dispatch(IpcEvent event);

	/**
	 * Hand a received message's event to the listeners, possibly on the calling reader thread.
	 * @param event the event
	 */
	void dispatchReceived(IpcEvent event);

	/**
	 * Keep a received message for the pull API, if it keeps any.
	 * @param message the message
	 */
	void keepForReading(IpcMessage message);

	/**
	 * Record an error: the last error code, the error counters, the log line.
	 * @param exception the error
	 */
	void recordError(IpcException exception);

	/**
	 * Let another thread read the connection that the calling thread reads, if it reads one, before
	 * the calling thread waits for what a peer sends.
	 */
	void beforeWaiting();

	/** Stop what carries the current role: the listening socket or the link to the listener. */
	void stopEndpoint();

	/**
	 * Decide a role again after the listener was lost, as at the start.
	 * @throws IpcException if no role could be taken this time
	 */
	void electAgain();

	/**
	 * Whether the socket is closing.
	 * @return true once close() was called
	 */
	boolean isClosing();

	/**
	 * Run a task later.
	 * @param task the task
	 * @param at when to run it
	 * @return false if the socket closed meanwhile and the task will not run
	 */
	boolean schedule(Runnable task, Instant at);

}
