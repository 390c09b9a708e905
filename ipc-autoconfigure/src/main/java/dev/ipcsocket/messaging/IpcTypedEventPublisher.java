package dev.ipcsocket.messaging;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcEventListener;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcRequestEvent;

/**
 * Publishes typed messages from siblings as the objects they carry, so that ordinary
 * {@code @EventListener}s receive them. For a typed request, the first object published while
 * its listeners run (the return value of an {@code @EventListener} method, which Spring
 * publishes) is sent back as the reply. A type that is not trusted stays raw and is reported as
 * an {@link IpcErrorEvent}; nothing is thrown on the socket's threads.
 */
public final class IpcTypedEventPublisher implements IpcEventListener, ApplicationListener<PayloadApplicationEvent<?>> {

	private final ApplicationEventPublisher publisher;

	private final IpcPayloadConverter converter;

	private final ThreadLocal<ReplyCapture> capture = new ThreadLocal<>();

	public IpcTypedEventPublisher(ApplicationEventPublisher publisher, IpcPayloadConverter converter) {
		this.publisher = publisher;
		this.converter = converter;
	}

	@Override
	public void onEvent(IpcEvent event) {
		if (!(event instanceof IpcDataEvent data) || data.getType().isEmpty()) {
			return;
		}
		Object object;
		try {
			object = this.converter.decode(data.getType(), data.getMessage().payload());
		}
		catch (IpcException ex) {
			this.publisher.publishEvent(new IpcErrorEvent(data.getSocket(), data.getRole(), ex, data.getPeer(),
					data.getMessage()));
			return;
		}
		if (data instanceof IpcRequestEvent request) {
			publishAndReply(request, object);
		}
		else {
			this.publisher.publishEvent(object);
		}
	}

	private void publishAndReply(IpcRequestEvent request, Object object) {
		ReplyCapture reply = new ReplyCapture(object);
		this.capture.set(reply);
		try {
			this.publisher.publishEvent(object);
		}
		finally {
			this.capture.remove();
		}
		if (reply.reply != null) {
			IpcPayloadConverter.Encoded encoded = this.converter.encode(reply.reply);
			request.reply(encoded.type(), encoded.payload());
		}
	}

	@Override
	public void onApplicationEvent(PayloadApplicationEvent<?> event) {
		ReplyCapture reply = this.capture.get();
		if (reply != null && reply.reply == null && event.getPayload() != reply.request) {
			reply.reply = event.getPayload();
		}
	}

	@Override
	public boolean supportsAsyncExecution() {
		// the capture works on the publishing thread only
		return false;
	}

	private static final class ReplyCapture {

		private final Object request;

		private @Nullable Object reply;

		ReplyCapture(Object request) {
			this.request = request;
		}

	}

}
