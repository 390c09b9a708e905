package dev.ipcsocket;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Published for a request from a sibling ({@link IPCSocket#request}); answer it with one of the
 * {@code reply} methods. Only the first reply is sent.
 */
public final class IpcRequestEvent extends IpcDataEvent {

	private final Responder responder;

	private final AtomicBoolean replied = new AtomicBoolean();

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
		if (!this.replied.compareAndSet(false, true)) {
			return false;
		}
		this.responder.reply(type, payload);
		return true;
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
