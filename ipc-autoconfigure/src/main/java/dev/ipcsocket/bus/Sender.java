package dev.ipcsocket.bus;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMemberIds;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcRequestEvent;
import dev.ipcsocket.IpcRole;

/**
 * Sends this member's own messages: numbers them, checks them, and hands them to the hub's or
 * the client's side, or keeps them while a re-election runs.
 */
final class Sender {

	private static final Log logger = LogFactory.getLog(Sender.class);

	private final Bus bus;

	/** Starts from the clock, so that a restarted member never reuses the message ids of its last run. */
	private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);

	/**
	 * Held from numbering a message to writing or keeping it, so that this member's messages reach
	 * each other member in the order of their sequences: receivers drop a message sent again after
	 * a re-election by its sequence alone ({@link LatestSequences}).
	 */
	private final ReentrantLock order = new ReentrantLock();

	Sender(Bus bus) {
		this.bus = bus;
	}

	IpcMessage request(String target, String type, byte[] payload, Duration timeout) {
		// the reply may come on the connection this thread reads
		this.bus.host.beforeWaiting();
		CompletableFuture<IpcMessage> reply = new CompletableFuture<>();
		long id = sendRequest(target, type, payload, reply);
		return this.bus.delivery.requests.await(id, reply, target, timeout);
	}

	CompletableFuture<IpcMessage> requestAsync(String target, String type, byte[] payload, Duration timeout) {
		CompletableFuture<IpcMessage> reply = new CompletableFuture<>();
		long id = sendRequest(target, type, payload, reply);
		return this.bus.delivery.requests.whenReplied(id, reply, target, timeout);
	}

	private long sendRequest(String target, String type, byte[] payload, CompletableFuture<IpcMessage> reply) {
		checkNotReserved(type);
		try {
			return send(BusFrame.Kind.REQUEST, target, type, payload, 0, reply);
		}
		catch (IpcException ex) {
			this.bus.delivery.requests.forget(reply);
			throw ex;
		}
	}

	static void checkNotReserved(String type) {
		if (IpcRequestEvent.ERROR_REPLY_TYPE.equals(type)) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR,
					"type '" + type + "' is reserved for error replies: choose another type");
		}
	}

	long send(BusFrame.Kind kind, @Nullable String target, String type, byte[] payload, long correlation,
			@Nullable CompletableFuture<IpcMessage> reply) {
		Objects.requireNonNull(payload, "payload must not be null");
		if (payload.length > this.bus.settings.maxMessageSize()) {
			throw new IpcException(IpcError.OUT_OF_MEMORY_ERROR, "message is " + payload.length
					+ " bytes; ipc.max-message-size allows " + this.bus.settings.maxMessageSize()
					+ ": raise it or split the message");
		}
		if (this.bus.closed) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR, "the socket on " + this.bus.path() + " is closed");
		}
		String to = (target != null) ? target : "";
		// an envelope of ids and a short type fits for sure: only a long target or type is measured
		if ((to.length() + type.length() + this.bus.self.id().length()) * 3 + 29 > BusFrameCodec.MAX_ENVELOPE) {
			int envelope = BusFrameCodec.encodeEnvelope(new BusFrame.Data(kind, this.bus.self.id(), to, 0, 0, type,
					payload)).length;
			if (envelope > BusFrameCodec.MAX_ENVELOPE) {
				throw new IpcException(IpcError.OUT_OF_MEMORY_ERROR, "the target and type of the message take "
						+ envelope + " bytes of envelope; at most " + BusFrameCodec.MAX_ENVELOPE + " are allowed");
			}
		}
		boolean kept;
		long id;
		this.order.lock();
		try {
			id = this.sequence.incrementAndGet();
			if (reply != null) {
				this.bus.delivery.requests.register(id, reply);
			}
			BusFrame.Data data = new BusFrame.Data(kind, this.bus.self.id(), to, id, correlation, type, payload);
			kept = this.bus.reelection.isHolding();
			if (kept) {
				// the bus is not back yet: wait behind what the outage kept, rather than overtake it
				// or reach only the members already back
				this.bus.reelection.keep(data);
			}
			else {
				checkCanSend(target);
				if (!transmit(data)) {
					this.bus.reelection.keep(data);
				}
			}
		}
		finally {
			this.order.unlock();
		}
		if (kept) {
			this.bus.reelection.flushIfReady();
		}
		return id;
	}

	private void checkCanSend(@Nullable String target) {
		if (this.bus.role == null) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR,
					"the socket on " + this.bus.path() + " is not started: call start(), connect() or listen() first");
		}
		if (target != null && !IpcMemberIds.isQualified(target) && !this.bus.members.containsKey(target)) {
			throw new IpcException(IpcError.NAME_RESOLUTION_ERROR, "no member '" + target + "' on " + this.bus.path()
					+ (target.equals(this.bus.self.id()) ? " (that is this member itself)" : ""));
		}
	}

	/** Send a message; false if the listener is gone or closing (the caller keeps it for the next one). */
	boolean transmit(BusFrame.Data data) {
		if (logger.isDebugEnabled()) {
			logger.debug("IPC socket " + this.bus.path() + ": sending " + Bus.describe(data));
		}
		// envelope and payload are written one after the other: the payload is not copied into a frame first
		byte[] envelope = BusFrameCodec.encodeEnvelope(data);
		long started = System.nanoTime();
		IpcRole current = this.bus.role;
		// no role here means a client whose re-election has just begun, not a listener
		boolean sent = (current != IpcRole.LISTENER) ? this.bus.client.transmit(data, envelope, current)
				: this.bus.hub.transmit(data, envelope);
		if (sent) {
			this.bus.counters.sendCalls.increment();
			this.bus.counters.sendNanos.add(System.nanoTime() - started);
		}
		return sent;
	}

	void countSent(BusFrame.Data data) {
		this.bus.counters.messagesSent.increment();
		this.bus.counters.bytesSent.add(data.payload().length);
	}

}
