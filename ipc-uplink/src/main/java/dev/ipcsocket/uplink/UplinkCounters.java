package dev.ipcsocket.uplink;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what became of messages at the uplink, cheaply enough for every message; meters read
 * them when they publish.
 */
public final class UplinkCounters {

	private final Map<UplinkResult, LongAdder> counts = new EnumMap<>(UplinkResult.class);

	UplinkCounters() {
		for (UplinkResult result : UplinkResult.values()) {
			this.counts.put(result, new LongAdder());
		}
	}

	void increment(UplinkResult result) {
		this.counts.get(result).increment();
	}

	/**
	 * Return how many messages had a result so far.
	 * @param result the result
	 * @return the count
	 */
	public long count(UplinkResult result) {
		return this.counts.get(result).sum();
	}

}
