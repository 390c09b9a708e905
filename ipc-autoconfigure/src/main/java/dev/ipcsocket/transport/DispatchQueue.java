package dev.ipcsocket.transport;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The events waiting for the dispatch thread, bounded both in events and in payload bytes: a
 * producer waits while either bound is reached, so a burst of large messages cannot fill the
 * heap. One item larger than the byte bound is let in when the queue is empty, so it never waits
 * for good.
 */
final class DispatchQueue {

	private final int capacity;

	private final long maxBytes;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final Condition notFull = this.lock.newCondition();

	/** A ring of items and their sizes, so that queueing allocates nothing. */
	private final @Nullable Object[] items;

	private final long[] sizes;

	private int head;

	private long bytes;

	/** The number of items, written under the lock, readable without it. */
	private volatile int count;

	DispatchQueue(int capacity, long maxBytes) {
		this.capacity = capacity;
		this.maxBytes = maxBytes;
		this.items = new Object[capacity];
		this.sizes = new long[capacity];
	}

	/**
	 * Add an item, waiting while the queue is full in events or in bytes.
	 * @param item the item
	 * @param size its payload size in bytes
	 * @throws InterruptedException if interrupted while waiting
	 */
	void put(Object item, long size) throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			while (isFullFor(size)) {
				this.notFull.await();
			}
			add(item, size);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Add an item, waiting at most the given time while the queue is full.
	 * @param item the item
	 * @param size its payload size in bytes
	 * @param timeout how long to wait, 0 for not at all
	 * @param unit the unit of the timeout
	 * @return whether the item was added
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean offer(Object item, long size, long timeout, TimeUnit unit) throws InterruptedException {
		long nanos = unit.toNanos(timeout);
		this.lock.lockInterruptibly();
		try {
			while (isFullFor(size)) {
				if (nanos <= 0) {
					return false;
				}
				nanos = this.notFull.awaitNanos(nanos);
			}
			add(item, size);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean isFullFor(long size) {
		int n = this.count;
		return n >= this.capacity || (n > 0 && this.bytes + size > this.maxBytes);
	}

	private void add(Object item, long size) {
		int tail = (this.head + this.count) % this.capacity;
		this.items[tail] = item;
		this.sizes[tail] = size;
		this.bytes += size;
		this.count++;
		this.notEmpty.signal();
	}

	/**
	 * Take the next item, waiting while there is none.
	 * @return the item
	 * @throws InterruptedException if interrupted while waiting
	 */
	Object take() throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			while (this.count == 0) {
				this.notEmpty.await();
			}
			Object item = Objects.requireNonNull(this.items[this.head]);
			this.items[this.head] = null;
			this.bytes -= this.sizes[this.head];
			this.head = (this.head + 1) % this.capacity;
			this.count--;
			this.notFull.signalAll();
			return item;
		}
		finally {
			this.lock.unlock();
		}
	}

	int size() {
		return this.count;
	}

	long bytes() {
		this.lock.lock();
		try {
			return this.bytes;
		}
		finally {
			this.lock.unlock();
		}
	}

}
