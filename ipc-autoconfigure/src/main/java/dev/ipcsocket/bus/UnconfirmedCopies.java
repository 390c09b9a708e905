package dev.ipcsocket.bus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client's copies of the messages it sent that its listener has not yet confirmed as passed
 * on ({@link BusFrame.Confirmed}). If the listener dies first, they go to the next one, ahead of
 * anything sent later: the receivers drop what they already had. Bounded in messages and payload
 * bytes, the bounds of the outbox: a sender that finds it full waits for confirmations, as it
 * waits for a full socket, and fails if none come in time, so no copy is ever forgotten.
 */
final class UnconfirmedCopies {

	private final int capacity;

	private final long maxBytes;

	private final ArrayDeque<BusFrame.Data> copies = new ArrayDeque<>();

	private long bytes;

	UnconfirmedCopies(int capacity, long maxBytes) {
		this.capacity = capacity;
		this.maxBytes = maxBytes;
	}

	/**
	 * Keep a copy if there is room.
	 * @param data the message
	 * @return false if it is full
	 */
	synchronized boolean keep(BusFrame.Data data) {
		if (!hasRoomFor(data)) {
			return false;
		}
		this.copies.add(data);
		this.bytes += data.payload().length;
		return true;
	}

	/**
	 * Keep a copy, waiting for room while it is full.
	 * @param data the message
	 * @param timeoutNanos how long to wait for room
	 * @return false if there was no room in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	synchronized boolean keep(BusFrame.Data data, long timeoutNanos) throws InterruptedException {
		long deadline = System.nanoTime() + timeoutNanos;
		while (!hasRoomFor(data)) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
		return keep(data);
	}

	private boolean hasRoomFor(BusFrame.Data data) {
		return Outbox.hasRoom(this.copies.size(), this.bytes, this.capacity, this.maxBytes, data);
	}

	/** The message was not sent after all: it waits in the outbox instead. */
	synchronized void forget(BusFrame.Data data) {
		if (this.copies.removeLastOccurrence(data)) {
			this.bytes -= data.payload().length;
			notifyAll();
		}
	}

	/** The listener passed on every message up to this sequence. */
	synchronized void confirm(long sequence) {
		boolean freed = false;
		while (!this.copies.isEmpty() && this.copies.peek().sequence() <= sequence) {
			this.bytes -= this.copies.poll().payload().length;
			freed = true;
		}
		if (freed) {
			notifyAll();
		}
	}

	synchronized List<BusFrame.Data> drain() {
		List<BusFrame.Data> all = new ArrayList<>(this.copies);
		this.copies.clear();
		this.bytes = 0;
		notifyAll();
		return all;
	}

	synchronized int size() {
		return this.copies.size();
	}

}
