package dev.ipcsocket.autoconfigure;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

import dev.ipcsocket.IpcListenerThread;
import dev.ipcsocket.IpcMemberIds;
import dev.ipcsocket.IpcMode;
import dev.ipcsocket.IpcSocketSettings;

/**
 * Configuration properties for the IPC socket.
 * <p>
 * One field per property, each with the Javadoc that becomes the IDE's help text, and their
 * accessors: about 460 lines; the checks of their values are in {@code PropertyChecks}.
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
	 * if missing, must belong to this user or root, and must not be writable by other users
	 * unless it is sticky (as /tmp is).
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
	 * Whether a non-daemon thread keeps the JVM alive while the socket is open, as message
	 * listener containers do; the socket's own threads are daemons.
	 */
	private boolean keepAlive = true;

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
	 * Total payload size of the events waiting for listeners before the socket stops reading
	 * from its peers. One larger message is let through when nothing else waits.
	 */
	private DataSize dispatchQueueSize = DataSize.ofMegabytes(4);

	/**
	 * Thread that runs the event listeners: the I/O thread that received the message whenever
	 * no other event waits (no thread hand-off; a listener that waits or runs long lets another
	 * thread read on), or the socket's dispatch thread (one hand-off per message; listeners
	 * never hold up reading).
	 */
	private IpcListenerThread listenerThread = IpcListenerThread.IO;

	/**
	 * Application the socket belongs to; siblings of another application are refused. 1 to 64
	 * characters of A-Z, a-z, 0-9, '.', '_' and '-'. Defaults to spring.application.name, with
	 * any other character replaced by '-'.
	 */
	private @Nullable String applicationId;

	/**
	 * Id of this instance on the bus, unique among the siblings. 1 to 64 characters of A-Z, a-z,
	 * 0-9, '.', '_' and '-'. Defaults to the application id, the host name, the process id and four
	 * random hex digits, which tell apart siblings in containers too.
	 */
	private @Nullable String instanceId;

	/**
	 * Number of messages kept while no listener is reachable (during a re-election), and of the
	 * copies a client keeps of the messages its listener has not yet confirmed as passed on, to
	 * send them again if the listener dies. Sending more waits for confirmations (up to the send
	 * timeout) or, during a re-election, fails. 0 keeps neither.
	 */
	private int outageBufferCapacity = IpcSocketSettings.DEFAULT_OUTAGE_BUFFER_CAPACITY;

	/**
	 * Payload bytes of the messages kept while no listener is reachable and of the copies kept
	 * until the listener confirms them; one larger message is let in when nothing else is kept.
	 */
	private DataSize outageBufferSize = DataSize.ofMegabytes(16);

	/**
	 * Packages whose types may be turned from JSON into objects when a sibling sends them; a
	 * type from any other package stays raw bytes and raises an error event (and a request of it
	 * gets an error reply). Nothing is trusted by default; "*" trusts every package but the JDK's
	 * (its value types such as String, the boxed primitives and java.time aside), JNDI, scripting,
	 * reflection and known gadget packages, which are trusted only when named, and is warned about
	 * at start-up.
	 */
	private List<String> trustedPackages = new ArrayList<>();

	/**
	 * Type aliases: alias to class, e.g. ipc.type-mappings.order-placed=com.example.OrderPlaced.
	 * A mapped class goes out under its alias, and an alias that arrives is read as the class
	 * mapped to it here (trusted, being named outright), so siblings need not share class names.
	 * An alias is 1 to 64 characters of A-Z a-z 0-9 _ - (no dot); an alias that arrives unmapped
	 * raises an error event naming it. Class names are still accepted from trusted packages.
	 */
	private Map<String, Class<?>> typeMappings = new LinkedHashMap<>();

	/**
	 * User ids, besides this process's own, that may join as clients and that a client accepts
	 * as the listener. Numbers as "id -u" prints them; the kernel's peer credentials are
	 * checked, never names.
	 */
	private List<Long> allowedUids = new ArrayList<>();

	/**
	 * Group ids whose processes may join as clients and that a client accepts as the listener,
	 * matched against the peer's effective group id (the only one the kernel reports).
	 */
	private List<Long> allowedGids = new ArrayList<>();

	/**
	 * Mode of the socket file, in octal ("0660") or as in "ls -l" ("rw-rw----"). The owner must
	 * be able to read and write it; execute bits are refused. Connecting needs write permission,
	 * so a mode wider than 0600 lets other users try, and the peer credential check decides.
	 */
	private String permissions = "0600";

	/**
	 * Number of connections the listener keeps open at once, those still in their handshake
	 * included. A connection over it gets a Refuse frame and is closed at accept.
	 */
	private int maxConnections = IpcSocketSettings.DEFAULT_MAX_CONNECTIONS;

	/**
	 * Longest time one frame may take to cross the socket: a write the peer has not read for
	 * longer, or a frame that stalls half received for longer, closes that one connection.
	 */
	private Duration sendTimeout = IpcSocketSettings.DEFAULT_SEND_TIMEOUT;

	/**
	 * Whether only one instance of the application runs per ipc.path: a second start hands
	 * its arguments and working directory to the running one (an IpcSecondInstanceEvent there)
	 * and exits with status 0 before its context starts.
	 */
	private boolean singleInstance;

	public boolean isSingleInstance() {
		return this.singleInstance;
	}

	public void setSingleInstance(boolean singleInstance) {
		this.singleInstance = singleInstance;
	}

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

	public boolean isKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(boolean keepAlive) {
		this.keepAlive = keepAlive;
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

	public DataSize getOutageBufferSize() {
		return this.outageBufferSize;
	}

	public void setOutageBufferSize(DataSize outageBufferSize) {
		this.outageBufferSize = outageBufferSize;
	}

	public Map<String, Class<?>> getTypeMappings() {
		return this.typeMappings;
	}

	public void setTypeMappings(Map<String, Class<?>> typeMappings) {
		this.typeMappings = typeMappings;
	}

	public List<String> getTrustedPackages() {
		return this.trustedPackages;
	}

	public void setTrustedPackages(List<String> trustedPackages) {
		this.trustedPackages = trustedPackages;
	}

	public List<Long> getAllowedUids() {
		return this.allowedUids;
	}

	public void setAllowedUids(List<Long> allowedUids) {
		this.allowedUids = allowedUids;
	}

	public List<Long> getAllowedGids() {
		return this.allowedGids;
	}

	public void setAllowedGids(List<Long> allowedGids) {
		this.allowedGids = allowedGids;
	}

	public String getPermissions() {
		return this.permissions;
	}

	public void setPermissions(String permissions) {
		this.permissions = permissions;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	public void setSendTimeout(Duration sendTimeout) {
		this.sendTimeout = sendTimeout;
	}

	public int getDispatchQueueCapacity() {
		return this.dispatchQueueCapacity;
	}

	public void setDispatchQueueCapacity(int dispatchQueueCapacity) {
		this.dispatchQueueCapacity = dispatchQueueCapacity;
	}

	public DataSize getDispatchQueueSize() {
		return this.dispatchQueueSize;
	}

	public void setDispatchQueueSize(DataSize dispatchQueueSize) {
		this.dispatchQueueSize = dispatchQueueSize;
	}

	public IpcListenerThread getListenerThread() {
		return this.listenerThread;
	}

	public void setListenerThread(IpcListenerThread listenerThread) {
		this.listenerThread = listenerThread;
	}

	/**
	 * Create the socket settings these properties describe.
	 * @param defaultApplicationId the application id to use when none is set
	 * @return the settings
	 * @throws InvalidConfigurationPropertyValueException naming the property at fault
	 */
	IpcSocketSettings toSettings(String defaultApplicationId) {
		return toSettings(defaultApplicationId, (name) -> null);
	}

	/**
	 * Create the socket settings these properties describe, reporting an invalid value as it
	 * was written.
	 * @param defaultApplicationId the application id to use when none is set, from
	 * spring.application.name
	 * @param writtenValues the text of a property as the user wrote it, {@code null} when it is
	 * not known (the bound value is reported then)
	 * @return the settings
	 * @throws InvalidConfigurationPropertyValueException naming the property at fault
	 */
	IpcSocketSettings toSettings(String defaultApplicationId, Function<String, @Nullable String> writtenValues) {
		PropertyChecks check = new PropertyChecks(writtenValues);
		Path configuredPath = this.path;
		check.require(configuredPath != null && !configuredPath.toString().isEmpty(), "ipc.path", configuredPath,
				"the socket needs a filesystem path, such as /run/user/1000/app.sock");
		long maxBytes = this.maxMessageSize.toBytes();
		check.require(maxBytes > 0 && maxBytes <= MAX_FRAME_BYTES, "ipc.max-message-size", this.maxMessageSize,
				"must be between 1B and 2047MB");
		check.require(isPositive(this.connectTimeout), "ipc.connect-timeout", this.connectTimeout,
				"must be positive");
		check.require(this.receiveBufferCapacity >= 0, "ipc.receive-buffer-capacity", this.receiveBufferCapacity,
				"must not be negative (0 keeps no messages for the pull API)");
		check.require(this.dispatchQueueCapacity > 0, "ipc.dispatch-queue-capacity", this.dispatchQueueCapacity,
				"must be positive");
		check.require(this.dispatchQueueSize.toBytes() > 0, "ipc.dispatch-queue-size", this.dispatchQueueSize,
				"must be positive");
		check.require(this.outageBufferCapacity >= 0, "ipc.outage-buffer-capacity", this.outageBufferCapacity,
				"must not be negative (0 keeps nothing during a re-election)");
		check.require(this.outageBufferSize.toBytes() > 0, "ipc.outage-buffer-size", this.outageBufferSize,
				"must be positive");
		check.require(this.allowedUids.stream().allMatch((uid) -> uid >= 0), "ipc.allowed-uids", this.allowedUids,
				"must not be negative");
		check.require(this.allowedGids.stream().allMatch((gid) -> gid >= 0), "ipc.allowed-gids", this.allowedGids,
				"must not be negative");
		check.require(this.maxConnections > 0, "ipc.max-connections", this.maxConnections, "must be positive");
		check.require(isPositive(this.sendTimeout), "ipc.send-timeout", this.sendTimeout, "must be positive");
		// spring.application.name may hold anything; an id only A-Z a-z 0-9 . _ -
		String application = StringUtils.hasText(this.applicationId) ? this.applicationId
				: IpcMemberIds.toValidId(defaultApplicationId, IpcMemberIds.MAX_LENGTH);
		check.validId("ipc.application-id", application);
		String instance = StringUtils.hasText(this.instanceId) ? this.instanceId
				: IpcSocketSettings.defaultInstanceId(application);
		check.validId("ipc.instance-id", instance);
		Set<PosixFilePermission> permissions = check.socketPermissions(this.permissions);
		IpcSocketSettings.Builder builder = IpcSocketSettings.builder(configuredPath);
		PropertyMapper map = PropertyMapper.get();
		map.from(this::getMode).to(builder::mode);
		map.from(this::getConnectTimeout).to(builder::connectTimeout);
		map.from(this::getMaxMessageSize).asInt(DataSize::toBytes).to(builder::maxMessageSize);
		map.from(this::getReceiveBufferCapacity).to(builder::receiveBufferCapacity);
		map.from(this::getDispatchQueueCapacity).to(builder::dispatchQueueCapacity);
		map.from(this::isRelay).to(builder::relay);
		map.from(application).to(builder::applicationId);
		map.from(instance).to(builder::instanceId);
		map.from(this::getOutageBufferCapacity).to(builder::outageBufferCapacity);
		map.from(this::getOutageBufferSize).as(DataSize::toBytes).to(builder::outageBufferBytes);
		map.from(this::getAllowedUids).as(Set::copyOf).to(builder::allowedUids);
		map.from(this::getAllowedGids).as(Set::copyOf).to(builder::allowedGids);
		map.from(permissions).to(builder::permissions);
		map.from(this::getMaxConnections).to(builder::maxConnections);
		map.from(this::getSendTimeout).to(builder::sendTimeout);
		map.from(this::getDispatchQueueSize).as(DataSize::toBytes).to(builder::dispatchQueueBytes);
		map.from(this::getListenerThread).to(builder::listenerThread);
		return builder.build();
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	/**
	 * Read a file mode, octal or symbolic, that lets the owner read and write and executes nothing.
	 * @param mode the configured mode
	 * @return the permissions
	 * @throws InvalidConfigurationPropertyValueException naming ipc.permissions
	 */
	static Set<PosixFilePermission> socketPermissions(String mode) {
		return new PropertyChecks((name) -> null).socketPermissions(mode);
	}

}
