package dev.ipcsocket.messaging;

import java.util.HashMap;
import java.util.Map;

import org.springframework.integration.channel.AbstractSubscribableChannel;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;

import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcEventListener;
import dev.ipcsocket.IpcHeaders;
import dev.ipcsocket.IpcPeer;

/**
 * Sends every message an {@link dev.ipcsocket.IPCSocket} receives to a channel, as a
 * {@code byte[]} payload with {@link IpcHeaders}. The payload is the received array itself, not
 * a copy, which other listeners of the same message may read too: treat it as read-only. Runs
 * where the socket runs its listeners, one at a time, so one peer's messages keep their order.
 * Builds no message while nobody subscribes to the channel.
 */
public final class IpcInboundChannelAdapter implements IpcEventListener {

	private final MessageChannel channel;

	public IpcInboundChannelAdapter(MessageChannel channel) {
		this.channel = channel;
	}

	@Override
	public void onEvent(IpcEvent event) {
		if (!(event instanceof IpcDataEvent data) || !hasSubscribers()) {
			return;
		}
		IpcPeer peer = data.getPeer();
		// the received array itself, not a copy: the socket made it for this message alone
		Map<String, Object> headers = new HashMap<>();
		headers.put(IpcHeaders.PEER_ID, peer.id());
		// no pid header for a sender whose credentials are unknown, rather than an invented one
		peer.processId().ifPresent((pid) -> headers.put(IpcHeaders.PEER_PID, pid));
		headers.put(IpcHeaders.PATH, data.getPath().toString());
		this.channel.send(new GenericMessage<>(data.getMessage().payload(), headers));
	}

	private boolean hasSubscribers() {
		return !(this.channel instanceof AbstractSubscribableChannel subscribable)
				|| subscribable.getSubscriberCount() > 0;
	}

}
