package dev.ipcsocket.bus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcConnectedEvent;
import dev.ipcsocket.IpcDisconnectedEvent;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMemberIds;
import dev.ipcsocket.IpcMemberJoinedEvent;
import dev.ipcsocket.IpcMemberLeftEvent;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcPeerText;
import dev.ipcsocket.IpcRole;

/**
 * A client's part of the bus: the handshake with the listener, the member table kept up to date
 * from the listener's Joined and Left frames, the link its messages go out on, and what happens
 * when that link is lost.
 */
final class HubClient {

	private static final Log logger = LogFactory.getLog(HubClient.class);

	private final Bus bus;

	/** Guards the link to the listener. */
	private final Object linkLock = new Object();

	private volatile @Nullable Link link;

	private volatile @Nullable CompletableFuture<BusFrame.Welcome> welcome;

	HubClient(Bus bus) {
		this.bus = bus;
	}

	/** The link to the listener, once joined and until it is lost. */
	@Nullable Link link() {
		return this.link;
	}

	void expectWelcome() {
		this.bus.side = IpcRole.CLIENT;
		this.welcome = new CompletableFuture<>();
	}

	void join(Link candidate) {
		CompletableFuture<BusFrame.Welcome> answer = this.welcome;
		if (answer == null) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR, "no handshake in progress on " + this.bus.path());
		}
		try {
			// the reader took the Welcome in (see accept), in order with the frames that follow it
			answer.get(this.bus.settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof IpcException ipc) ? ipc : new IpcException(IpcError.OPEN_DRIVER_ERROR,
					"cannot set up the connection to " + this.bus.path() + ": " + ex.getMessage(), ex);
		}
		catch (TimeoutException ex) {
			if (!giveUp(answer)) {
				// the Welcome was taken in just as the wait ended
				return;
			}
			throw new IpcException(IpcError.LOST_CONNECTION, "the listener on " + this.bus.path()
					+ " did not answer the handshake within " + this.bus.settings.connectTimeout().toMillis() + " ms",
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			if (!giveUp(answer)) {
				return;
			}
			throw new IpcException(IpcError.OPEN_DRIVER_ERROR, "interrupted while connecting to " + this.bus.path(), ex);
		}
		finally {
			synchronized (this.linkLock) {
				this.welcome = null;
			}
		}
	}

	/** Stop waiting for the Welcome; false if the reader took it in meanwhile. */
	private boolean giveUp(CompletableFuture<BusFrame.Welcome> answer) {
		synchronized (this.linkLock) {
			this.welcome = null;
			return !answer.isDone() || answer.isCompletedExceptionally();
		}
	}

	/**
	 * Take the listener's Welcome in, on the link's reader: the member table is filled before the
	 * reader goes on to the Joined and Left frames that follow the Welcome, so that none of them is
	 * applied before the table it changes.
	 */
	private void accept(Link candidate, BusFrame.Welcome accepted) {
		IpcPeer listener = accepted.members().get(0);
		candidate.join(listener);
		this.bus.counters.connectionsOpened.increment();
		this.bus.decided(IpcRole.CLIENT);
		this.bus.host.dispatch(new IpcConnectedEvent(this.bus.host.socket(), IpcRole.CLIENT, listener));
		for (IpcPeer member : accepted.members()) {
			if (!member.id().equals(this.bus.self.id())) {
				this.bus.members.put(member.id(), member);
				this.bus.host.dispatch(new IpcMemberJoinedEvent(this.bus.host.socket(), IpcRole.CLIENT, member));
			}
		}
		this.link = candidate;
	}

	void abandon() {
		this.welcome = null;
		this.bus.side = null;
		this.link = null;
	}

	void onFrame(Link from, BusFrame frame) {
		if (frame instanceof BusFrame.Data data) {
			this.bus.delivery.deliver(data, null);
		}
		else if (frame instanceof BusFrame.Confirmed confirmed) {
			this.bus.reelection.unconfirmed.confirm(confirmed.sequence());
		}
		else if (frame instanceof BusFrame.Joined joined) {
			this.bus.members.put(joined.member().id(), joined.member());
			this.bus.host.dispatch(new IpcMemberJoinedEvent(this.bus.host.socket(), IpcRole.CLIENT, joined.member()));
			this.bus.reelection.flushIfReady();
		}
		else if (frame instanceof BusFrame.Left left) {
			IpcPeer gone = this.bus.members.remove(left.instanceId());
			if (left.clean()) {
				this.bus.delivery.forget(left.instanceId());
			}
			if (gone != null) {
				this.bus.host.dispatch(new IpcMemberLeftEvent(this.bus.host.socket(), IpcRole.CLIENT, gone, left.clean()));
			}
		}
		else if (frame instanceof BusFrame.Welcome accepted) {
			completeWelcome(from, accepted);
		}
		else if (frame instanceof BusFrame.Refuse refused) {
			failWelcome(new IpcException(IpcError.ADDRESS_IN_USE_ERROR,
					"the listener on " + this.bus.path() + " refused this member: " + IpcPeerText.escape(refused.reason(), IpcPeerText.MAX_REASON_CHARS)));
		}
		else if (frame instanceof BusFrame.Bye) {
			from.markGoodbye();
			// the listener is closing: a Bye back says nothing else comes from here, and what is
			// sent from now on waits for the next listener (so the closing one loses nothing)
			try {
				from.connection().sendLast(BusFrameCodec.encode(new BusFrame.Bye()));
			}
			catch (RuntimeException ex) {
				logger.debug("IPC socket " + this.bus.path() + ": the listener left before our goodbye: "
						+ ex.getMessage());
			}
		}
		else {
			this.bus.drop(from, "the listener sent a " + frame.getClass().getSimpleName() + " frame");
		}
	}

	private void completeWelcome(Link from, BusFrame.Welcome accepted) {
		synchronized (this.linkLock) {
			CompletableFuture<BusFrame.Welcome> answer = this.welcome;
			if (answer == null || answer.isDone()) {
				logger.debug("Ignoring a handshake answer nobody waits for");
				return;
			}
			accept(from, accepted);
			answer.complete(accepted);
		}
	}

	void failWelcome(IpcException why) {
		CompletableFuture<BusFrame.Welcome> answer = this.welcome;
		if (answer == null) {
			logger.debug("Ignoring a handshake answer nobody waits for");
		}
		else {
			answer.completeExceptionally(why);
		}
	}

	/**
	 * The client's own message: to the listener, which passes it on; false if the link is gone or
	 * closing. A copy is kept until the listener confirms it passed the message on.
	 * @throws IpcException if the copies are full and no confirmation made room in time
	 */
	boolean transmit(BusFrame.Data data, byte[] envelope, @Nullable IpcRole current) {
		Link listener = this.link;
		if (current != IpcRole.CLIENT || listener == null || listener.connection().isWritingFinished()) {
			// the listener is gone or closing and a re-election is starting: the caller keeps the message
			return false;
		}
		UnconfirmedCopies unconfirmed = this.bus.reelection.unconfirmed;
		boolean copied = this.bus.settings.outageBufferCapacity() > 0;
		// kept before it is sent: the listener's confirmation may come back before the send returns
		if (copied) {
			keepCopy(unconfirmed, data);
		}
		if (!this.bus.trySend(listener, envelope, data.payload())) {
			if (copied) {
				unconfirmed.forget(data);
			}
			return false;
		}
		this.bus.sender.countSent(data);
		return true;
	}

	private void keepCopy(UnconfirmedCopies unconfirmed, BusFrame.Data data) {
		if (unconfirmed.keep(data)) {
			return;
		}
		boolean kept;
		try {
			// confirmations come on the link's reader, which may be this thread
			this.bus.host.beforeWaiting();
			kept = unconfirmed.keep(data, this.bus.settings.sendTimeout().toNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			kept = false;
		}
		if (!kept) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR, "the listener on " + this.bus.path()
					+ " did not confirm the messages already sent within " + this.bus.settings.sendTimeout().toMillis()
					+ " ms, and " + unconfirmed.size() + " copies wait for it (ipc.outage-buffer-capacity, "
					+ "ipc.outage-buffer-size): message " + data.printableId() + " not sent");
		}
	}

	/**
	 * Say goodbye to the listener and wait until it closes the connection (at most 2 s or the
	 * connect timeout): a client that closed first could make a frame sent to it fail, and the
	 * listener lose its goodbye.
	 */
	void leave(byte[] bye) {
		Link listener = this.link;
		if (listener == null || !this.bus.trySend(listener, bye)) {
			return;
		}
		long deadline = System.nanoTime() + Math.min(this.bus.settings.connectTimeout().toNanos(),
				TimeUnit.MILLISECONDS.toNanos(Hub.DRAIN_MILLIS));
		synchronized (this.linkLock) {
			while (listener.isOpen() && this.link == listener) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					logger.debug("IPC socket " + this.bus.path() + ": the listener did not close after our goodbye");
					return;
				}
				try {
					this.linkLock.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/** The link to the listener closed: during the handshake, on purpose, or lost (then a re-election starts). */
	void listenerGone(Link gone) {
		synchronized (this.linkLock) {
			this.linkLock.notifyAll();
			if (gone != this.link) {
				// the handshake had not finished: fail it now rather than at its deadline
				failWelcome(new IpcException(IpcError.LOST_CONNECTION,
						"the listener on " + this.bus.path() + " closed the connection during the handshake"));
				return;
			}
			this.link = null;
		}
		IpcPeer listener = gone.peer();
		if (this.bus.closed) {
			closedConnection(listener, false);
			return;
		}
		boolean clean = gone.saidGoodbye();
		closedConnection(listener, !clean);
		if (!clean) {
			IpcException crash = gone.connection().readFailure("reading from " + gone.peer() + " failed");
			if (crash != null && crash.error() != IpcError.LOST_CONNECTION) {
				this.bus.report(crash, listener);
			}
			this.bus.report(new IpcException(IpcError.LOST_CONNECTION, "lost the listener " + listener + " on "
					+ this.bus.path() + "; electing a new one"), listener);
		}
		this.bus.reelection.start(listener, clean);
	}

	private void closedConnection(IpcPeer peer, boolean lost) {
		this.bus.counters.connectionsClosed.increment();
		this.bus.host.dispatch(new IpcDisconnectedEvent(this.bus.host.socket(), IpcRole.CLIENT, peer, lost));
	}

}
