package dev.ipcsocket;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link IPCSocket}. Start from {@link #of(Path)} and change what differs.
 *
 * @param path the socket's filesystem path
 * @param mode how the socket takes its role at start
 * @param connectTimeout how long the handshake may take before it gives up
 * @param maxMessageSize largest message accepted or sent, in bytes
 * @param receiveBufferCapacity messages kept for {@link IPCSocket#read(int)} and
 * {@link IPCSocket#receive(Duration)}; 0 keeps none (events only)
 * @param dispatchQueueCapacity events waiting for listeners before readers wait
 * @param relay whether a listener forwards each client's message to the other clients
 */
public record IpcSocketSettings(Path path, IpcMode mode, Duration connectTimeout, int maxMessageSize,
		int receiveBufferCapacity, int dispatchQueueCapacity, boolean relay) {

	/** Default largest message: 1 MiB. */
	public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

	/** Default handshake deadline. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Default number of messages kept for the pull API. */
	public static final int DEFAULT_RECEIVE_BUFFER_CAPACITY = 1024;

	/** Default number of events queued for listeners. */
	public static final int DEFAULT_DISPATCH_QUEUE_CAPACITY = 1024;

	public IpcSocketSettings {
		Objects.requireNonNull(path, "path must not be null");
		Objects.requireNonNull(mode, "mode must not be null");
		Objects.requireNonNull(connectTimeout, "connectTimeout must not be null");
		require(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout must be positive");
		require(maxMessageSize > 0, "maxMessageSize must be positive");
		require(receiveBufferCapacity >= 0, "receiveBufferCapacity must not be negative");
		require(dispatchQueueCapacity > 0, "dispatchQueueCapacity must be positive");
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

	/**
	 * Return the defaults for a path: connect-or-listen, 5 s handshake, 1 MiB messages, relaying.
	 * @param path the socket's path
	 * @return the settings
	 */
	public static IpcSocketSettings of(Path path) {
		return new IpcSocketSettings(path, IpcMode.AUTO, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_MESSAGE_SIZE,
				DEFAULT_RECEIVE_BUFFER_CAPACITY, DEFAULT_DISPATCH_QUEUE_CAPACITY, true);
	}

	public IpcSocketSettings withMode(IpcMode mode) {
		return new IpcSocketSettings(this.path, mode, this.connectTimeout, this.maxMessageSize,
				this.receiveBufferCapacity, this.dispatchQueueCapacity, this.relay);
	}

	public IpcSocketSettings withConnectTimeout(Duration connectTimeout) {
		return new IpcSocketSettings(this.path, this.mode, connectTimeout, this.maxMessageSize,
				this.receiveBufferCapacity, this.dispatchQueueCapacity, this.relay);
	}

	public IpcSocketSettings withMaxMessageSize(int maxMessageSize) {
		return new IpcSocketSettings(this.path, this.mode, this.connectTimeout, maxMessageSize,
				this.receiveBufferCapacity, this.dispatchQueueCapacity, this.relay);
	}

	public IpcSocketSettings withReceiveBufferCapacity(int receiveBufferCapacity) {
		return new IpcSocketSettings(this.path, this.mode, this.connectTimeout, this.maxMessageSize,
				receiveBufferCapacity, this.dispatchQueueCapacity, this.relay);
	}

	public IpcSocketSettings withDispatchQueueCapacity(int dispatchQueueCapacity) {
		return new IpcSocketSettings(this.path, this.mode, this.connectTimeout, this.maxMessageSize,
				this.receiveBufferCapacity, dispatchQueueCapacity, this.relay);
	}

	public IpcSocketSettings withRelay(boolean relay) {
		return new IpcSocketSettings(this.path, this.mode, this.connectTimeout, this.maxMessageSize,
				this.receiveBufferCapacity, this.dispatchQueueCapacity, relay);
	}

}
