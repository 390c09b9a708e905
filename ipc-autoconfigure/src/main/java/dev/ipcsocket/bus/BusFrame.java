package dev.ipcsocket.bus;

import java.util.List;

import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcPeerText;

/**
 * One frame of the sibling bus protocol; {@link BusFrameCodec} turns it into bytes and back.
 */
public sealed interface BusFrame {

	/** Current protocol version, carried by every frame. */
	int PROTOCOL_VERSION = 1;

	/**
	 * A client's first frame.
	 * @param applicationId the application the client belongs to
	 * @param protocolVersion the protocol version the client speaks
	 * @param instanceId the client's id on the bus, unique among the members
	 */
	record Hello(String applicationId, int protocolVersion, String instanceId) implements BusFrame {
	}

	/**
	 * The listener's answer to an accepted {@link Hello}.
	 * @param members every member, the listener first, the new client included
	 */
	record Welcome(List<IpcPeer> members) implements BusFrame {
	}

	/**
	 * The listener's answer to a refused {@link Hello}; the connection closes after it.
	 * @param reason what was wrong, for the client's error
	 */
	record Refuse(String reason) implements BusFrame {
	}

	/**
	 * A member joined.
	 * @param member the new member
	 */
	record Joined(IpcPeer member) implements BusFrame {
	}

	/**
	 * A member left.
	 * @param instanceId the member's id
	 * @param clean whether it said goodbye, rather than vanished
	 */
	record Left(String instanceId, boolean clean) implements BusFrame {
	}

	/** The sender is stopping on purpose. */
	record Bye() implements BusFrame {
	}

	/**
	 * The listener's word to a client that it has passed on every message of that client up to
	 * this sequence: written to each recipient's connection (the kernel holds it there even if the
	 * listener dies), handed to its own listeners, and, for another host, taken by the broker
	 * uplink. The client may forget the copies it keeps in case the listener dies first.
	 * Cumulative and batched: one frame covers every message up to the sequence.
	 * @param sequence the sequence of the last message passed on
	 */
	record Confirmed(long sequence) implements BusFrame {
	}

	/**
	 * An application message.
	 * @param kind plain message, request or reply
	 * @param origin instance id of the member that sent it
	 * @param target instance id it is addressed to, or empty for every member but the origin
	 * @param sequence the origin's sequence number; with the origin, the message id
	 * @param correlation for a reply, the sequence of the request it answers; otherwise 0
	 * @param type type of the payload ({@code ""} for raw bytes), e.g. a class name for JSON
	 * @param payload the message bytes
	 */
	record Data(Kind kind, String origin, String target, long sequence, long correlation, String type,
			byte[] payload) implements BusFrame {

		/** Whether it is addressed to every member but its origin. */
		public boolean isBroadcast() {
			return this.target.isEmpty();
		}

		/** The message id, unique on the bus: origin and sequence. */
		public String messageId() {
			return this.origin + ":" + this.sequence;
		}

		/** The message id for a log line or a message: its origin escaped ({@link IpcPeerText}). */
		public String printableId() {
			return IpcPeerText.escape(this.origin) + ":" + this.sequence;
		}

	}

	/** What a {@link Data} frame is. */
	enum Kind {

		MESSAGE, REQUEST, REPLY

	}

}
