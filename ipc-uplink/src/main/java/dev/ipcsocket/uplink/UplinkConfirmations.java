package dev.ipcsocket.uplink;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.bus.BusFrame;

/**
 * Turns settled messages (the broker took them, they were delivered on this host, or reported)
 * into confirmations for their senders. A confirmation is cumulative: the sender forgets every
 * copy up to the sequence confirmed. So a message is confirmed only once every earlier message
 * of the same sender that waits for the broker is settled too, whatever order they settle in.
 * Holds one entry per waiting message, nothing more.
 */
final class UplinkConfirmations {

	private final Map<String, LinkedList<Waiting>> bySender = new HashMap<>();

	/**
	 * A message now waits for the broker; it is settled later, with {@link #settled}.
	 * @param data the message as handed over
	 */
	synchronized void waiting(BusFrame.Data data) {
		this.bySender.computeIfAbsent(data.origin(), (origin) -> new LinkedList<>()).addLast(new Waiting(data));
	}

	/**
	 * A message is settled: one that {@link #waiting waited}, or one settled at once.
	 * @param data the message, as handed over
	 * @return the message up to which its sender may forget its copies now, or {@code null} if an
	 * earlier message of the sender still waits
	 */
	synchronized BusFrame.@Nullable Data settled(BusFrame.Data data) {
		LinkedList<Waiting> waiting = this.bySender.get(data.origin());
		if (waiting == null) {
			return data;
		}
		Waiting previous = null;
		for (Iterator<Waiting> entries = waiting.iterator(); entries.hasNext();) {
			Waiting entry = entries.next();
			if (entry.data == data) {
				entries.remove();
				// the messages settled after this one, before the next waiting one, confirm it too
				BusFrame.Data latest = (entry.settledAfter != null) ? entry.settledAfter : data;
				return settle(data.origin(), waiting, previous, latest);
			}
			previous = entry;
		}
		// settled at once, never waited: behind every waiting message of its sender
		return settle(data.origin(), waiting, waiting.peekLast(), data);
	}

	private BusFrame.@Nullable Data settle(String origin, LinkedList<Waiting> waiting, @Nullable Waiting previous,
			BusFrame.Data latest) {
		if (previous == null) {
			if (waiting.isEmpty()) {
				this.bySender.remove(origin);
			}
			return latest;
		}
		previous.settledAfter = latest;
		return null;
	}

	/** Forget everything: the hub stops, its senders give their copies to the next one. */
	synchronized void clear() {
		this.bySender.clear();
	}

	/**
	 * Return how many messages wait, for tests.
	 * @return the count
	 */
	synchronized int size() {
		return this.bySender.values().stream().mapToInt(LinkedList::size).sum();
	}

	private static final class Waiting {

		private final BusFrame.Data data;

		/** The latest message of the sender settled after this one and before the next waiting one. */
		private BusFrame.@Nullable Data settledAfter;

		Waiting(BusFrame.Data data) {
			this.data = data;
		}

	}

}
