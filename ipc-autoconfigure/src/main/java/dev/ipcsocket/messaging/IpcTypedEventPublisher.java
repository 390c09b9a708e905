package dev.ipcsocket.messaging;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcEventListener;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcRequestEvent;

/**
 * Publishes typed messages from siblings as the objects they carry, so that ordinary
 * {@code @EventListener}s receive them, and answers typed requests with their
 * {@link IpcListener @IpcListener} method's return value, and nothing else. A request that no
 * method takes, or whose type is not trusted, is declined with the reason, which the requester
 * gets as an error reply. A type that is not trusted stays raw and is reported as an
 * {@link IpcErrorEvent}; nothing is thrown on the socket's threads.
 */
public final class IpcTypedEventPublisher implements IpcEventListener {

	private static final Log logger = LogFactory.getLog(IpcTypedEventPublisher.class);

	private final ApplicationEventPublisher publisher;

	private final IpcPayloadConverter converter;

	private final IpcRequestHandlers handlers;

	public IpcTypedEventPublisher(ApplicationEventPublisher publisher, IpcPayloadConverter converter) {
		this(publisher, converter, new IpcRequestHandlers());
	}

	public IpcTypedEventPublisher(ApplicationEventPublisher publisher, IpcPayloadConverter converter,
			IpcRequestHandlers handlers) {
		this.publisher = publisher;
		this.converter = converter;
		this.handlers = handlers;
	}

	@Override
	public void onEvent(IpcEvent event) {
		if (!(event instanceof IpcDataEvent data) || data.getType().isEmpty()) {
			return;
		}
		if (data instanceof IpcRequestEvent request && request.isReplied()) {
			// another listener answered it
			return;
		}
		Object object;
		try {
			object = this.converter.decode(data.getType(), data.getMessage().payload());
		}
		catch (IpcException ex) {
			this.publisher.publishEvent(new IpcErrorEvent(data.getSocket(), data.getRole(), ex, data.getPeer(),
					data.getMessage()));
			if (data instanceof IpcRequestEvent request) {
				request.decline("member '" + data.getSocket().instanceId() + "' cannot take the request: " + ex.getMessage());
			}
			return;
		}
		if (data instanceof IpcRequestEvent request) {
			answer(request, object);
		}
		else {
			this.publisher.publishEvent(object);
		}
	}

	private void answer(IpcRequestEvent request, Object object) {
		String member = request.getSocket().instanceId();
		IpcRequestHandlers.Handler handler = this.handlers.find(object);
		if (handler == null) {
			request.decline("no @IpcListener method of member '" + member + "' takes requests of type "
					+ object.getClass().getName());
			return;
		}
		Object result;
		try {
			result = handler.invoke(object);
		}
		catch (Exception ex) {
			failed(request, handler, member, ex);
			return;
		}
		if (result instanceof CompletionStage<?> stage) {
			request.defer();
			stage.whenComplete((value, failure) -> {
				try {
					if (failure != null) {
						failed(request, handler, member, (failure instanceof CompletionException wrapped
								&& wrapped.getCause() != null) ? wrapped.getCause() : failure);
					}
					else {
						reply(request, handler, member, value);
					}
				}
				catch (IpcException ex) {
					// no listener thread to report to: the future's thread would drop it silently
					logger.warn("IPC request handler " + handler.name() + " answered, but the reply could not be sent: "
							+ ex.getMessage());
				}
			});
		}
		else {
			reply(request, handler, member, result);
		}
	}

	private void reply(IpcRequestEvent request, IpcRequestHandlers.Handler handler, String member,
			@Nullable Object value) {
		if (value == null) {
			request.replyError(handler.name() + " of member '" + member + "' returned no reply (null)");
			return;
		}
		IpcPayloadConverter.Encoded encoded;
		try {
			encoded = this.converter.encode(value);
		}
		catch (IpcException ex) {
			failed(request, handler, member, ex);
			return;
		}
		request.reply(encoded.type(), encoded.payload());
	}

	private void failed(IpcRequestEvent request, IpcRequestHandlers.Handler handler, String member, Throwable ex) {
		logger.warn("IPC request handler " + handler.name() + " failed", ex);
		request.replyError(handler.name() + " of member '" + member + "' failed: " + ex);
	}

}
