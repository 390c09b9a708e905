package dev.ipcsocket.uplink;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

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
	 * Which message to give up on when the buffer is full.
	 */
	public enum Overflow {

		/** Keep the buffered messages; report the new one. */
		REJECT_NEW,

		/** Report the oldest buffered message and keep the new one. */
		DROP_OLDEST

	}

}
