package dev.ipcsocket.bus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last sequence this member delivered from each member of its host. A member's messages
 * reach each other member in the order of their sequences (it numbers and writes them under one
 * lock, the hub relays each client's in the order they arrive), so a sequence not above the last
 * one is a message sent again after a re-election and already delivered. A member that left
 * cleanly is forgotten; beyond a bound, the member heard from longest ago is forgotten first.
 */
final class LatestSequences {

	/** Members remembered by default, far more than a host's bus holds at once. */
	static final int DEFAULT_ORIGINS = 4096;

	private final Map<String, long[]> latest;

	LatestSequences(int origins) {
		this.latest = new LinkedHashMap<>(64, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
				return size() > origins;
			}

		};
	}

	/**
	 * Forget a member that left cleanly: it sends nothing again, and may come back with the same
	 * id and a sequence that starts over.
	 * @param origin the member
	 */
	synchronized void forget(String origin) {
		this.latest.remove(origin);
	}

	/**
	 * Note a message's sequence.
	 * @param origin the member that sent it
	 * @param sequence its sequence
	 * @return true if it is above the last one from that member (deliver it), false for a repeat
	 */
	synchronized boolean advance(String origin, long sequence) {
		long[] last = this.latest.get(origin);
		if (last == null) {
			this.latest.put(origin, new long[] { sequence });
			return true;
		}
		if (sequence <= last[0]) {
			return false;
		}
		last[0] = sequence;
		return true;
	}

}
