package dev.ipcsocket.bus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMemberIds;
import dev.ipcsocket.IpcMemberLeftEvent;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcPeerText;
import dev.ipcsocket.IpcRole;

/**
 * What a client does when its listener is lost: it elects a new one (through its
 * {@link BusHost}, retrying until it has a role or closes), keeps what is sent meanwhile in the
 * {@link Outbox}, with the copies of what the lost listener may not have passed on first, and sends it all
 * once the members it knew are back (or their grace time is over), in the order it was sent.
 */
final class Reelection {

	private static final Log logger = LogFactory.getLog(Reelection.class);

	private static final long BACKOFF_MILLIS = 50;

	private final Bus bus;

	private final Outbox outbox;

	/** Client: its messages that the listener has not confirmed as passed on. */
	final UnconfirmedCopies unconfirmed;

	/** One outbox flush at a time, so that what waited goes out in the order it was sent. */
	private final ReentrantLock flushLock = new ReentrantLock();

	/** Raised during a flush, dispatched after it: a full event queue must not stall the flush. */
	private final List<IpcErrorEvent> reportedWhileFlushing = new ArrayList<>();

	private volatile boolean electing;

	private volatile @Nullable Duration lastDuration;

	Reelection(Bus bus) {
		this.bus = bus;
		this.outbox = new Outbox(bus.settings.outageBufferCapacity(), bus.settings.outageBufferBytes());
		this.unconfirmed = new UnconfirmedCopies(bus.settings.outageBufferCapacity(),
				bus.settings.outageBufferBytes());
	}

	@Nullable Duration lastDuration() {
		return this.lastDuration;
	}

	/** Whether a message sent now must wait behind what the outage kept. */
	boolean isHolding() {
		return this.electing || this.outbox.isHolding();
	}

	void start(IpcPeer lostListener, boolean clean) {
		Set<String> awaited = new HashSet<>(this.bus.members.keySet());
		awaited.remove(lostListener.id());
		this.electing = true;
		this.bus.role = null;
		this.bus.side = null;
		long deadline = deadline();
		this.outbox.awaitMembers(awaited, deadline);
		// the lost listener may not have passed these on: the next one does, the receivers drop repeats
		this.outbox.keepFirst(this.unconfirmed.drain(), deadline);
		for (IpcPeer member : List.copyOf(this.bus.members.values())) {
			this.bus.members.remove(member.id());
			boolean memberClean = member.id().equals(lostListener.id()) && clean;
			this.bus.host.dispatch(new IpcMemberLeftEvent(this.bus.host.socket(), IpcRole.CLIENT, member, memberClean));
		}
		Thread thread = new Thread(this::reelect, "ipc-reelect-" + this.bus.path().getFileName());
		thread.setDaemon(true);
		thread.start();
	}

	private void reelect() {
		long started = System.nanoTime();
		BusHost host = this.bus.host;
		host.stopEndpoint();
		while (!host.isClosing()) {
			try {
				host.electAgain();
				break;
			}
			catch (IpcException ex) {
				if (host.isClosing()) {
					break;
				}
				logger.info("IPC socket " + this.bus.path() + ": re-election failed, retrying: " + ex.getMessage());
				reportExpired(this.outbox.expire(System.nanoTime()));
				try {
					TimeUnit.MILLISECONDS.sleep(BACKOFF_MILLIS);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		this.lastDuration = took;
		this.electing = false;
		// a close() during the election ends it without a role
		if (!host.isClosing() && this.bus.role != null) {
			logger.info("IPC socket " + this.bus.path() + ": re-elected as " + this.bus.role + " in " + took.toMillis()
					+ " ms");
			flushIfReady();
			if (!host.schedule(this::flushIfReady,
					Instant.now().plus(this.bus.settings.connectTimeout()).plusMillis(1))) {
				// close() began after the check above: it reported what was kept
				logger.debug("Outbox flush after the re-election not scheduled: the socket on " + this.bus.path()
						+ " is closed");
			}
		}
	}

	/** Keep a message until the bus is back. */
	void keep(BusFrame.Data data) {
		if (!this.outbox.offer(data, deadline())) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR, "no listener is reachable on " + this.bus.path()
					+ " and the messages that already wait for the re-election fill the outage buffer"
					+ " (ipc.outage-buffer-capacity " + this.bus.settings.outageBufferCapacity()
					+ ", ipc.outage-buffer-size " + this.bus.settings.outageBufferBytes() + " bytes): not sent");
		}
	}

	private long deadline() {
		return System.nanoTime() + this.bus.settings.connectTimeout().toNanos();
	}

	/** Send what waits, in order, if the bus is back. */
	void flushIfReady() {
		Link link = this.bus.client.link();
		IpcRole role = this.bus.role;
		if (this.electing || role == null
				|| (role == IpcRole.CLIENT && (link == null || link.connection().isWritingFinished()))) {
			// from the closing listener's Bye, or the lost link, until the re-election the messages wait, in order
			return;
		}
		List<IpcErrorEvent> reports;
		this.flushLock.lock();
		try {
			// again until nothing is left: what was kept meanwhile goes out in this flush, behind the rest
			boolean linkUp = true;
			while (linkUp && !this.electing) {
				List<BusFrame.Data> ready = this.outbox.takeIfReady(this.bus.members.keySet(), System.nanoTime());
				if (ready.isEmpty()) {
					break;
				}
				linkUp = sendKept(ready);
			}
		}
		finally {
			reports = List.copyOf(this.reportedWhileFlushing);
			this.reportedWhileFlushing.clear();
			this.flushLock.unlock();
		}
		reports.forEach(this.bus.host::dispatch);
	}

	/** Send messages taken from the outbox; false if the listener was lost again and they were kept. */
	private boolean sendKept(List<BusFrame.Data> ready) {
		for (int i = 0; i < ready.size(); i++) {
			BusFrame.Data data = ready.get(i);
			if (!data.isBroadcast() && !IpcMemberIds.isQualified(data.target())
					&& !this.bus.members.containsKey(data.target())) {
				this.bus.report(new IpcException(IpcError.NAME_RESOLUTION_ERROR, "member '" + IpcPeerText.escape(data.target())
						+ "' did not come back after the re-election: message " + data.printableId() + " not delivered"),
						null, Bus.undelivered(this.bus.self, data));
				continue;
			}
			try {
				if (!this.bus.sender.transmit(data)) {
					// the link went during the flush: the rest goes back ahead of what was kept meanwhile
					this.outbox.keepFirst(ready.subList(i, ready.size()), deadline());
					return false;
				}
			}
			catch (IpcException ex) {
				this.bus.report(ex, null, Bus.undelivered(this.bus.self, data));
			}
		}
		return true;
	}

	private void reportExpired(List<BusFrame.Data> expired) {
		for (BusFrame.Data data : expired) {
			this.bus.report(new IpcException(IpcError.LOST_CONNECTION, "no listener came back on " + this.bus.path()
					+ " within " + this.bus.settings.connectTimeout().toMillis() + " ms: message " + data.printableId()
					+ " not delivered"), null, Bus.undelivered(this.bus.self, data));
		}
	}

	/** Keep an error event for after the flush this thread runs, if it runs one; false if it runs none. */
	boolean deferWhileFlushing(IpcErrorEvent event) {
		if (!this.flushLock.isHeldByCurrentThread()) {
			return false;
		}
		this.reportedWhileFlushing.add(event);
		return true;
	}

	/** Remove and return every message still kept. */
	List<BusFrame.Data> drain() {
		return this.outbox.drain();
	}

}
