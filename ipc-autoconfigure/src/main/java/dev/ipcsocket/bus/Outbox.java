package dev.ipcsocket.bus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;


/**
 * Messages accepted while no listener was reachable. They wait, bounded in number, payload bytes
 * and time,
 * until the bus is back: a listener elected and the members known before the outage present
 * again (or the grace time over, for those that did not come back). Expired ones are handed back
 * to be reported, never dropped silently. Until then the outbox is {@linkplain #isHolding()
 * holding}: messages sent after the new role is decided wait here too, behind the earlier ones,
 * rather than overtake them or reach only the members already back.
 */
final class Outbox {

	private final int capacity;

	private final long maxBytes;

	private final ArrayDeque<Entry> entries = new ArrayDeque<>();

	private long bytes;

	private Set<String> awaitedMembers = Set.of();

	private long graceDeadline;

	/** From an outage (or any message kept) until what waits has been taken. */
	private volatile boolean holding;

	Outbox(int capacity, long maxBytes) {
		this.capacity = capacity;
		this.maxBytes = maxBytes;
	}

	/** Start waiting for a new listener and for these members to be back, until the deadline. */
	synchronized void awaitMembers(Set<String> members, long deadlineNanos) {
		this.awaitedMembers = Set.copyOf(members);
		this.graceDeadline = deadlineNanos;
		this.holding = true;
	}

	/**
	 * Keep a message; false if the outbox is full, in messages or in payload bytes (one larger
	 * message is let in when nothing else waits).
	 */
	synchronized boolean offer(BusFrame.Data data, long deadlineNanos) {
		if (!hasRoom(this.entries.size(), this.bytes, this.capacity, this.maxBytes, data)) {
			return false;
		}
		this.entries.add(new Entry(data, deadlineNanos));
		this.bytes += data.payload().length;
		this.holding = true;
		return true;
	}

	/**
	 * Keep messages ahead of everything waiting, whatever the capacity: they were accepted
	 * before, and their first listener may not have passed them on.
	 */
	synchronized void keepFirst(List<BusFrame.Data> earlier, long deadlineNanos) {
		for (int i = earlier.size() - 1; i >= 0; i--) {
			this.entries.addFirst(new Entry(earlier.get(i), deadlineNanos));
			this.bytes += earlier.get(i).payload().length;
		}
		if (!earlier.isEmpty()) {
			this.holding = true;
		}
	}

	/**
	 * The bound of the outbox and of a client's {@link UnconfirmedCopies}: room for one more
	 * message below the capacity and within the payload bytes; one larger message gets in when
	 * nothing else is kept.
	 * @param count messages kept
	 * @param bytes their payload bytes
	 * @param capacity messages allowed
	 * @param maxBytes payload bytes allowed
	 * @param data the message to keep
	 * @return whether it fits
	 */
	static boolean hasRoom(int count, long bytes, int capacity, long maxBytes, BusFrame.Data data) {
		return count < capacity && (count == 0 || bytes + data.payload().length <= maxBytes);
	}

	/** Whether new messages must be kept here, behind those waiting, instead of being sent. */
	boolean isHolding() {
		return this.holding;
	}

	/**
	 * Remove and return what is ready to go: everything once the bus is back, otherwise nothing.
	 * The outbox stops holding only when the bus is back and nothing is left, so a caller that
	 * sends what it took and asks again until it gets nothing lets no later message overtake.
	 */
	synchronized List<BusFrame.Data> takeIfReady(Collection<String> presentMembers, long nowNanos) {
		boolean back = presentMembers.containsAll(this.awaitedMembers) || nowNanos - this.graceDeadline >= 0;
		if (!back) {
			return List.of();
		}
		if (this.entries.isEmpty()) {
			this.holding = false;
			return List.of();
		}
		List<BusFrame.Data> ready = new ArrayList<>(this.entries.size());
		this.entries.forEach((entry) -> ready.add(entry.data()));
		this.entries.clear();
		this.bytes = 0;
		return ready;
	}

	/** Remove and return the messages whose time ran out. */
	synchronized List<BusFrame.Data> expire(long nowNanos) {
		List<BusFrame.Data> expired = new ArrayList<>();
		while (!this.entries.isEmpty() && nowNanos - this.entries.peek().deadlineNanos() >= 0) {
			BusFrame.Data data = this.entries.poll().data();
			this.bytes -= data.payload().length;
			expired.add(data);
		}
		return expired;
	}

	/** Remove and return everything. */
	synchronized List<BusFrame.Data> drain() {
		List<BusFrame.Data> all = new ArrayList<>();
		this.entries.forEach((entry) -> all.add(entry.data()));
		this.entries.clear();
		this.bytes = 0;
		return all;
	}

	private record Entry(BusFrame.Data data, long deadlineNanos) {
	}

}
