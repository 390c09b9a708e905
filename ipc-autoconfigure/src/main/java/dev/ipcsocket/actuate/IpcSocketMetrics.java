package dev.ipcsocket.actuate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcRoleDecidedEvent;
import dev.ipcsocket.IpcStatistics;

/**
 * {@link MeterBinder} for an {@link IPCSocket}: function counters, a function timer and gauges
 * that read {@link IPCSocket#statistics()} when a registry publishes, so sending and receiving
 * cost nothing extra. Meters are tagged with the socket's {@code path} and {@code role}; they
 * appear once the handshake has decided the role, and are registered again if the role changes.
 */
public class IpcSocketMetrics implements MeterBinder {

	private final IPCSocket socket;

	private final Map<MeterRegistry, Registration> registrations = new HashMap<>();

	/**
	 * Create the binder and follow the socket's role decisions.
	 * @param socket the socket to measure
	 */
	public IpcSocketMetrics(IPCSocket socket) {
		this.socket = socket;
		socket.addListener(this::onEvent);
	}

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		this.registrations.putIfAbsent(registry, Registration.NONE);
		IpcRole role = this.socket.role();
		if (role != null) {
			register(registry, role);
		}
	}

	private void onEvent(IpcEvent event) {
		if (event instanceof IpcRoleDecidedEvent decided) {
			onRoleDecided(decided.role());
		}
	}

	private synchronized void onRoleDecided(IpcRole role) {
		for (MeterRegistry registry : List.copyOf(this.registrations.keySet())) {
			register(registry, role);
		}
	}

	private void register(MeterRegistry registry, IpcRole role) {
		Registration previous = this.registrations.get(registry);
		if (role == previous.role()) {
			return;
		}
		previous.meters().forEach(registry::remove);
		Tags tags = Tags.of("path", this.socket.path().toString(), "role", role.name());
		List<Meter> meters = new ArrayList<>();
		meters.add(counter(registry, "ipc.messages.sent", "Messages sent, counted once per peer written to", tags,
				IpcStatistics::messagesSent, null));
		meters.add(counter(registry, "ipc.messages.received", "Messages received from peers", tags,
				IpcStatistics::messagesReceived, null));
		meters.add(counter(registry, "ipc.messages.relayed", "Messages the listener forwarded between clients", tags,
				IpcStatistics::messagesRelayed, null));
		meters.add(counter(registry, "ipc.messages.duplicates",
				"Messages received again and dropped: sent again after a re-election, or delivered twice by a broker",
				tags, IpcStatistics::duplicatesDropped, null));
		meters.add(counter(registry, "ipc.payload.sent", "Payload bytes sent", tags, IpcStatistics::bytesSent,
				BaseUnits.BYTES));
		meters.add(counter(registry, "ipc.payload.received", "Payload bytes received", tags,
				IpcStatistics::bytesReceived, BaseUnits.BYTES));
		meters.add(counter(registry, "ipc.connections.opened", "Connections to peers that came up", tags,
				IpcStatistics::connectionsOpened, null));
		meters.add(counter(registry, "ipc.connections.closed", "Connections to peers that ended", tags,
				IpcStatistics::connectionsClosed, null));
		for (IpcError error : IpcError.values()) {
			meters.add(counter(registry, "ipc.errors", "Errors raised or published, by classic code",
					tags.and("code", String.valueOf(error.code()), "error", error.name()),
					(statistics) -> statistics.errorCount(error), null));
		}
		meters.add(FunctionTimer
			.builder("ipc.send", this.socket, (socket) -> socket.statistics().sendCalls(),
					(socket) -> socket.statistics().sendTime().toNanos(), TimeUnit.NANOSECONDS)
			.description("Calls of send and flush that sent a message, and the time spent in them")
			.tags(tags)
			.register(registry));
		meters.add(Gauge.builder("ipc.peers", this.socket, (socket) -> socket.peers().size())
			.description("Peers connected now: for a client, its listener")
			.tags(tags)
			.register(registry));
		meters.add(Gauge.builder("ipc.events.pending", this.socket, (socket) -> socket.statistics().pendingEvents())
			.description("Events waiting for listeners on the dispatch thread")
			.tags(tags)
			.register(registry));
		meters.add(Gauge.builder("ipc.messages.unconfirmed", this.socket, (socket) -> socket.statistics().unconfirmed())
			.description("Messages this client sent that its listener has not yet confirmed as passed on")
			.tags(tags)
			.register(registry));
		this.registrations.put(registry, new Registration(role, List.copyOf(meters)));
	}

	private FunctionCounter counter(MeterRegistry registry, String name, String description, Tags tags,
			ToDoubleFunction<IpcStatistics> count, @Nullable String baseUnit) {
		return FunctionCounter.builder(name, this.socket, (socket) -> count.applyAsDouble(socket.statistics()))
			.description(description)
			.baseUnit(baseUnit)
			.tags(tags)
			.register(registry);
	}

	/** The meters registered in one registry, and the role they are tagged with. */
	private record Registration(@Nullable IpcRole role, List<Meter> meters) {

		static final Registration NONE = new Registration(null, List.of());

	}

}
