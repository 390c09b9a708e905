package dev.ipcsocket.bus;

import java.util.List;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMemberIds;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcPeerText;
import dev.ipcsocket.IpcRequestEvent;
import dev.ipcsocket.IpcRole;

/**
 * Hands a message that reached this member to where it belongs: a reply to the request waiting
 * for it, a request to the listeners with a way to answer, anything else to the listeners and the
 * pull API. A message delivered already (sent again after a re-election, or delivered twice by
 * a broker) is dropped and counted.
 */
final class Delivery {

	private static final Log logger = LogFactory.getLog(Delivery.class);

	private final Bus bus;

	final Requests requests = new Requests();

	/** The last sequence delivered from each member of this host, to drop what a sender resends. */
	private final LatestSequences latest = new LatestSequences(LatestSequences.DEFAULT_ORIGINS);

	/** With an uplink: the ids of the messages from other hosts delivered lately, to drop repeats. */
	private volatile @Nullable RecentMessageIds delivered;

	Delivery(Bus bus) {
		this.bus = bus;
	}

	void dropRepeatsWithin(int window) {
		this.delivered = new RecentMessageIds(window);
	}

	void deliver(BusFrame.Data data, @Nullable IpcPeer knownSender) {
		deliver(data, knownSender, true);
	}

	/**
	 * Deliver a message, unless it is a repeat.
	 * @param data the message
	 * @param knownSender the member that sent it, if known
	 * @param mayRunOnReader whether the listeners may run on the calling reader thread
	 */
	void deliver(BusFrame.Data data, @Nullable IpcPeer knownSender, boolean mayRunOnReader) {
		if (isRepeat(data)) {
			logger.debug("Dropped message " + data.printableId() + ": delivered already");
			this.bus.counters.duplicatesDropped.increment();
			BusUplink uplink = this.bus.uplink;
			if (uplink != null) {
				uplink.duplicateDropped(data);
			}
			return;
		}
		IpcPeer sender = (knownSender != null) ? knownSender : this.bus.members.get(data.origin());
		if (sender == null) {
			sender = IpcPeer.unknown(data.origin());
		}
		IpcMessage message = new IpcMessage(sender, data.type(), data.payload());
		if (data.kind() == BusFrame.Kind.REPLY) {
			if (IpcRequestEvent.ERROR_REPLY_TYPE.equals(data.type())) {
				this.requests.fail(data.correlation(), data.messageId(), new Requests.ErrorReplyException(
						"'" + IpcPeerText.escape(data.origin()) + "' could not answer the request: " + IpcPeerText.escape(message.text(), IpcPeerText.MAX_REASON_CHARS)));
			}
			else {
				this.requests.complete(data.correlation(), data.messageId(), message);
			}
			return;
		}
		IpcRole current = Objects.requireNonNull(this.bus.side);
		this.bus.counters.messagesReceived.increment();
		this.bus.counters.bytesReceived.add(data.payload().length);
		BusHost host = this.bus.host;
		IPCSocket socket = host.socket();
		IpcEvent event;
		if (data.kind() == BusFrame.Kind.REQUEST) {
			event = new IpcRequestEvent(socket, current, message,
					(type, payload) -> this.bus.reply(data.origin(), type, payload, data.sequence()));
		}
		else {
			host.keepForReading(message);
			event = new IpcDataEvent(socket, current, message, !data.isBroadcast());
		}
		if (mayRunOnReader) {
			host.dispatchReceived(event);
		}
		else {
			host.dispatch(event);
		}
	}

	/** A member left cleanly: it sends nothing again, and may come back numbering from scratch. */
	void forget(String origin) {
		this.latest.forget(origin);
	}

	/**
	 * Whether a message was delivered already: one of this host that its sender sent again after
	 * a re-election (a member's messages reach each other member in the order of their
	 * sequences), or one of another host that a broker delivered again.
	 */
	private boolean isRepeat(BusFrame.Data data) {
		if (IpcMemberIds.isQualified(data.origin())) {
			RecentMessageIds seen = this.delivered;
			return seen != null && !seen.firstTime(data);
		}
		return !this.latest.advance(data.origin(), data.sequence());
	}

	/**
	 * The listeners have seen an event: a request that none of them answered, nor took to answer
	 * later, is answered at once with an error reply, so that its requester does not wait for its
	 * timeout.
	 */
	void listenersDone(IpcEvent event) {
		if (event instanceof IpcRequestEvent request && !request.isReplied() && !request.isDeferred()) {
			List<String> declined = request.getDeclineReasons();
			String reason = declined.isEmpty() ? "no listener of member '" + this.bus.self.id()
					+ "' answers requests" + (request.getType().isEmpty() ? "" : " of type " + request.getType())
					: String.join("; ", declined);
			try {
				request.replyError(reason);
			}
			catch (IpcException ex) {
				// the requester is gone or the socket closing: nobody waits for the answer any more
				logger.debug("Could not send the error reply to " + request.getPeer() + ": " + ex.getMessage());
			}
		}
	}

}
