package dev.ipcsocket.transport;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;

/**
 * Maps frames to {@link Frame} messages that carry only the payload and the connection, and
 * back. The standard mapper's address headers are fake on a Unix socket and expensive to build.
 */
final class PayloadMapper extends TcpMessageMapper {

	@Override
	public @Nullable Message<?> toMessage(TcpConnection connection, @Nullable Map<String, Object> headers) {
		Object payload = connection.getPayload();
		if (payload == null) {
			return null;
		}
		UnixSocketConnection arrivedOn = (UnixSocketConnection) connection;
		// a large message arrives in two parts (FrameDeserializer), anything else whole
		return (payload instanceof Frame parts) ? parts.arrivedOn(arrivedOn) : new Frame((byte[]) payload, arrivedOn);
	}

	@Override
	public @Nullable Object fromMessage(Message<?> message) {
		// our frames go to the FrameSerializer whole, so that it can write their parts
		return (message instanceof Frame) ? message : message.getPayload();
	}

}
