package dev.ipcsocket.messaging;

import java.nio.charset.StandardCharsets;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessageHandlingException;

import dev.ipcsocket.IPCSocket;

/**
 * Sends each message's payload to the socket's siblings: a {@code byte[]} as is, a
 * {@link String} as UTF-8. A failed send throws to the sender, so no message is lost silently.
 */
public final class IpcOutboundMessageHandler implements MessageHandler {

	private final IPCSocket socket;

	public IpcOutboundMessageHandler(IPCSocket socket) {
		this.socket = socket;
	}

	@Override
	public void handleMessage(Message<?> message) {
		Object payload = message.getPayload();
		if (payload instanceof byte[] bytes) {
			this.socket.send(bytes);
		}
		else if (payload instanceof String text) {
			this.socket.send(text.getBytes(StandardCharsets.UTF_8));
		}
		else {
			throw new MessageHandlingException(message, "IPC messages carry byte[] or String payloads, not "
					+ payload.getClass().getName() + ": convert it first");
		}
	}

}
