package dev.ipcsocket.bus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcMemberIds;

/**
 * An uplink whose "broker" is a {@link Carrier} in this JVM: what a hub uplinks reaches the hubs
 * of the other hosts on the same carrier, qualified with its host as a broker uplink would, and
 * the sender's hub gets its confirmation. For the bus's uplink tests, in memory and over sockets.
 */
public final class MemoryUplink implements BusUplink {

	private final String host;

	private final Carrier carrier;

	private final List<BusFrame.Data> sent = new CopyOnWriteArrayList<>();

	private final AtomicInteger duplicates = new AtomicInteger();

	private volatile BusUplink.@Nullable Hub hub;

	private volatile boolean confirms = true;

	private volatile boolean failing;

	public MemoryUplink(String host, Carrier carrier) {
		this.host = host;
		this.carrier = carrier;
		carrier.uplinks.add(this);
	}

	/** What this uplink was handed to carry. */
	public List<BusFrame.Data> sent() {
		return this.sent;
	}

	/** How many repeated messages its hub dropped. */
	public int duplicates() {
		return this.duplicates.get();
	}

	/** Whether the carrier confirms what this uplink sends (it does unless told otherwise). */
	public void confirms(boolean confirms) {
		this.confirms = confirms;
	}

	/** Whether sends fail, as with a full buffer. */
	public void failing(boolean failing) {
		this.failing = failing;
	}

	@Override
	public void start(Hub hub) {
		this.hub = hub;
	}

	@Override
	public void stop() {
		this.hub = null;
	}

	@Override
	public void send(BusFrame.Data data) {
		BusUplink.Hub current = this.hub;
		if (this.failing && current != null) {
			current.undelivered(data, IpcError.INVALID_STATE_ERROR, "buffer full");
			return;
		}
		this.sent.add(data);
		this.carrier.carry(this, data);
	}

	@Override
	public void duplicateDropped(BusFrame.Data data) {
		this.duplicates.incrementAndGet();
	}

	/** The broker between the hosts' uplinks: one thread, in order. */
	public static final class Carrier implements AutoCloseable {

		private final String applicationId;

		private final ExecutorService executor = Executors.newSingleThreadExecutor();

		private final List<MemoryUplink> uplinks = new CopyOnWriteArrayList<>();

		/** How many times each message reaches each host: more than once, as a broker may. */
		private volatile int deliveries = 1;

		public Carrier(String applicationId) {
			this.applicationId = applicationId;
		}

		/** Deliver each message this many times to each host. */
		public void deliveries(int deliveries) {
			this.deliveries = deliveries;
		}

		void carry(MemoryUplink from, BusFrame.Data data) {
			this.executor.execute(() -> {
				String origin = IpcMemberIds.qualify(from.host, this.applicationId, data.origin());
				for (MemoryUplink to : this.uplinks) {
					BusUplink.Hub hub = to.hub;
					String target = data.target();
					if (hub == null || to.host.equals(from.host)
							|| (!target.isEmpty() && !IpcMemberIds.hostOf(target).equals(to.host))) {
						continue;
					}
					BusFrame.Data local = new BusFrame.Data(data.kind(), origin,
							target.isEmpty() ? "" : IpcMemberIds.instanceOf(target), data.sequence(), data.correlation(),
							data.type(), data.payload());
					for (int i = 0; i < this.deliveries; i++) {
						hub.deliver(local);
					}
				}
				BusUplink.Hub sender = from.hub;
				if (from.confirms && sender != null) {
					sender.uplinked(data);
				}
			});
		}

		@Override
		public void close() {
			this.executor.shutdownNow();
		}

	}

}
