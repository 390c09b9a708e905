package dev.ipcsocket.bus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;


/**
 * A client's copies of the messages for other hosts that its listener has not yet confirmed as
 * uplinked. If the listener dies first, they go to the next one: the receivers drop what they
 * already had. Bounded: past the capacity the oldest copy is forgotten (its message is still on
 * its way; only the guarantee against the listener's death is lost for it).
 */
final class UnconfirmedCopies {

	private static final Log logger = LogFactory.getLog(UnconfirmedCopies.class);

	private final int capacity;

	private final ArrayDeque<BusFrame.Data> copies = new ArrayDeque<>();

	UnconfirmedCopies(int capacity) {
		this.capacity = capacity;
	}

	synchronized void keep(BusFrame.Data data) {
		if (this.copies.size() >= this.capacity) {
			BusFrame.Data forgotten = this.copies.poll();
			logger.debug("More than " + this.capacity + " messages wait for the uplink; forgetting the copy of "
					+ forgotten.printableId());
		}
		this.copies.add(data);
	}

	/** The message was not sent after all: it waits in the outbox instead. */
	synchronized void forget(BusFrame.Data data) {
		this.copies.removeLastOccurrence(data);
	}

	/** The listener uplinked every message up to this sequence. */
	synchronized void confirm(long sequence) {
		while (!this.copies.isEmpty() && this.copies.peek().sequence() <= sequence) {
			this.copies.poll();
		}
	}

	synchronized List<BusFrame.Data> drain() {
		List<BusFrame.Data> all = new ArrayList<>(this.copies);
		this.copies.clear();
		return all;
	}

	synchronized int size() {
		return this.copies.size();
	}

}
