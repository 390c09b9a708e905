package dev.ipcsocket.uplink;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.bus.BusFrame;

/**
 * Reports an undelivered message as an {@link IpcErrorEvent} (106) carrying it, published on the
 * hub, where the uplink runs, and logged at WARN.
 */
final class IpcErrorEventReporter implements UndeliveredReporter {

	private static final Log logger = LogFactory.getLog(IpcErrorEventReporter.class);

	private final ObjectProvider<IPCSocket> socket;

	private final ApplicationEventPublisher publisher;

	IpcErrorEventReporter(ObjectProvider<IPCSocket> socket, ApplicationEventPublisher publisher) {
		this.socket = socket;
		this.publisher = publisher;
	}

	@Override
	public void undelivered(BusFrame.Data data, String reason) {
		String message = "message " + data.messageId() + " to "
				+ (data.isBroadcast() ? "every host" : "'" + data.target() + "'") + " does not leave this host: "
				+ reason;
		logger.warn("Broker uplink: " + message);
		IPCSocket socket = this.socket.getIfAvailable();
		if (socket == null) {
			return;
		}
		IpcPeer sender = sender(socket, data.origin());
		IpcException exception = new IpcException(IpcError.INVALID_STATE_ERROR, message);
		this.publisher.publishEvent(new IpcErrorEvent(socket, IpcRole.LISTENER, exception, sender,
				new IpcMessage(sender, data.type(), data.payload())));
	}

	private static IpcPeer sender(IPCSocket socket, String origin) {
		if (origin.equals(socket.instanceId())) {
			return new IpcPeer(origin, ProcessHandle.current().pid(), 0, 0);
		}
		return socket.peers()
			.stream()
			.filter((peer) -> peer.id().equals(origin))
			.findFirst()
			.orElseGet(() -> new IpcPeer(origin, 0, 0, 0));
	}

}
