package dev.ipcsocket;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * A socket named by a filesystem path that connects sibling processes on one host, after the
 * classic {@code IPCSocket}: {@link #start()} connects to whoever listens on the path and, if
 * nobody does, listens there itself. Once connected it reads and writes like a TCP socket.
 * <p>
 * Siblings form a bus: every member has an instance id; the listener is the hub that routes
 * broadcasts ({@link #send(byte[])}) to every other member and direct messages
 * ({@link #sendTo(String, byte[])}) to their target. {@link #write(byte[])} and {@link #flush()}
 * build one message from pieces. Received messages are published as {@link IpcDataEvent}s and,
 * when the receive buffer is enabled (it is off by default), kept for {@link #read(int)} and
 * {@link #receive(Duration)}; with it off those fail with {@link IpcError#INVALID_STATE_ERROR}.
 * When the listener goes away, the remaining members elect a new one by themselves.
 * <p>
 * Failures throw {@link IpcException} and are remembered in {@link #lastErrorCode()}.
 */
public interface IPCSocket extends AutoCloseable {

	/**
	 * Return the socket's path.
	 * @return the path
	 */
	Path path();

	/**
	 * Run the connect-or-listen handshake according to the configured {@link IpcMode}.
	 * @return the role taken
	 * @throws IpcException if no role could be taken
	 */
	IpcRole start();

	/**
	 * Connect to the sibling listening on the path.
	 * @throws IpcException with {@link IpcError#NAME_RESOLUTION_ERROR} if nobody listens
	 */
	void connect();

	/**
	 * Listen on the path.
	 * @throws IpcException with {@link IpcError#ADDRESS_IN_USE_ERROR} if somebody listens
	 */
	void listen();

	/**
	 * Return this member's id on the bus.
	 * @return the instance id
	 */
	String instanceId();

	/**
	 * Return the role, once decided.
	 * @return the role, or {@code null} before the handshake or after close
	 */
	@Nullable IpcRole role();

	/**
	 * Whether this member can reach another: a client connected to its listener, or a listener
	 * with at least one client.
	 * @return {@code true} if messages can be sent
	 */
	boolean isConnected();

	/**
	 * Return the other members of the bus (the listener included, for a client).
	 * @return a snapshot of the members
	 */
	List<IpcPeer> peers();

	/**
	 * Return the last error, like the classic {@code LastErrorCode}.
	 * @return the classic code of the last error, or 0 if none occurred
	 */
	int lastErrorCode();

	/**
	 * Return the socket's counters: messages and bytes, connections, errors, pending events.
	 * @return a snapshot
	 */
	IpcStatistics statistics();

	/**
	 * Register a listener for this socket's events; register before {@link #start()} to see all.
	 * @param listener the listener
	 */
	void addListener(IpcEventListener listener);

	/**
	 * Send one message to every other member. With no other member (the first instance, before
	 * any sibling came) the message reaches nobody and nothing is lost: that is not an error.
	 * {@link #broadcast(String, byte[])} tells how many members it was sent to.
	 * @param payload the message
	 * @throws IpcException {@link IpcError#INVALID_STATE_ERROR} if the socket is not started or
	 * closed, {@link IpcError#OUT_OF_MEMORY_ERROR} if the message is larger than the maximum
	 */
	void send(byte[] payload);

	/**
	 * Send one typed message to every other member, as {@link #send(byte[])} does, and tell how
	 * many it was sent to.
	 * @param type the payload type, such as a class name; {@code ""} for raw bytes
	 * @param payload the message
	 * @return how many members of this host it was sent to, as known when it was sent (for a
	 * client: the listener, which relays it to the others, and those others); 0 when there is no
	 * other member, in which case nothing was sent. Members of other hosts reached through an
	 * uplink are not counted.
	 * @throws IpcException as {@link #send(byte[])}
	 */
	int broadcast(String type, byte[] payload);

	/**
	 * Send one UTF-8 text message to every connected peer.
	 * @param text the message
	 */
	void send(String text);

	/**
	 * Send one message to one member. Unlike a broadcast, a message to a member that is not
	 * there is an error.
	 * @param instanceId the member's instance id
	 * @param payload the message
	 * @throws IpcException {@link IpcError#NAME_RESOLUTION_ERROR} if no member has that id
	 */
	void sendTo(String instanceId, byte[] payload);

	/**
	 * Send one typed message, to one member or to all.
	 * @param target the member's instance id, or {@code null} for every member
	 * @param type the payload type, such as a class name; {@code ""} for raw bytes
	 * @param payload the message
	 */
	void send(@Nullable String target, String type, byte[] payload);

	/**
	 * Send a request to one member and wait for its reply.
	 * @param target the member's instance id
	 * @param type the payload type; {@code ""} for raw bytes
	 * @param payload the request
	 * @param timeout how long to wait for the reply
	 * @return the reply
	 * @throws IpcException {@link IpcError#LOST_CONNECTION} if no reply came in time,
	 * {@link IpcError#INVALID_STATE_ERROR} if the member answered with an error (no listener takes
	 * the request, its type is not trusted there, the handler failed)
	 */
	IpcMessage request(String target, String type, byte[] payload, Duration timeout);

	/**
	 * Send a request to one member and return at once; the reply completes the future. No thread
	 * waits meanwhile, and the request is forgotten as soon as the future completes.
	 * @param target the member's instance id
	 * @param type the payload type; {@code ""} for raw bytes
	 * @param payload the request
	 * @param timeout how long to wait for the reply
	 * @return the reply; it completes exceptionally with an {@link IpcException}:
	 * {@link IpcError#LOST_CONNECTION} if no reply came in time or the member went away,
	 * {@link IpcError#INVALID_STATE_ERROR} if the member answered with an error (no listener takes
	 * the request, its type is not trusted there, the handler failed) or the socket closed first
	 * @throws IpcException if the request cannot be sent at all (no such member, too large, not started)
	 */
	CompletableFuture<IpcMessage> requestAsync(String target, String type, byte[] payload, Duration timeout);

	/**
	 * Wait for the next message in the receive buffer.
	 * @param timeout how long to wait
	 * @return the message, or {@code null} if none arrived in time
	 * @throws IpcException {@link IpcError#INVALID_STATE_ERROR} if the receive buffer is off
	 */
	@Nullable IpcMessage receive(Duration timeout);

	/**
	 * Append bytes to the message being built; {@link #flush()} sends it.
	 * @param bytes the bytes
	 */
	void write(byte[] bytes);

	/**
	 * Send the bytes written since the last flush as one message, if any.
	 */
	void flush();

	/**
	 * Return how many written bytes have not been sent yet.
	 * @return the count
	 */
	int bytesLeftToSend();

	/**
	 * Return how many received bytes can be read.
	 * @return the count
	 */
	int bytesAvailable();

	/**
	 * Read and remove up to {@code count} received bytes, across message boundaries.
	 * @param count the most bytes to read
	 * @return the bytes, possibly empty
	 */
	byte[] read(int count);

	/**
	 * Read and remove every received byte.
	 * @return the bytes, possibly empty
	 */
	byte[] readAll();

	/**
	 * Return every received byte without removing it.
	 * @return the bytes, possibly empty
	 */
	byte[] lookahead();

	/**
	 * Whether nothing is left to read and no more can arrive.
	 * @return {@code true} at end of stream
	 */
	boolean eof();

	/**
	 * Leave the bus: say goodbye, close every connection, stop listening and remove the socket
	 * file if it is still ours. A later {@link #start()}, {@link #connect()} or {@link #listen()}
	 * joins the bus again, with new threads and the same listeners, instance id and counters.
	 */
	@Override
	void close();

}
