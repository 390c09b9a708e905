package dev.ipcsocket.bus;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcPeerText;
import dev.ipcsocket.IpcRole;

/**
 * The hub as its uplink sees it: messages from other hosts come in here and go to the clients,
 * the uplink's part of the confirmations goes back to the senders, and what the uplink could not deliver is reported.
 */
final class UplinkedHub implements BusUplink.Hub {

	private static final Log logger = LogFactory.getLog(UplinkedHub.class);

	private final Bus bus;

	private final Hub hub;

	UplinkedHub(Bus bus, Hub hub) {
		this.bus = bus;
		this.hub = hub;
	}

	@Override
	public void deliver(BusFrame.Data data) {
		fromOtherHost(data);
	}

	@Override
	public void uplinked(BusFrame.Data data) {
		Link client = this.hub.client(data.origin());
		if (client != null) {
			this.hub.confirmations.uplinked(client, data.sequence());
		}
	}

	@Override
	public void undelivered(BusFrame.@Nullable Data data, IpcError error, String reason) {
		Bus bus = this.bus;
		String what = "uplink of " + bus.path() + ": " + reason;
		if (data == null) {
			bus.report(new IpcException(error, what), null);
			return;
		}
		IpcPeer sender = data.origin().equals(bus.self.id()) ? bus.self
				: bus.members.getOrDefault(data.origin(), IpcPeer.unknown(data.origin()));
		bus.report(new IpcException(error, what + ": message " + data.printableId() + " not delivered"), sender,
				Bus.undelivered(sender, data));
	}

	@Override
	public String applicationId() {
		return this.bus.settings.applicationId();
	}

	/** Pass on a message that the uplink brought from another host. */
	private void fromOtherHost(BusFrame.Data data) {
		if (this.bus.side != IpcRole.LISTENER) {
			logger.debug("Message " + data.printableId() + " from another host reached a member that is no hub");
			return;
		}
		byte[] encoded = BusFrameCodec.encode(data);
		if (data.isBroadcast()) {
			for (Link client : this.hub.clients()) {
				if (this.bus.trySend(client, encoded)) {
					this.bus.counters.messagesRelayed.increment();
				}
			}
			this.bus.delivery.deliver(data, null);
		}
		else if (data.target().equals(this.bus.self.id())) {
			this.bus.delivery.deliver(data, null);
		}
		else {
			Link client = this.hub.client(data.target());
			if (client != null && this.bus.trySend(client, encoded)) {
				this.bus.counters.messagesRelayed.increment();
			}
			else if (client == null) {
				IpcPeer sender = IpcPeer.unknown(data.origin());
				this.bus.report(new IpcException(IpcError.NAME_RESOLUTION_ERROR, "no member '" + IpcPeerText.escape(data.target()) + "' on "
						+ this.bus.path() + ": message " + data.printableId() + " from another host was not delivered"),
						sender, Bus.undelivered(sender, data));
			}
		}
	}

}
