package dev.ipcsocket.bus;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;

/**
 * Where the members of one in-memory bus meet, in place of the socket path: it knows the member
 * that listens, and elects as {@code Election.connectOrListen} does (connect to the listener if
 * there is one, otherwise listen). A test may hold elections, or let only some members take part,
 * to decide who becomes the next hub.
 */
final class MemoryPath {

	private final String name;

	private final Object electionLock = new Object();

	private @Nullable MemoryBus listener;

	/** The members that may take part in an election now, or {@code null} for every member. */
	private volatile @Nullable Set<String> electable;

	MemoryPath(String name) {
		this.name = name;
	}

	String name() {
		return this.name;
	}

	/** From now on nobody may connect or listen (an election fails and is retried) until {@link #allow}. */
	void holdElections() {
		this.electable = Set.of();
	}

	/**
	 * Let only these members elect from now on (connect or listen), or everyone when none are given.
	 * @param instanceIds the members
	 */
	void allow(String... instanceIds) {
		this.electable = (instanceIds.length == 0) ? null : Set.of(instanceIds);
	}

	/**
	 * Listen, as {@code listen()} does: fails if a member listens already.
	 * @param member the member
	 */
	void listen(MemoryBus member) {
		synchronized (this.electionLock) {
			if (this.listener != null) {
				throw new IpcException(IpcError.ADDRESS_IN_USE_ERROR, this.listener.instanceId() + " listens on " + this.name);
			}
			this.listener = member;
			member.becomeListener();
		}
	}

	/**
	 * Connect to the listener, as {@code connect()} does.
	 * @param member the member
	 * @throws IpcException if nobody listens, or the listener refused
	 */
	void connect(MemoryBus member) {
		MemoryBus hub;
		synchronized (this.electionLock) {
			hub = this.listener;
		}
		if (hub == null) {
			throw new IpcException(IpcError.LOST_CONNECTION, "nobody listens on " + this.name);
		}
		member.becomeClient(hub);
	}

	/**
	 * Connect to the listener, or listen if there is none, as at the start and in a re-election.
	 * @param member the member
	 * @throws IpcException if the member may not take part now, or the handshake failed
	 */
	void connectOrListen(MemoryBus member) {
		Set<String> allowed = this.electable;
		if (allowed != null && !allowed.contains(member.instanceId())) {
			throw new IpcException(IpcError.LOST_CONNECTION, "the test holds the election on " + this.name);
		}
		MemoryBus hub;
		synchronized (this.electionLock) {
			hub = this.listener;
			if (hub == null) {
				this.listener = member;
				member.becomeListener();
				return;
			}
		}
		member.becomeClient(hub);
	}

	/**
	 * A listener stopped accepting (closed or died): the path is free.
	 * @param member the member
	 */
	void stoppedListening(MemoryBus member) {
		synchronized (this.electionLock) {
			if (this.listener == member) {
				this.listener = null;
			}
		}
	}

}
