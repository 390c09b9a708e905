package dev.ipcsocket.bus;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcException;

import dev.ipcsocket.IpcPeer;

/**
 * One connection of this member and what the bus knows of it: the member the handshake admitted
 * and whether it said goodbye.
 */
public final class Link {

	private final BusLink connection;

	private volatile @Nullable IpcPeer member;

	private volatile boolean saidGoodbye;

	/** The first failed send to an admitted member, reported when it goes unless it said goodbye. */
	private volatile @Nullable IpcException sendFailure;

	private final AtomicBoolean ended = new AtomicBoolean();

	/** On the hub: what this client is owed confirmations for. */
	private final Confirmations.Owed owed = new Confirmations.Owed();

	Link(BusLink connection) {
		this.connection = connection;
	}

	Confirmations.Owed owed() {
		return this.owed;
	}

	BusLink connection() {
		return this.connection;
	}

	/** The bus member at the other end, once the handshake admitted it. */
	@Nullable IpcPeer member() {
		return this.member;
	}

	void join(IpcPeer joined) {
		this.member = joined;
	}

	/**
	 * The member at the other end, or its credentials before the handshake.
	 * @return the peer
	 */
	public IpcPeer peer() {
		IpcPeer joined = this.member;
		return (joined != null) ? joined : this.connection.credentials();
	}

	void markGoodbye() {
		this.saidGoodbye = true;
	}

	/** Whether the peer said goodbye, so that its leaving is clean. */
	boolean saidGoodbye() {
		return this.saidGoodbye;
	}

	/**
	 * Keep a failed send to report once the member is gone, unless it said goodbye: a member that
	 * says Bye and closes may not have read what was sent to it meanwhile.
	 */
	void sendFailed(IpcException failure) {
		if (this.sendFailure == null) {
			this.sendFailure = failure;
		}
	}

	@Nullable IpcException sendFailure() {
		return this.sendFailure;
	}

	/** Whether its end is handled for the first time: the transport may tell it more than once. */
	boolean firstEnd() {
		return this.ended.compareAndSet(false, true);
	}

	boolean isOpen() {
		return this.connection.isOpen();
	}

	@Override
	public String toString() {
		return "Link[" + peer() + "]";
	}

}
