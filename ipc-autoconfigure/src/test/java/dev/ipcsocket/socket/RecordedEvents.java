package dev.ipcsocket.socket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcEventListener;

import static org.awaitility.Awaitility.await;

/**
 * The events the sockets of a test raised, for the tests that wait for an error naming what was
 * wrong.
 */
final class RecordedEvents implements IpcEventListener {

	private final List<IpcEvent> events = new CopyOnWriteArrayList<>();

	@Override
	public void onEvent(IpcEvent event) {
		this.events.add(event);
	}

	/** Every event so far. */
	List<IpcEvent> all() {
		return this.events;
	}

	/** The error events so far. */
	List<IpcErrorEvent> errors() {
		return this.events.stream().filter(IpcErrorEvent.class::isInstance).map(IpcErrorEvent.class::cast).toList();
	}

	/** Wait for the first error event whose message contains this part. */
	IpcErrorEvent awaitError(String messagePart, Duration wait) {
		await().atMost(wait)
			.until(() -> errors().stream().anyMatch((error) -> error.getException().getMessage().contains(messagePart)));
		return errors().stream()
			.filter((error) -> error.getException().getMessage().contains(messagePart))
			.findFirst()
			.orElseThrow();
	}

}
