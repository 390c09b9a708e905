package dev.ipcsocket.bus;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * What the hub owes its clients: for each, the last of its messages passed on (written to every
 * recipient's connection, handed to the hub's own listeners, taken by the uplink), confirmed back
 * in {@link BusFrame.Confirmed} frames so that the client may forget its copies. Confirmations are
 * cumulative and batched: one frame once {@link #BATCH} messages are owed (fewer when the
 * clients keep fewer copies), else one within {@link #DELAY_MILLIS}, so a steady stream costs a
 * small fraction of a frame per message.
 */
final class Confirmations {

	/**
	 * Messages owed to one client that make a confirmation go out at once, at most: a quarter of
	 * the copies a client keeps, so that a client sending as fast as it can never waits for one.
	 */
	static final int BATCH = 256;

	/**
	 * How long a confirmation owed waits for more to join it, at most: long enough that, between
	 * request and reply, only a few in a thousand round trips meet one.
	 */
	static final long DELAY_MILLIS = 20;

	private final Bus bus;

	private final Hub hub;

	private final AtomicBoolean flushScheduled = new AtomicBoolean();

	/**
	 * Messages of one client that may wait for the broker before the oldest is confirmed without
	 * it: half the copies a client keeps by default, so that a broker that is down or slow never
	 * makes a client wait in {@code send} (the uplink's own buffer holds the message meanwhile).
	 */
	private final int uplinkAhead;

	/** Messages owed that make a confirmation go out at once: {@link #BATCH} or a quarter of the copies. */
	private final int batch;

	Confirmations(Bus bus, Hub hub) {
		this.bus = bus;
		this.hub = hub;
		int copies = bus.settings.outageBufferCapacity();
		this.uplinkAhead = Math.max(1, copies / 2);
		this.batch = (copies == 0) ? BATCH : Math.max(1, Math.min(BATCH, copies / 4));
	}

	/**
	 * A client's message has been passed on.
	 * @param link the client's link
	 * @param sequence the message's sequence
	 */
	void passedOn(Link link, long sequence) {
		confirmIfDue(link, link.owed().passedOn(sequence));
	}

	/**
	 * A client's message goes to the uplink too: it is passed on once the uplink has it
	 * ({@link #uplinked}) and, when {@code andHere} is set, once it has also been passed on here
	 * ({@link #relayed}). Called before the message is handed to the uplink.
	 * @param link the client's link
	 * @param sequence the message's sequence
	 * @param andHere whether it is also relayed and delivered on this host
	 */
	void awaitUplink(Link link, long sequence, boolean andHere) {
		confirmIfDue(link, link.owed().await(sequence, andHere, this.uplinkAhead));
	}

	/**
	 * A message that {@link #awaitUplink awaits the uplink} has been passed on here.
	 * @param link the client's link
	 * @param sequence the message's sequence
	 */
	void relayed(Link link, long sequence) {
		confirmIfDue(link, link.owed().relayed(sequence));
	}

	/**
	 * The uplink has a message (or reported it undeliverable).
	 * @param link the client's link
	 * @param sequence the message's sequence
	 */
	void uplinked(Link link, long sequence) {
		confirmIfDue(link, link.owed().uplinked(sequence));
	}

	private void confirmIfDue(Link link, int owed) {
		if (owed >= this.batch) {
			confirm(link);
		}
		else if (owed > 0 && this.flushScheduled.compareAndSet(false, true)
				&& !this.bus.host.schedule(this::flush, Instant.now().plusMillis(DELAY_MILLIS))) {
			// closing: the clients resend what is not confirmed to the next listener
			this.flushScheduled.set(false);
		}
	}

	/** Send every client what it is owed. */
	void flush() {
		this.flushScheduled.set(false);
		for (Link client : this.hub.clients()) {
			confirm(client);
		}
	}

	private void confirm(Link link) {
		long sequence = link.owed().take();
		if (sequence != Owed.NOTHING) {
			this.bus.trySend(link, BusFrameCodec.encode(new BusFrame.Confirmed(sequence)));
		}
	}

	/**
	 * One client's messages passed on and not yet confirmed. A client's messages arrive in order;
	 * those that wait for the uplink hold back the confirmation of the later ones, so that it
	 * stays cumulative.
	 */
	static final class Owed {

		static final long NOTHING = Long.MIN_VALUE;

		/**
		 * Messages from the first that waits for the uplink on: {sequence, 1 while it waits to be
		 * passed on here, 1 while it waits for the uplink}.
		 */
		private final ArrayDeque<long[]> waiting = new ArrayDeque<>();

		private int waitingForUplink;

		private long confirmable = NOTHING;

		private int owed;

		synchronized int passedOn(long sequence) {
			if (this.waiting.isEmpty()) {
				this.confirmable = sequence;
				this.owed++;
			}
			else {
				this.waiting.add(new long[] { sequence, 0, 0 });
			}
			return this.owed;
		}

		synchronized int await(long sequence, boolean andHere, int uplinkAhead) {
			this.waiting.add(new long[] { sequence, andHere ? 1 : 0, 1 });
			this.waitingForUplink++;
			if (this.waitingForUplink > uplinkAhead) {
				// the broker lags: the oldest is confirmed without it, kept by the uplink's buffer alone
				for (long[] entry : this.waiting) {
					if (entry[2] == 1) {
						entry[2] = 0;
						this.waitingForUplink--;
						break;
					}
				}
			}
			return drain();
		}

		synchronized int relayed(long sequence) {
			long[] entry = find(sequence);
			if (entry != null) {
				entry[1] = 0;
			}
			return drain();
		}

		synchronized int uplinked(long sequence) {
			long[] entry = find(sequence);
			if (entry != null && entry[2] == 1) {
				entry[2] = 0;
				this.waitingForUplink--;
			}
			return drain();
		}

		private long @Nullable [] find(long sequence) {
			for (long[] entry : this.waiting) {
				if (entry[0] == sequence) {
					return entry;
				}
			}
			return null;
		}

		private int drain() {
			while (!this.waiting.isEmpty() && this.waiting.peek()[1] == 0 && this.waiting.peek()[2] == 0) {
				this.confirmable = this.waiting.poll()[0];
				this.owed++;
			}
			return this.owed;
		}

		/** The sequence to confirm now, or {@link #NOTHING}. */
		synchronized long take() {
			if (this.owed == 0) {
				return NOTHING;
			}
			this.owed = 0;
			return this.confirmable;
		}

	}

}
