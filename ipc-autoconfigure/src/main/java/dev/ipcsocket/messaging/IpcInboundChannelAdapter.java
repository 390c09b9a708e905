package dev.ipcsocket.messaging;

import org.springframework.integration.channel.AbstractSubscribableChannel;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcEventListener;
import dev.ipcsocket.IpcHeaders;

/**
 * Sends every message an {@link dev.ipcsocket.IPCSocket} receives to a channel, as a
 * {@code byte[]} payload with {@link IpcHeaders}. Runs where the socket runs its listeners, one
 * at a time, so one peer's messages keep their order. Builds no message while nobody subscribes to the channel.
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
		this.channel.send(MessageBuilder.withPayload(data.getPayload())
			.setHeader(IpcHeaders.PEER_ID, data.getPeer().id())
			.setHeader(IpcHeaders.PEER_PID, data.getPeer().pid())
			.setHeader(IpcHeaders.PATH, data.getPath().toString())
			.build());
	}

	private boolean hasSubscribers() {
		return !(this.channel instanceof AbstractSubscribableChannel subscribable)
				|| subscribable.getSubscriberCount() > 0;
	}

}
