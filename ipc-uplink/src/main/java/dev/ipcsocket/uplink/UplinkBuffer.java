package dev.ipcsocket.uplink;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.uplink.IpcUplinkProperties.Overflow;

/**
 * Messages waiting for the broker, oldest first, at most a capacity of them (the one being sent
 * included). One sender takes the oldest and keeps it as {@linkplain #take current} until it
 * reports it {@linkplain #sent sent}; a failed send leaves it current, so it is retried before
 * anything younger and order is kept. When the buffer is full the overflow policy gives up on the
 * new message or on the oldest one that is not being sent, and hands it back to be reported.
 *
 * @param <T> the message type
 */
final class UplinkBuffer<T> {

	private final int capacity;

	private final Overflow overflow;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final ArrayDeque<T> waiting = new ArrayDeque<>();

	private @Nullable T current;

	UplinkBuffer(int capacity, Overflow overflow) {
		if (capacity < 1) {
			throw new IllegalArgumentException("ipc.uplink.buffer-capacity must be at least 1, was " + capacity);
		}
		this.capacity = capacity;
		this.overflow = overflow;
	}

	/**
	 * Keep a message for the sender, never waiting.
	 * @param message the message
	 * @return the message given up on because the buffer was full (the new one or the oldest
	 * waiting one, per the overflow policy), or {@code null} if none was
	 */
	@Nullable T offer(T message) {
		this.lock.lock();
		try {
			T givenUp = null;
			if (size() >= this.capacity) {
				if (this.overflow == Overflow.REJECT_NEW || this.waiting.isEmpty()) {
					return message;
				}
				givenUp = this.waiting.pollFirst();
			}
			this.waiting.addLast(message);
			this.notEmpty.signal();
			return givenUp;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the message to send next: the current one if its send failed, else the oldest
	 * waiting one, which becomes current.
	 * @param timeout how long to wait for one
	 * @return the message, or {@code null} if none came in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Nullable T take(Duration timeout) throws InterruptedException {
		long nanos = timeout.toNanos();
		this.lock.lockInterruptibly();
		try {
			while (this.current == null && this.waiting.isEmpty()) {
				if (nanos <= 0) {
					return null;
				}
				nanos = this.notEmpty.awaitNanos(nanos);
			}
			if (this.current == null) {
				this.current = this.waiting.pollFirst();
			}
			return this.current;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The current message is with the broker: forget it. */
	void sent() {
		this.lock.lock();
		try {
			this.current = null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Empty the buffer.
	 * @return every message it held, oldest first
	 */
	List<T> drain() {
		this.lock.lock();
		try {
			List<T> all = new ArrayList<>(size());
			if (this.current != null) {
				all.add(this.current);
				this.current = null;
			}
			all.addAll(this.waiting);
			this.waiting.clear();
			return all;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return how many messages wait, the one being sent included.
	 * @return the count
	 */
	int size() {
		this.lock.lock();
		try {
			return this.waiting.size() + ((this.current != null) ? 1 : 0);
		}
		finally {
			this.lock.unlock();
		}
	}

	int capacity() {
		return this.capacity;
	}

}
