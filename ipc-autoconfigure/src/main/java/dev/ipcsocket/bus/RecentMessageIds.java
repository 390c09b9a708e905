package dev.ipcsocket.bus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last messages a member delivered, so that it can drop a repeat: a broker
 * delivers at least once, and a member re-sends what its dead listener may not have passed on.
 * Bounded: the oldest id is forgotten when a new one would exceed the window.
 */
public final class RecentMessageIds {

	private final Map<String, Boolean> ids;

	/**
	 * Create an empty window.
	 * @param capacity how many ids it remembers, at least 1
	 */
	public RecentMessageIds(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
		}
		this.ids = new LinkedHashMap<>(16, 0.75f, false) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
				return size() > capacity;
			}

		};
	}

	/**
	 * Remember a message's id.
	 * @param data the message
	 * @return {@code true} if it is new, {@code false} if it was seen within the window
	 */
	public synchronized boolean firstTime(BusFrame.Data data) {
		return this.ids.putIfAbsent(data.messageId(), Boolean.TRUE) == null;
	}

}
