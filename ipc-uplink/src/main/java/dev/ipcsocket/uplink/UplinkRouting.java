package dev.ipcsocket.uplink;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcMemberIds;
import dev.ipcsocket.IpcPeerText;
import dev.ipcsocket.bus.BusFrame;
import dev.ipcsocket.bus.BusFrameCodec;
import dev.ipcsocket.bus.MalformedFrameException;

/**
 * Decides what crosses the broker and how: qualifies the ids of messages that leave this host,
 * and sorts the records that arrive into those for this host and those to drop (echoes of our
 * own, records over the hop limit, records of another application or another host). No I/O, no
 * state.
 */
public final class UplinkRouting {

	private final String hostId;

	private final int maxHops;

	/**
	 * Create the routing of one host.
	 * @param hostId the host id
	 * @param maxHops broker hops a record may have taken
	 */
	public UplinkRouting(String hostId, int maxHops) {
		if (hostId.isEmpty() || hostId.indexOf(IpcMemberIds.SEPARATOR) >= 0) {
			throw new IllegalArgumentException("ipc.uplink.host-id must be non-empty and contain no ':', was '"
					+ hostId + "'");
		}
		if (maxHops < 1) {
			throw new IllegalArgumentException("ipc.uplink.max-hops must be at least 1, was " + maxHops);
		}
		this.hostId = hostId;
		this.maxHops = maxHops;
	}

	public String hostId() {
		return this.hostId;
	}

	/**
	 * Decide where a message the hub handed over goes.
	 * @param data the message, its origin a local instance id
	 * @param applicationId the application of this host's bus
	 * @return the decision
	 */
	public Outbound outbound(BusFrame.Data data, String applicationId) {
		if (IpcMemberIds.isQualified(data.origin())) {
			return new Outbound(OutboundRoute.UNDELIVERABLE, data,
					"its origin '" + IpcPeerText.escape(data.origin()) + "' is not a member of this host");
		}
		String origin = IpcMemberIds.qualify(this.hostId, applicationId, data.origin());
		String target = data.target();
		if (IpcMemberIds.isQualified(target)) {
			String targetHost;
			String targetApplication;
			String targetInstance;
			try {
				targetHost = IpcMemberIds.hostOf(target);
				targetApplication = IpcMemberIds.applicationOf(target);
				targetInstance = IpcMemberIds.instanceOf(target);
			}
			catch (IllegalArgumentException ex) {
				return new Outbound(OutboundRoute.UNDELIVERABLE, data, ex.getMessage());
			}
			if (targetHost.equals(this.hostId)) {
				if (!targetApplication.equals(applicationId)) {
					return new Outbound(OutboundRoute.UNDELIVERABLE, data, "'" + IpcPeerText.escape(target)
							+ "' is an application of this host that this bus ('" + applicationId + "') does not reach");
				}
				return new Outbound(OutboundRoute.LOCAL, withIds(data, origin, targetInstance), null);
			}
		}
		else if (!target.isEmpty()) {
			return new Outbound(OutboundRoute.UNDELIVERABLE, data,
					"'" + IpcPeerText.escape(target) + "' is a member of this host, not of another one");
		}
		return new Outbound(OutboundRoute.BROKER, withIds(data, origin, target), null);
	}

	/**
	 * Return the headers of the broker record for a message that {@link #outbound} sends to the
	 * broker.
	 * @param qualified the message with its qualified origin
	 * @return the headers, values plain strings
	 */
	public Map<String, Object> headers(BusFrame.Data qualified) {
		return Map.of(UplinkHeaders.ORIGIN_HOST, this.hostId, UplinkHeaders.ORIGIN, qualified.origin(),
				UplinkHeaders.MESSAGE_ID, qualified.messageId(), UplinkHeaders.HOPS, "1");
	}

