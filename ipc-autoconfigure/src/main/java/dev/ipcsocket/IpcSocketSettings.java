package dev.ipcsocket;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Settings of an {@link IPCSocket}. Start from {@link #of(Path)}, or from {@link #builder(Path)} to
 * change what differs.
 *
 * @param path the socket's filesystem path
 * @param mode how the socket takes its role at start
 * @param connectTimeout how long the handshake may take before it gives up; also how long a re-election may take before messages waiting for it are reported undelivered
 * @param maxMessageSize largest message accepted or sent, in bytes
 * @param receiveBufferCapacity messages kept for {@link IPCSocket#read(int)} and {@link IPCSocket#receive(Duration)}; 0 (the default) keeps none: events only, and the pull API fails with {@link IpcError#INVALID_STATE_ERROR}
 * @param dispatchQueueCapacity events waiting for listeners before readers wait
 * @param relay whether the listener forwards each client's broadcast to the other clients
 * @param applicationId the application the socket belongs to; members of another application are refused; 1 to 64 characters of {@code A-Z a-z 0-9 . _ -} ({@link IpcMemberIds})
 * @param instanceId the socket's id on the bus, unique among its members; 1 to 64 characters of {@code A-Z a-z 0-9 . _ -} ({@link IpcMemberIds})
 * @param outageBufferCapacity messages kept while no listener is reachable (during a re-election), and copies of the messages a client sent that its listener has not yet confirmed as passed on; 0 keeps neither
 * @param allowedUids user ids besides our own that may join (as clients) or listen (for a client)
 * @param allowedGids group ids whose processes may join or listen, matched against the peer's effective group id
 * @param permissions mode of the socket file: owner read and write at least, no execute bits
 * @param maxConnections connections the listener keeps open at once, handshakes included; more are refused at accept
 * @param sendTimeout longest time one frame may take to cross the socket: a write blocked longer (the peer does not read) or a frame left half received longer closes that connection
 * @param dispatchQueueBytes payload bytes of the events waiting for listeners before readers wait (one larger message is let in when nothing else waits)
 * @param listenerThread which thread runs the listeners: the dispatch thread, or the reader thread that received the message
 * @param outageBufferBytes payload bytes of the messages kept while no listener is reachable, and of the copies kept until the listener confirms them (one larger message is let in when nothing else is kept)
 */
public record IpcSocketSettings(Path path, IpcMode mode, Duration connectTimeout, int maxMessageSize, int receiveBufferCapacity, int dispatchQueueCapacity, boolean relay, String applicationId, String instanceId, int outageBufferCapacity, Set<Long> allowedUids, Set<Long> allowedGids, Set<PosixFilePermission> permissions, int maxConnections, Duration sendTimeout, long dispatchQueueBytes, IpcListenerThread listenerThread, long outageBufferBytes) {

	/** Default largest message: 1 MiB. */
	public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

	/** Default handshake deadline. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Default number of messages kept for the pull API: none, so that a socket read only through
	 * listeners never stops reading because nobody drains a buffer.
	 */
	public static final int DEFAULT_RECEIVE_BUFFER_CAPACITY = 0;

	/** Default number of events queued for listeners. */
	public static final int DEFAULT_DISPATCH_QUEUE_CAPACITY = 1024;

	/** Default payload bytes of the events waiting for listeners: 4 MiB. */
	public static final long DEFAULT_DISPATCH_QUEUE_BYTES = 4L * 1024 * 1024;

	/** Default number of messages kept during a re-election. */
	public static final int DEFAULT_OUTAGE_BUFFER_CAPACITY = 1024;

	/** Default payload bytes of the messages kept during a re-election: 16 MiB. */
	public static final long DEFAULT_OUTAGE_BUFFER_BYTES = 16L * 1024 * 1024;

	/** Default socket file mode: owner read and write only. */
	public static final Set<PosixFilePermission> DEFAULT_PERMISSIONS = Set
		.copyOf(PosixFilePermissions.fromString("rw-------"));

	/** Default cap on the listener's open connections. */
	public static final int DEFAULT_MAX_CONNECTIONS = 64;

	/** Default longest time for one frame to cross the socket. */
	public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(5);

	private static final Set<PosixFilePermission> EXECUTE = Set.of(PosixFilePermission.OWNER_EXECUTE,
			PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);

	/** Default application id. */
	public static final String DEFAULT_APPLICATION_ID = "application";

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
		requireValidId("applicationId", applicationId);
		requireValidId("instanceId", instanceId);
		allowedUids = Set.copyOf(Objects.requireNonNull(allowedUids, "allowedUids must not be null"));
		allowedGids = Set.copyOf(Objects.requireNonNull(allowedGids, "allowedGids must not be null"));
		permissions = Set.copyOf(Objects.requireNonNull(permissions, "permissions must not be null"));
		Objects.requireNonNull(sendTimeout, "sendTimeout must not be null");
		require(allowedUids.stream().allMatch((uid) -> uid >= 0), "allowedUids must not be negative");
		require(allowedGids.stream().allMatch((gid) -> gid >= 0), "allowedGids must not be negative");
		require(permissions.contains(PosixFilePermission.OWNER_READ)
				&& permissions.contains(PosixFilePermission.OWNER_WRITE),
				"permissions must let the owner read and write the socket");
		require(permissions.stream().noneMatch(EXECUTE::contains), "permissions must have no execute bit");
		require(maxConnections > 0, "maxConnections must be positive");
		require(!sendTimeout.isNegative() && !sendTimeout.isZero(), "sendTimeout must be positive");
		require(dispatchQueueBytes > 0, "dispatchQueueBytes must be positive");
		require(outageBufferBytes > 0, "outageBufferBytes must be positive");
		Objects.requireNonNull(listenerThread, "listenerThread must not be null");
	}

	private static void requireValidId(String name, String id) {
		String problem = IpcMemberIds.problem(id);
		require(problem == null, () -> name + " '" + IpcPeerText.escape(id) + "' " + problem + "; an id is "
				+ IpcMemberIds.RULE);
	}

	private static void require(boolean condition, Supplier<String> message) {
		if (!condition) {
			throw new IllegalArgumentException(message.get());
		}
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}


	/**
	 * Return the defaults for a path: connect-or-listen, 5 s handshake, 1 MiB messages, no receive
	 * buffer (messages arrive as events; opt in to the pull API with
	 * {@link Builder#receiveBufferCapacity(int)}), relaying,
	 * an instance id made of the application id and the process id, a socket file of mode 0600
	 * that only this user may join, 64 connections, 5 s for a frame to cross, listeners on the
	 * reader thread that received a message when nothing waits for them, otherwise on the
	 * dispatch thread behind a queue of at most 1024 events and 4 MiB. The same as
	 * {@code builder(path).build()}.
	 * @param path the socket's path
	 * @return the settings
	 */
	public static IpcSocketSettings of(Path path) {
		return builder(path).build();
	}

	/**
	 * Return a builder that starts from the defaults {@link #of(Path)} describes.
	 * @param path the socket's path
	 * @return a new builder
	 */
	public static Builder builder(Path path) {
		return new Builder(path);
	}

	/**
	 * Return a builder that starts from these settings, instance id included.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * Return a default instance id, different for every socket whatever isolates its process:
	 * {@code <application>-<host>-<pid>-<4 random hex digits>}, with {@code -<n>} for a further
	 * socket in the same process. The host name tells hosts and containers apart, the process id
	 * the processes of one host, the random part two containers that share a host name and are
	 * both pid 1 (as in one Kubernetes pod). Characters that an id may not hold become {@code -},
	 * and the application id is cut so that the id has at most {@value IpcMemberIds#MAX_LENGTH}
	 * characters.
	 * @param applicationId the application id
	 * @return the id, e.g. {@code orders-build7-4711-3f2a}
	 */
	public static String defaultInstanceId(String applicationId) {
		return DefaultInstanceIds.next(applicationId);
	}

	/**
	 * Builder of {@link IpcSocketSettings}, from {@link IpcSocketSettings#builder(Path)} or
	 * {@link IpcSocketSettings#toBuilder()}. The values are checked when {@link #build()} runs.
	 */
	public static final class Builder {

		private Path path;

		private IpcMode mode = IpcMode.AUTO;

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

		private int receiveBufferCapacity = DEFAULT_RECEIVE_BUFFER_CAPACITY;

		private int dispatchQueueCapacity = DEFAULT_DISPATCH_QUEUE_CAPACITY;

		private boolean relay = true;

		private String applicationId = DEFAULT_APPLICATION_ID;

		/**
		 * The instance id, if {@link #instanceIdSet}; otherwise {@link #build()} draws a default id
		 * (so the process-wide counter only moves for settings that use one).
		 */
		private @Nullable String instanceId;

		/** Whether an instance id was set, {@code null} included (which build() then refuses). */
		private boolean instanceIdSet;

		private int outageBufferCapacity = DEFAULT_OUTAGE_BUFFER_CAPACITY;

		private Set<Long> allowedUids = Set.of();

		private Set<Long> allowedGids = Set.of();

		private Set<PosixFilePermission> permissions = DEFAULT_PERMISSIONS;

		private int maxConnections = DEFAULT_MAX_CONNECTIONS;

		private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;

		private long dispatchQueueBytes = DEFAULT_DISPATCH_QUEUE_BYTES;

		private IpcListenerThread listenerThread = IpcListenerThread.IO;

		private long outageBufferBytes = DEFAULT_OUTAGE_BUFFER_BYTES;

		private Builder(Path path) {
			this.path = path;
		}

		private Builder(IpcSocketSettings settings) {
			this.path = settings.path;
			this.mode = settings.mode;
			this.connectTimeout = settings.connectTimeout;
			this.maxMessageSize = settings.maxMessageSize;
			this.receiveBufferCapacity = settings.receiveBufferCapacity;
			this.dispatchQueueCapacity = settings.dispatchQueueCapacity;
			this.relay = settings.relay;
			this.applicationId = settings.applicationId;
			this.instanceId = settings.instanceId;
			this.instanceIdSet = true;
			this.outageBufferCapacity = settings.outageBufferCapacity;
			this.allowedUids = settings.allowedUids;
			this.allowedGids = settings.allowedGids;
			this.permissions = settings.permissions;
			this.maxConnections = settings.maxConnections;
			this.sendTimeout = settings.sendTimeout;
			this.dispatchQueueBytes = settings.dispatchQueueBytes;
			this.listenerThread = settings.listenerThread;
			this.outageBufferBytes = settings.outageBufferBytes;
		}

		/** Set the socket's filesystem path. */
		public Builder path(Path path) {
			this.path = path;
			return this;
		}

		/** Set how the socket takes its role at start; {@link IpcMode#AUTO} by default. */
		public Builder mode(IpcMode mode) {
			this.mode = mode;
			return this;
		}

		/** Set how long the handshake (and a re-election) may take; 5 s by default. */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		/** Set the largest message accepted or sent, in bytes; 1 MiB by default. */
		public Builder maxMessageSize(int maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
			return this;
		}

		/** Set the number of messages kept for the pull API; 0 (none: events only) by default. */
		public Builder receiveBufferCapacity(int receiveBufferCapacity) {
			this.receiveBufferCapacity = receiveBufferCapacity;
			return this;
		}

		/** Set the number of events waiting for listeners before readers wait; 1024 by default. */
		public Builder dispatchQueueCapacity(int dispatchQueueCapacity) {
			this.dispatchQueueCapacity = dispatchQueueCapacity;
			return this;
		}

		/** Set whether the listener forwards each client's broadcast to the others; true by default. */
		public Builder relay(boolean relay) {
			this.relay = relay;
			return this;
		}

		/** Set the application the socket belongs to; {@code application} by default. */
		public Builder applicationId(String applicationId) {
			this.applicationId = applicationId;
			return this;
		}

		/** Set the socket's id on the bus; without one, each {@link #build()} draws a default id. */
		public Builder instanceId(String instanceId) {
			this.instanceId = instanceId;
			this.instanceIdSet = true;
			return this;
		}

		/** Set the number of messages kept during a re-election; 1024 by default. */
		public Builder outageBufferCapacity(int outageBufferCapacity) {
			this.outageBufferCapacity = outageBufferCapacity;
			return this;
		}

		/** Set the payload bytes of the messages kept during a re-election and until confirmed; 16 MiB by default. */
		public Builder outageBufferBytes(long outageBufferBytes) {
			this.outageBufferBytes = outageBufferBytes;
			return this;
		}

		/** Set the user ids besides our own that may join or listen; none by default. */
		public Builder allowedUids(Set<Long> allowedUids) {
			this.allowedUids = allowedUids;
			return this;
		}

		/** Set the group ids whose processes may join or listen; none by default. */
		public Builder allowedGids(Set<Long> allowedGids) {
			this.allowedGids = allowedGids;
			return this;
		}

		/** Set the mode of the socket file; 0600 (owner read and write) by default. */
		public Builder permissions(Set<PosixFilePermission> permissions) {
			this.permissions = permissions;
			return this;
		}

		/** Set the connections the listener keeps open at once; 64 by default. */
		public Builder maxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
			return this;
		}

		/** Set the longest time one frame may take to cross the socket; 5 s by default. */
		public Builder sendTimeout(Duration sendTimeout) {
			this.sendTimeout = sendTimeout;
			return this;
		}

		/** Set the payload bytes of the events waiting for listeners before readers wait; 4 MiB by default. */
		public Builder dispatchQueueBytes(long dispatchQueueBytes) {
			this.dispatchQueueBytes = dispatchQueueBytes;
			return this;
		}

		/** Set which thread runs the listeners; {@link IpcListenerThread#IO} by default. */
		public Builder listenerThread(IpcListenerThread listenerThread) {
			this.listenerThread = listenerThread;
			return this;
		}

		/**
		 * Build the settings, checked as {@link IpcSocketSettings} checks them. Without an instance
		 * id set, each call draws a new default one.
		 * @return the settings
		 * @throws IllegalArgumentException if a value is out of range
		 * @throws NullPointerException if a value is {@code null}
		 */
		public IpcSocketSettings build() {
			String instanceId = this.instanceIdSet ? this.instanceId : defaultInstanceId(DEFAULT_APPLICATION_ID);
			return new IpcSocketSettings(this.path, this.mode, this.connectTimeout, this.maxMessageSize,
					this.receiveBufferCapacity, this.dispatchQueueCapacity, this.relay, this.applicationId, instanceId,
					this.outageBufferCapacity, this.allowedUids, this.allowedGids, this.permissions,
					this.maxConnections, this.sendTimeout, this.dispatchQueueBytes, this.listenerThread,
					this.outageBufferBytes);
		}

	}

}
