package dev.ipcsocket;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Settings of an {@link IPCSocket}. Start from {@link #of(Path)} and change what differs.
 *
 * @param path the socket's filesystem path
 * @param mode how the socket takes its role at start
 * @param connectTimeout how long the handshake may take before it gives up; also how long a re-election may take before messages waiting for it are reported undelivered
 * @param maxMessageSize largest message accepted or sent, in bytes
 * @param receiveBufferCapacity messages kept for {@link IPCSocket#read(int)} and {@link IPCSocket#receive(Duration)}; 0 keeps none (events only)
 * @param dispatchQueueCapacity events waiting for listeners before readers wait
 * @param relay whether the listener forwards each client's broadcast to the other clients
 * @param applicationId the application the socket belongs to; members of another application are refused
 * @param instanceId the socket's id on the bus, unique among its members
 * @param outageBufferCapacity messages kept while no listener is reachable (during a re-election)
 */
public record IpcSocketSettings(Path path, IpcMode mode, Duration connectTimeout, int maxMessageSize, int receiveBufferCapacity, int dispatchQueueCapacity, boolean relay, String applicationId, String instanceId, int outageBufferCapacity) {

	/** Default largest message: 1 MiB. */
	public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

	/** Default handshake deadline. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Default number of messages kept for the pull API. */
	public static final int DEFAULT_RECEIVE_BUFFER_CAPACITY = 1024;

	/** Default number of events queued for listeners. */
	public static final int DEFAULT_DISPATCH_QUEUE_CAPACITY = 1024;

	/** Default number of messages kept during a re-election. */
	public static final int DEFAULT_OUTAGE_BUFFER_CAPACITY = 1024;

	/** Default application id. */
	public static final String DEFAULT_APPLICATION_ID = "application";

	private static final AtomicInteger SOCKETS_IN_THIS_JVM = new AtomicInteger();

	public IpcSocketSettings {
		Objects.requireNonNull(path, "path must not be null");
		Objects.requireNonNull(mode, "mode must not be null");
		Objects.requireNonNull(connectTimeout, "connectTimeout must not be null");
		Objects.requireNonNull(applicationId, "applicationId must not be null");
		Objects.requireNonNull(instanceId, "instanceId must not be null");
		require(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout must be positive");
		require(maxMessageSize > 0, "maxMessageSize must be positive");
		require(receiveBufferCapacity >= 0, "receiveBufferCapacity must not be negative");
		require(dispatchQueueCapacity > 0, "dispatchQueueCapacity must be positive");
		require(outageBufferCapacity >= 0, "outageBufferCapacity must not be negative");
		require(!applicationId.isBlank(), "applicationId must not be blank");
		require(!instanceId.isBlank(), "instanceId must not be blank");
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

	/**
	 * Return the defaults for a path: connect-or-listen, 5 s handshake, 1 MiB messages, relaying,
	 * and an instance id made of the application id and the process id.
	 * @param path the socket's path
	 * @return the settings
	 */
	public static IpcSocketSettings of(Path path) {
		return new IpcSocketSettings(path, IpcMode.AUTO, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_MESSAGE_SIZE,
				DEFAULT_RECEIVE_BUFFER_CAPACITY, DEFAULT_DISPATCH_QUEUE_CAPACITY, true, DEFAULT_APPLICATION_ID,
				defaultInstanceId(DEFAULT_APPLICATION_ID), DEFAULT_OUTAGE_BUFFER_CAPACITY);
	}

	/**
	 * Return a default instance id: the application id and the process id, with a counter for
	 * any further socket in the same process.
	 * @param applicationId the application id
	 * @return the id, e.g. {@code orders-4711}
	 */
	public static String defaultInstanceId(String applicationId) {
		int n = SOCKETS_IN_THIS_JVM.incrementAndGet();
		String id = applicationId + "-" + ProcessHandle.current().pid();
		return (n == 1) ? id : id + "-" + n;
	}

	public IpcSocketSettings withMode(IpcMode mode) {
		return new IpcSocketSettings(this.path, mode, this.connectTimeout, this.maxMessageSize, this.receiveBufferCapacity, this.dispatchQueueCapacity, this.relay, this.applicationId, this.instanceId, this.outageBufferCapacity);
	}

	public IpcSocketSettings withConnectTimeout(Duration connectTimeout) {
		return new IpcSocketSettings(this.path, this.mode, connectTimeout, this.maxMessageSize, this.receiveBufferCapacity, this.dispatchQueueCapacity, this.relay, this.applicationId, this.instanceId, this.outageBufferCapacity);
	}

	public IpcSocketSettings withMaxMessageSize(int maxMessageSize) {
		return new IpcSocketSettings(this.path, this.mode, this.connectTimeout, maxMessageSize, this.receiveBufferCapacity, this.dispatchQueueCapacity, this.relay, this.applicationId, this.instanceId, this.outageBufferCapacity);
	}

	public IpcSocketSettings withReceiveBufferCapacity(int receiveBufferCapacity) {
		return new IpcSocketSettings(this.path, this.mode, this.connectTimeout, this.maxMessageSize, receiveBufferCapacity, this.dispatchQueueCapacity, this.relay, this.applicationId, this.instanceId, this.outageBufferCapacity);
	}

	public IpcSocketSettings withDispatchQueueCapacity(int dispatchQueueCapacity) {
		return new IpcSocketSettings(this.path, this.mode, this.connectTimeout, this.maxMessageSize, this.receiveBufferCapacity, dispatchQueueCapacity, this.relay, this.applicationId, this.instanceId, this.outageBufferCapacity);
	}

	public IpcSocketSettings withRelay(boolean relay) {
		return new IpcSocketSettings(this.path, this.mode, this.connectTimeout, this.maxMessageSize, this.receiveBufferCapacity, this.dispatchQueueCapacity, relay, this.applicationId, this.instanceId, this.outageBufferCapacity);
	}

	public IpcSocketSettings withApplicationId(String applicationId) {
		return new IpcSocketSettings(this.path, this.mode, this.connectTimeout, this.maxMessageSize, this.receiveBufferCapacity, this.dispatchQueueCapacity, this.relay, applicationId, this.instanceId, this.outageBufferCapacity);
	}

	public IpcSocketSettings withInstanceId(String instanceId) {
		return new IpcSocketSettings(this.path, this.mode, this.connectTimeout, this.maxMessageSize, this.receiveBufferCapacity, this.dispatchQueueCapacity, this.relay, this.applicationId, instanceId, this.outageBufferCapacity);
	}

	public IpcSocketSettings withOutageBufferCapacity(int outageBufferCapacity) {
		return new IpcSocketSettings(this.path, this.mode, this.connectTimeout, this.maxMessageSize, this.receiveBufferCapacity, this.dispatchQueueCapacity, this.relay, this.applicationId, this.instanceId, outageBufferCapacity);
	}

}
