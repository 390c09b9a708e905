package dev.ipcsocket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Published for a request from a sibling ({@link IPCSocket#request}); answer it with one of the
 * {@code reply} methods, or with {@link #replyError(String)}. Only the first reply is sent.
 * <p>
 * A request that no listener answered by the time every listener has seen it is answered at once
 * with an error reply, so that the requester does not wait for its timeout: a listener that
 * answers later, from another thread, calls {@link #defer()} first; one that will not answer it
 * may say why with {@link #decline(String)}, which becomes the error's reason.
 */
public final class IpcRequestEvent extends IpcDataEvent {

	/**
	 * The {@code type} of a reply that carries an error instead of an answer: its payload is the
	 * reason, as UTF-8. Never a class name, and refused as the type of anything else.
	 */
	public static final String ERROR_REPLY_TYPE = "!error";

	private final Responder responder;

	private final AtomicBoolean replied = new AtomicBoolean();

	private volatile boolean deferred;

	private final List<String> declineReasons = new CopyOnWriteArrayList<>();

	public IpcRequestEvent(IPCSocket socket, IpcRole role, IpcMessage message, Responder responder) {
		super(socket, role, message, true);
		this.responder = responder;
	}

	/**
	 * Answer with raw bytes.
	 * @param payload the reply
	 * @return {@code true} if this was the first reply, and so was sent
	 */
	public boolean reply(byte[] payload) {
		return reply("", payload);
	}

	/**
	 * Answer with text, as UTF-8.
	 * @param text the reply
	 * @return {@code true} if this was the first reply, and so was sent
	 */
	public boolean reply(String text) {
		return reply("", text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Answer with a typed payload.
	 * @param type the payload type, such as a class name
	 * @param payload the reply
	 * @return {@code true} if this was the first reply, and so was sent
	 */
	public boolean reply(String type, byte[] payload) {
		if (ERROR_REPLY_TYPE.equals(type)) {
			throw new IllegalArgumentException("type '" + type + "' is reserved for error replies: use replyError");
		}
		return send(type, payload);
	}

	/**
	 * Answer with an error: the requester's call fails with an {@link IpcException} that gives
	 * this member's id and the reason.
	 * @param reason what went wrong, for the requester
	 * @return {@code true} if this was the first reply, and so was sent
	 */
	public boolean replyError(String reason) {
		return send(ERROR_REPLY_TYPE, reason.getBytes(StandardCharsets.UTF_8));
	}

	private boolean send(String type, byte[] payload) {
		if (!this.replied.compareAndSet(false, true)) {
			return false;
		}
		this.responder.reply(type, payload);
		return true;
	}

	/**
	 * Take the request to answer it later, from another thread: without this, a request still
	 * unanswered once every listener has seen it is answered with an error.
	 */
	public void defer() {
		this.deferred = true;
	}

	/**
	 * Whether a listener took the request to answer it later.
	 * @return {@code true} once deferred
	 */
	public boolean isDeferred() {
		return this.deferred;
	}

	/**
	 * Say why this listener does not answer the request: if no other listener answers it, the
	 * error reply gives this reason.
	 * @param reason what kept the listener from answering, such as an untrusted type
	 */
	public void decline(String reason) {
		this.declineReasons.add(reason);
	}

	/**
	 * Return the reasons listeners gave for not answering.
	 * @return the reasons, in the order given
	 */
	public List<String> getDeclineReasons() {
		return List.copyOf(this.declineReasons);
	}

	/**
	 * Whether a reply was sent.
	 * @return {@code true} once replied
	 */
	public boolean isReplied() {
		return this.replied.get();
	}

	/**
	 * Sends the reply of a request.
	 */
	@FunctionalInterface
	public interface Responder {

		/**
		 * Send the reply.
		 * @param type the payload type
		 * @param payload the reply bytes
		 */
		void reply(String type, byte[] payload);

	}

}
