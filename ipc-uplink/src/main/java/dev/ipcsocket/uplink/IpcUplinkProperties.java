package dev.ipcsocket.uplink;

import java.time.Duration;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.ipcsocket.IpcMemberIds;

/**
 * Configuration properties of the broker uplink, which carries the sibling bus to other hosts.
 */
@ConfigurationProperties("ipc.uplink")
public class IpcUplinkProperties {

	/**
	 * Whether to carry the bus to siblings on other hosts through the Spring Cloud Stream binder
	 * on the classpath.
	 */
	private boolean enabled;

	/**
	 * Id of this host on the broker, shared by every sibling on the host and unique among the
	 * hosts; it names the consumer group that keeps this host's position. Defaults to the host
	 * name. Must not contain ':'.
	 */
	private @Nullable String hostId;

	/**
	 * Broker destination (Kafka topic, RabbitMQ exchange) shared by the hosts. Defaults to
	 * 'ipc-' followed by the application id.
	 */
	private @Nullable String destination;

	/**
	 * Messages for other hosts that may wait for the broker; beyond it the overflow policy
	 * decides which message is reported as undelivered.
	 */
	private int bufferCapacity = 10_000;

	/**
	 * Which message is reported as undelivered (an IpcErrorEvent carrying it) when the buffer
	 * is full.
	 */
	private Overflow overflow = Overflow.REJECT_NEW;

	/**
	 * Broker hops a message may have taken; records that took more are dropped.
	 */
	private int maxHops = 1;

	/**
	 * Recent message ids each member remembers to drop repeats, so that the application sees
	 * each message once although the broker delivers at least once.
	 */
	private int dedupeWindow = 65_536;

	/**
	 * Longest time one send to the broker may take before it counts as failed and is retried.
	 */
	private Duration sendTimeout = Duration.ofSeconds(10);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getHostId() {
		return this.hostId;
	}

	public void setHostId(@Nullable String hostId) {
		this.hostId = hostId;
	}

	public @Nullable String getDestination() {
		return this.destination;
	}

	public void setDestination(@Nullable String destination) {
		this.destination = destination;
	}

	public int getBufferCapacity() {
		return this.bufferCapacity;
	}

	public void setBufferCapacity(int bufferCapacity) {
		this.bufferCapacity = bufferCapacity;
	}

	public Overflow getOverflow() {
		return this.overflow;
	}

	public void setOverflow(Overflow overflow) {
		this.overflow = overflow;
	}

	public int getMaxHops() {
		return this.maxHops;
	}

	public void setMaxHops(int maxHops) {
		this.maxHops = maxHops;
	}

	public int getDedupeWindow() {
		return this.dedupeWindow;
	}

	public void setDedupeWindow(int dedupeWindow) {
		this.dedupeWindow = dedupeWindow;
	}

	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	public void setSendTimeout(Duration sendTimeout) {
		this.sendTimeout = sendTimeout;
	}

	/**
	 * Check the values against what the uplink accepts.
	 * @param hostId the host id in use, set or defaulted to the host name
	 * @param destination the destination in use, set or defaulted
	 * @param writtenValues the text of a property as the user wrote it, {@code null} when it is
	 * not known (the bound value is reported then)
	 * @throws InvalidConfigurationPropertyValueException naming the property at fault
	 */
	void validate(String hostId, String destination, Function<String, @Nullable String> writtenValues) {
		require(!hostId.isBlank() && hostId.indexOf(IpcMemberIds.SEPARATOR) < 0, "ipc.uplink.host-id", hostId,
				"must not be empty nor contain ':', which separates host, application and instance in member ids",
				writtenValues);
		require(!destination.isBlank(), "ipc.uplink.destination", destination, "must not be empty", writtenValues);
		require(this.bufferCapacity >= 1, "ipc.uplink.buffer-capacity", this.bufferCapacity, "must be at least 1",
				writtenValues);
		require(this.maxHops >= 1, "ipc.uplink.max-hops", this.maxHops, "must be at least 1", writtenValues);
		require(this.dedupeWindow >= 1, "ipc.uplink.dedupe-window", this.dedupeWindow, "must be at least 1",
				writtenValues);
		require(!this.sendTimeout.isNegative() && !this.sendTimeout.isZero(), "ipc.uplink.send-timeout",
				this.sendTimeout, "must be positive", writtenValues);
	}

	private static void require(boolean condition, String name, Object value, String reason,
			Function<String, @Nullable String> writtenValues) {
		if (!condition) {
			String written = writtenValues.apply(name);
			throw new InvalidConfigurationPropertyValueException(name, (written != null) ? written : value, reason);
		}
	}

	/**
	 * Which message to give up on when the buffer is full.
	 */
	public enum Overflow {

		/** Keep the buffered messages; report the new one. */
		REJECT_NEW,

		/** Report the oldest buffered message and keep the new one. */
		DROP_OLDEST

	}

}
