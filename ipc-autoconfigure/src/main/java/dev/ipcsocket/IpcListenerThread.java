package dev.ipcsocket;

/**
 * Which thread runs a socket's event listeners. Either way they run one at a time, see one
 * peer's events in the order the socket received them, and may send, reply and call
 * {@link IPCSocket#request}.
 */
public enum IpcListenerThread {

	/**
	 * The socket's one dispatch thread, never an I/O thread: every message is handed from the
	 * thread that read it to that thread (two hand-offs per round trip), and a slow listener
	 * delays later events without slowing the sockets until the dispatch queue is full.
	 */
	DISPATCH,

	/**
	 * The default: the reader thread of the connection that received the message, whenever no
	 * other event waits for the listeners (otherwise the dispatch thread, behind them), so no
	 * thread hand-off lies between the socket and the listener. That connection is not read
	 * while a listener runs on its reader; a listener that calls {@link IPCSocket#request}, or
	 * that runs for longer than one period of the socket's connection check (at most 1 s), lets
	 * a new thread read on, and the old thread ends when the listener returns. The listener (the
	 * hub) with more than one client uses the dispatch thread for its own deliveries: its readers
	 * relay each client's messages to the others and never wait for its own listeners.
	 */
	IO

}
