package dev.ipcsocket.messaging;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMessage;

/**
 * Sends objects to siblings as JSON: published to every member as events, sent to one, or sent
 * as a request whose reply comes back as an object. On the receiving side an object of a trusted
 * type is published as an application event, so {@code @EventListener void on(OrderPlaced e)}
 * receives it.
 */
public class IpcTemplate {

	private final IPCSocket socket;

	private final IpcPayloadConverter converter;

	public IpcTemplate(IPCSocket socket, IpcPayloadConverter converter) {
		this.socket = socket;
		this.converter = converter;
	}

	/**
	 * Send an object to every other member.
	 * @param event the object
	 */
	public void publish(Object event) {
		send(null, event);
	}

	/**
	 * Send an object to one member, or to all.
	 * @param target the member's instance id, or {@code null} for every member
	 * @param payload the object
	 */
	public void send(@Nullable String target, Object payload) {
		IpcPayloadConverter.Encoded encoded = this.converter.encode(payload);
		this.socket.send(target, encoded.type(), encoded.payload());
	}

	/**
	 * Send a request to one member and return its reply, decoded if its type is trusted.
	 * @param target the member's instance id
	 * @param request the request object
	 * @param timeout how long to wait
	 * @return the reply object, or its raw bytes if it has no type
	 */
	public Object sendAndReceive(String target, Object request, Duration timeout) {
		IpcPayloadConverter.Encoded encoded = this.converter.encode(request);
		IpcMessage reply = this.socket.request(target, encoded.type(), encoded.payload(), timeout);
		return reply.type().isEmpty() ? reply.payload() : this.converter.decode(reply.type(), reply.payload());
	}

	/**
	 * Send a request to one member and return its reply as the given type.
	 * @param <T> the reply type
	 * @param target the member's instance id
	 * @param request the request object
	 * @param replyType the expected reply type
	 * @param timeout how long to wait
	 * @return the reply
	 */
	public <T> T sendAndReceive(String target, Object request, Class<T> replyType, Duration timeout) {
		Object reply = sendAndReceive(target, request, timeout);
		if (!replyType.isInstance(reply)) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR, "'" + target + "' replied with a "
					+ reply.getClass().getName() + ", not a " + replyType.getName());
		}
		return replyType.cast(reply);
	}

}