	/**
	 * Decide what to do with a record from the broker.
	 * @param payload the record's payload, a bus envelope
	 * @param headers the record's headers
	 * @param applicationId the application of this host's bus
	 * @return the decision, with the message as the hub delivers it
	 */
	public Inbound inbound(Object payload, Map<String, Object> headers, String applicationId) {
		if (!(payload instanceof byte[] bytes)) {
			return Inbound.malformed("payload is a " + payload.getClass().getName() + ", not bytes");
		}
		BusFrame.Data data;
		try {
			if (!(BusFrameCodec.decode(bytes) instanceof BusFrame.Data decoded)) {
				return Inbound.malformed("the envelope is not a Data frame");
			}
			data = decoded;
		}
		catch (MalformedFrameException ex) {
			return Inbound.malformed(ex.getMessage());
		}
		String originHost;
		String originApplication;
		try {
			originHost = IpcMemberIds.hostOf(data.origin());
			originApplication = IpcMemberIds.applicationOf(data.origin());
			IpcMemberIds.instanceOf(data.origin());
		}
		catch (IllegalArgumentException ex) {
			return Inbound.malformed("origin: " + ex.getMessage());
		}
		if (originHost.equals(this.hostId)) {
			return new Inbound(InboundRoute.ECHO, data, "sent by this host");
		}
		String hops = text(headers.get(UplinkHeaders.HOPS));
		int hopCount;
		try {
			hopCount = (hops != null) ? Integer.parseInt(hops.trim()) : 1;
		}
		catch (NumberFormatException ex) {
			return Inbound.malformed(UplinkHeaders.HOPS + " header '" + IpcPeerText.escape(hops) + "' is not a number");
		}
		if (hopCount > this.maxHops) {
			return new Inbound(InboundRoute.HOP_LIMIT, data, hopCount + " hops, at most " + this.maxHops + " allowed");
		}
		if (!originApplication.equals(applicationId)) {
			return new Inbound(InboundRoute.IGNORED, data, "of application '" + IpcPeerText.escape(originApplication) + "'");
		}
		String target = data.target();
		if (target.isEmpty()) {
			return new Inbound(InboundRoute.DELIVER, data, null);
		}
		if (!IpcMemberIds.isQualified(target)) {
			return Inbound.malformed("target '" + IpcPeerText.escape(target) + "' is not a host:application:instance id");
		}
		try {
			if (IpcMemberIds.hostOf(target).equals(this.hostId) && IpcMemberIds.applicationOf(target).equals(applicationId)) {
				return new Inbound(InboundRoute.DELIVER, withIds(data, data.origin(), IpcMemberIds.instanceOf(target)), null);
			}
		}
		catch (IllegalArgumentException ex) {
			return Inbound.malformed("target: " + ex.getMessage());
		}
		return new Inbound(InboundRoute.IGNORED, data, "addressed to '" + IpcPeerText.escape(target) + "'");
	}

	private static @Nullable String text(@Nullable Object header) {
		if (header instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		return (header != null) ? header.toString() : null;
	}

	private static BusFrame.Data withIds(BusFrame.Data data, String origin, String target) {
		return new BusFrame.Data(data.kind(), origin, target, data.sequence(), data.correlation(), data.type(),
				data.payload());
	}

	/** Where a message handed over by the hub goes. */
	public enum OutboundRoute {

		/** To the broker, for other hosts. */
		BROKER,

		/** Addressed to a member of this very host with a qualified id: back to the hub. */
		LOCAL,

		/** Nowhere: to be reported. */
		UNDELIVERABLE

	}

	/**
	 * Where a message goes and in what form.
	 * @param route where
	 * @param data the message with qualified origin (and, for {@link OutboundRoute#LOCAL}, the
	 * target's instance id), or the message as handed over if undeliverable
	 * @param reason why it is undeliverable
	 */
	public record Outbound(OutboundRoute route, BusFrame.Data data, @Nullable String reason) {
	}

	/** What to do with a broker record. */
	public enum InboundRoute {

		/** Hand it to the hub. */
		DELIVER,

		/** Drop it: this host sent it. */
		ECHO,

		/** Drop it: it took more broker hops than allowed. */
		HOP_LIMIT,

		/** Drop it: another application's, or for another host. */
		IGNORED,

		/** Drop and report it: not a valid uplink record. */
		MALFORMED

	}

	/**
	 * A decision on a broker record.
	 * @param route what to do
	 * @param data the message as the hub delivers it (origin qualified, target empty or an
	 * instance id of this host); {@code null} if malformed
	 * @param reason why it is dropped
	 */
	public record Inbound(InboundRoute route, BusFrame.@Nullable Data data, @Nullable String reason) {

		static Inbound malformed(@Nullable String reason) {
			return new Inbound(InboundRoute.MALFORMED, null, reason);
		}

	}

}
