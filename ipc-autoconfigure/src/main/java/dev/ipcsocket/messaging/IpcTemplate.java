package dev.ipcsocket.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMessage;

/**
 * Sends objects to siblings as JSON: published to every member as events, sent to one, or sent
 * as a request whose reply comes back as an object, waiting for it or not. On the receiving side
 * an object of a trusted type is published as an application event, so
 * {@code @EventListener void on(OrderPlaced e)} receives it; a request goes to its
 * {@link IpcListener @IpcListener} method, whose return value is the reply.
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
		return decode(this.socket.request(target, encoded.type(), encoded.payload(), timeout));
	}

	/**
	 * Send a request to one member and return at once; no thread waits for the reply.
	 * @param target the member's instance id
	 * @param request the request object
	 * @param timeout how long to wait for the reply
	 * @return the reply object, or its raw bytes if it has no type; it completes exceptionally with
	 * an {@link IpcException} if no reply comes in time, the member answered with an error (such
	 * as no {@link IpcListener @IpcListener} method for the request's type) or the reply cannot
	 * be read
	 * @throws IpcException if the request cannot be sent at all
	 */
	public CompletableFuture<Object> sendAndReceiveAsync(String target, Object request, Duration timeout) {
		IpcPayloadConverter.Encoded encoded = this.converter.encode(request);
		return this.socket.requestAsync(target, encoded.type(), encoded.payload(), timeout).thenApply(this::decode);
	}

	/**
	 * Send a request to one member and return at once; no thread waits for the reply.
	 * @param <T> the reply type
	 * @param target the member's instance id
	 * @param request the request object
	 * @param replyType the expected reply type
	 * @param timeout how long to wait for the reply
	 * @return the reply, completed exceptionally as {@link #sendAndReceiveAsync(String, Object, Duration)}
	 * says, or if it is not a {@code replyType}
	 * @throws IpcException if the request cannot be sent at all
	 */
	public <T> CompletableFuture<T> sendAndReceiveAsync(String target, Object request, Class<T> replyType,
			Duration timeout) {
		return sendAndReceiveAsync(target, request, timeout).thenApply((reply) -> as(replyType, target, reply));
	}

	private Object decode(IpcMessage reply) {
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
		return as(replyType, target, sendAndReceive(target, request, timeout));
	}

	private static <T> T as(Class<T> replyType, String target, Object reply) {
		if (!replyType.isInstance(reply)) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR, "'" + target + "' replied with a "
					+ reply.getClass().getName() + ", not a " + replyType.getName());
		}
		return replyType.cast(reply);
	}

}
