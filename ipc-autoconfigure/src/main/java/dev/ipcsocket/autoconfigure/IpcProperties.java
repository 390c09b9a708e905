package dev.ipcsocket.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

import dev.ipcsocket.IpcMode;
import dev.ipcsocket.IpcSocketSettings;

/**
 * Configuration properties for the IPC socket.
 */
@ConfigurationProperties("ipc")
public class IpcProperties {

	private static final long MAX_FRAME_BYTES = 2047L * 1024 * 1024;

	/**
	 * Whether to auto-configure the IPC socket when ipc.path is set.
	 */
	private boolean enabled = true;

	/**
	 * Filesystem path of the socket, at most 107 bytes. Its directory is created with mode 0700
	 * if missing and must not be writable by other users unless it is sticky (as /tmp is).
	 */
	private @Nullable Path path;

	/**
	 * How the socket takes its role at start-up: connect to a listener or listen (auto), only
	 * connect, or only listen.
	 */
	private IpcMode mode = IpcMode.AUTO;

	/**
	 * Maximum time the connect-or-listen handshake may take.
	 */
	private Duration connectTimeout = IpcSocketSettings.DEFAULT_CONNECT_TIMEOUT;

	/**
	 * Largest message sent or accepted. A larger incoming frame closes that connection.
	 */
	private DataSize maxMessageSize = DataSize.ofBytes(IpcSocketSettings.DEFAULT_MAX_MESSAGE_SIZE);

	/**
	 * Whether the listener forwards each client's message to the other clients, so that every
	 * sibling reaches every other.
	 */
	private boolean relay = true;

	/**
	 * Number of received messages kept for IPCSocket's read and receive methods. 0 keeps none:
	 * messages then reach the application only as events and on the inbound channel.
	 */
	private int receiveBufferCapacity;

	/**
	 * Number of events waiting for listeners before the socket stops reading from its peers.
	 */
	private int dispatchQueueCapacity = IpcSocketSettings.DEFAULT_DISPATCH_QUEUE_CAPACITY;

	/**
	 * Application the socket belongs to; siblings of another application are refused. Defaults
	 * to spring.application.name.
	 */
	private @Nullable String applicationId;

	/**
	 * Id of this instance on the bus, unique among the siblings. Defaults to the application id
	 * and the process id.
	 */
	private @Nullable String instanceId;

	/**
	 * Number of messages kept while no listener is reachable (during a re-election); sending
	 * more fails.
	 */
	private int outageBufferCapacity = IpcSocketSettings.DEFAULT_OUTAGE_BUFFER_CAPACITY;

	/**
	 * Packages whose types may be turned from JSON into objects when a sibling sends them; a
	 * type from any other package stays raw bytes and raises an error event. Nothing is trusted
	 * by default; "*" trusts every package.
	 */
	private List<String> trustedPackages = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Path getPath() {
		return this.path;
	}

	public void setPath(@Nullable Path path) {
		this.path = path;
	}

	public IpcMode getMode() {
		return this.mode;
	}

	public void setMode(IpcMode mode) {
		this.mode = mode;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public boolean isRelay() {
		return this.relay;
	}

	public void setRelay(boolean relay) {
		this.relay = relay;
	}

	public int getReceiveBufferCapacity() {
		return this.receiveBufferCapacity;
	}

	public void setReceiveBufferCapacity(int receiveBufferCapacity) {
		this.receiveBufferCapacity = receiveBufferCapacity;
	}

	public @Nullable String getApplicationId() {
		return this.applicationId;
	}

	public void setApplicationId(@Nullable String applicationId) {
		this.applicationId = applicationId;
	}

	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

	public int getOutageBufferCapacity() {
		return this.outageBufferCapacity;
	}

	public void setOutageBufferCapacity(int outageBufferCapacity) {
		this.outageBufferCapacity = outageBufferCapacity;
	}

	public List<String> getTrustedPackages() {
		return this.trustedPackages;
	}

	public void setTrustedPackages(List<String> trustedPackages) {
		this.trustedPackages = trustedPackages;
	}

	public int getDispatchQueueCapacity() {
		return this.dispatchQueueCapacity;
	}

	public void setDispatchQueueCapacity(int dispatchQueueCapacity) {
		this.dispatchQueueCapacity = dispatchQueueCapacity;
	}

	/**
	 * Create the socket settings these properties describe.
	 * @param defaultApplicationId the application id to use when none is set
	 * @return the settings
	 * @throws IllegalStateException naming the property at fault
	 */
	IpcSocketSettings toSettings(String defaultApplicationId) {
		Path configuredPath = this.path;
		require(configuredPath != null, "ipc.path must be set");
		long maxBytes = this.maxMessageSize.toBytes();
		require(maxBytes > 0 && maxBytes <= MAX_FRAME_BYTES,
				"ipc.max-message-size must be between 1B and 2047MB, not " + this.maxMessageSize);
		require(!this.connectTimeout.isNegative() && !this.connectTimeout.isZero(), "ipc.connect-timeout must be positive, not " + this.connectTimeout);
		require(this.receiveBufferCapacity >= 0,
				"ipc.receive-buffer-capacity must not be negative, not " + this.receiveBufferCapacity);
		require(this.dispatchQueueCapacity > 0,
				"ipc.dispatch-queue-capacity must be positive, not " + this.dispatchQueueCapacity);
		require(this.outageBufferCapacity >= 0,
				"ipc.outage-buffer-capacity must not be negative, not " + this.outageBufferCapacity);
		String application = StringUtils.hasText(this.applicationId) ? this.applicationId : defaultApplicationId;
		String instance = StringUtils.hasText(this.instanceId) ? this.instanceId
				: IpcSocketSettings.defaultInstanceId(application);
		return new IpcSocketSettings(configuredPath, this.mode, this.connectTimeout, (int) maxBytes,
				this.receiveBufferCapacity, this.dispatchQueueCapacity, this.relay, application, instance,
				this.outageBufferCapacity);
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalStateException(message);
		}
	}

}
