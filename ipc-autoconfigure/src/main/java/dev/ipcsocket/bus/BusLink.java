package dev.ipcsocket.bus;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcPeer;

/**
 * A connection as the bus sees it: frames out, close, and who is at the other end according to
 * the kernel. A socket connection implements it in production, an in-memory pipe in tests.
 * Failures come as {@link IpcException}s already carrying the classic error code.
 * <p>
 * What the bus relies on from whoever carries a link: the frames that arrive on it are handed to
 * {@link Bus#received} one at a time and in the order they were sent, by one reader at a time;
 * {@link Bus#closed} is called exactly once, after the last frame, whoever closed the link; a
 * failed {@link #send} closes the link, so that {@code closed} follows.
 */
public interface BusLink {

	/** An empty head, for frames sent whole. */
	byte[] NO_HEAD = {};

	/**
	 * Who is at the other end according to the kernel, before the handshake names it.
	 * @return the peer's credentials
	 */
	IpcPeer credentials();

	/**
	 * Send one frame, written as its head and then its body behind one length header (the two
	 * parts are not joined first).
	 * @param head the bytes before the body, possibly {@link #NO_HEAD}
	 * @param body the rest of the frame
	 * @throws IpcException if the frame could not be sent (the connection is then closed)
	 */
	void send(byte[] head, byte[] body);

	/**
	 * Send one frame, whole.
	 * @param frame the encoded frame
	 */
	default void send(byte[] frame) {
		send(NO_HEAD, frame);
	}

	/**
	 * Send a last frame: every later send fails.
	 * @param frame the encoded frame
	 */
	void sendLast(byte[] frame);

	/**
	 * Whether this side sent its last frame.
	 * @return true after {@link #sendLast}
	 */
	boolean isWritingFinished();

	/**
	 * Whether the connection is open.
	 * @return true until it closes
	 */
	boolean isOpen();

	/** Close the connection because this side decided to. */
	void close();

	/**
	 * Whether this side closed the connection on purpose.
	 * @return true after {@link #close()}
	 */
	boolean isClosedLocally();

	/**
	 * Why reading stopped, if it failed rather than reaching a clean end of stream.
	 * @param what what was being done, for the message
	 * @return the failure, or {@code null}
	 */
	@Nullable IpcException readFailure(String what);

}
