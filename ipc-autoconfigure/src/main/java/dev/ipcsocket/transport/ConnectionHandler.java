package dev.ipcsocket.transport;

import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcPeer;

/**
 * What a {@link UnixTransport} reports of its connections to the protocol on top: frames in,
 * connections closed, and the connections it wants closed with a reason.
 */
public interface ConnectionHandler {

	/**
	 * A frame arrived.
	 * @param connection the connection it arrived on
	 * @param head a large frame's head when it was read in two parts ({@link FrameSplit}), else empty
	 * @param body the rest of the frame (the whole frame when the head is empty)
	 */
	void received(UnixSocketConnection connection, byte[] head, byte[] body);

	/**
	 * A connection closed, whoever closed it.
	 * @param connection the connection
	 */
	void closed(UnixSocketConnection connection);

	/**
	 * An accepted connection is over the cap: tell the peer why, close it and report it.
	 * @param connection the connection
	 * @param reason why it is refused
	 */
	void refuse(UnixSocketConnection connection, String reason);

	/**
	 * A connection makes no progress (no first frame in time, a stalled write or read): close it
	 * and report why.
	 * @param connection the connection
	 * @param why the reason
	 */
	void drop(UnixSocketConnection connection, String why);

	/**
	 * A peer whose credentials are not allowed was closed at once.
	 * @param peer the peer
	 * @param why the error to report
	 */
	void refused(IpcPeer peer, IpcException why);

}
