package dev.ipcsocket;

/**
 * Which thread runs a socket's event listeners. Either way they run one at a time and see one
 * peer's events in the order the socket received them.
 */
public enum IpcListenerThread {

	/**
	 * The socket's one dispatch thread, off the I/O threads: a slow listener delays later events
	 * without slowing the sockets until the dispatch queue is full, and a listener may call
	 * {@link IPCSocket#request} and wait for the reply.
	 */
	DISPATCH,

	/**
	 * The reader thread of the connection that received the message, whenever no other event
	 * waits for the listeners (otherwise the dispatch thread, behind them): one thread hand-off
	 * fewer per message. A slow listener stops reading from that peer at once, and a listener
	 * must not call {@link IPCSocket#request}, which fails with
	 * {@link IpcError#INVALID_STATE_ERROR} there: the reply would have to be read by the very
	 * thread that waits for it.
	 */
	IO

}
