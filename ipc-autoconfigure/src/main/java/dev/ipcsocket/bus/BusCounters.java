package dev.ipcsocket.bus;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcStatistics;

/**
 * The counters behind {@link IpcStatistics}; cheap enough for the per-message path.
 */
final class BusCounters {

	final LongAdder messagesSent = new LongAdder();

	final LongAdder bytesSent = new LongAdder();

	final LongAdder messagesReceived = new LongAdder();

	final LongAdder bytesReceived = new LongAdder();

	final LongAdder messagesRelayed = new LongAdder();

	final LongAdder sendCalls = new LongAdder();

	final LongAdder sendNanos = new LongAdder();

	final LongAdder connectionsOpened = new LongAdder();

	final LongAdder connectionsClosed = new LongAdder();

	final LongAdder duplicatesDropped = new LongAdder();

	private final Map<IpcError, LongAdder> errors = new EnumMap<>(IpcError.class);

	BusCounters() {
		for (IpcError error : IpcError.values()) {
			this.errors.put(error, new LongAdder());
		}
	}

	void error(IpcError error) {
		this.errors.get(error).increment();
	}

	IpcStatistics snapshot(int pendingEvents, int unconfirmed) {
		Map<IpcError, Long> errorCounts = new EnumMap<>(IpcError.class);
		this.errors.forEach((error, count) -> errorCounts.put(error, count.sum()));
		return new IpcStatistics(this.messagesSent.sum(), this.bytesSent.sum(), this.messagesReceived.sum(),
				this.bytesReceived.sum(), this.messagesRelayed.sum(), this.sendCalls.sum(),
				Duration.ofNanos(this.sendNanos.sum()), this.connectionsOpened.sum(), this.connectionsClosed.sum(),
				Map.copyOf(errorCounts), pendingEvents, this.duplicatesDropped.sum(), unconfirmed);
	}

}
