package dev.ipcsocket;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A socket named by a filesystem path that connects sibling processes on one host, after the
 * classic {@code IPCSocket}: {@link #start()} connects to whoever listens on the path and, if
 * nobody does, listens there itself. Once connected it reads and writes like a TCP socket.
 * <p>
 * Messages are framed: {@link #send(byte[])} sends one message, {@link #write(byte[])} and
 * {@link #flush()} build one from pieces. A listener sends to every connected client and, unless
 * relaying is off, forwards each client's message to the other clients, so every member reaches
 * every other. Received messages are published as {@link IpcDataEvent}s and, when the receive
 * buffer is enabled, kept for {@link #read(int)} and {@link #receive(Duration)}.
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
	 * Return the role, once decided.
	 * @return the role, or {@code null} before the handshake or after close
	 */
	@Nullable IpcRole role();

	/**
	 * Whether at least one peer is connected: for a client, the listener.
	 * @return {@code true} if messages can be sent
	 */
	boolean isConnected();

	/**
	 * Return the connected peers: for a client, the listener alone.
	 * @return a snapshot of the peers
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
	 * Send one message to every connected peer.
	 * @param payload the message
	 * @throws IpcException {@link IpcError#INVALID_STATE_ERROR} if no peer is connected,
	 * {@link IpcError#OUT_OF_MEMORY_ERROR} if the message is larger than the maximum
	 */
	void send(byte[] payload);

	/**
	 * Send one UTF-8 text message to every connected peer.
	 * @param text the message
	 */
	void send(String text);

	/**
	 * Wait for the next message in the receive buffer.
	 * @param timeout how long to wait
	 * @return the message, or {@code null} if none arrived in time
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
	 * Close every connection, stop listening and remove the socket file if it is still ours.
	 */
	@Override
	void close();

}
