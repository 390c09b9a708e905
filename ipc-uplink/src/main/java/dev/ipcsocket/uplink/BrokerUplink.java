package dev.ipcsocket.uplink;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.bus.BusFrame;
import dev.ipcsocket.bus.BusFrameCodec;
import dev.ipcsocket.bus.BusUplink;
import dev.ipcsocket.uplink.UplinkRouting.Inbound;
import dev.ipcsocket.uplink.UplinkRouting.Outbound;

/**
 * A {@link BusUplink} through a message broker. Installed on every member; only the hub starts
 * it. Messages for other hosts go into a bounded buffer ({@link #send} never waits) and one
 * thread, {@code ipc-uplink-sender}, sends them in order, each only after the broker confirmed
 * the one before: a failed send is retried with a growing back-off until the broker is back.
 * Records from the broker are sorted by {@link UplinkRouting} and those for this host handed to
 * the hub. Subscribing and unsubscribing run on a thread of their own,
 * {@code ipc-uplink-binding}, because a broker that is down can make them take long.
 * <p>
 * The sender loop, the binding thread and the broker state share one lifecycle (start, stop,
 * the broker going and coming back), which is why they stay in this one class of about 400 lines.
 */
public final class BrokerUplink implements BusUplink {

	private static final Log logger = LogFactory.getLog(BrokerUplink.class);

	/** How long {@link #stop} waits for the subscription to end before it returns anyway. */
	private static final Duration UNSUBSCRIBE_WAIT = Duration.ofSeconds(5);

	private static final Duration IDLE_WAKE_UP = Duration.ofSeconds(1);

	private final UplinkRouting routing;

	private final BrokerLink broker;

	private final UplinkBuffer<Pending> buffer;

	private final int duplicateWindow;

	private final Supplier<@Nullable String> localInstanceId;

	private final UplinkCounters counters = new UplinkCounters();

	private final UplinkConfirmations confirmations = new UplinkConfirmations();

	private final ExponentialBackOff backOff = new ExponentialBackOff(100, 2);

	private final Object lifecycle = new Object();

	private volatile @Nullable Hub hub;

	private volatile @Nullable Thread sender;

	private volatile @Nullable ExecutorService binding;

	private volatile BrokerState brokerState = BrokerState.UNKNOWN;

	private volatile @Nullable String lastBrokerError;

	BrokerUplink(UplinkRouting routing, BrokerLink broker, int bufferCapacity, IpcUplinkProperties.Overflow overflow,
			int duplicateWindow, Supplier<@Nullable String> localInstanceId) {
		if (duplicateWindow < 1) {
			throw new IllegalArgumentException("ipc.uplink.dedupe-window must be at least 1, was " + duplicateWindow);
		}
		this.routing = routing;
		this.broker = broker;
		this.buffer = new UplinkBuffer<>(bufferCapacity, overflow);
		this.duplicateWindow = duplicateWindow;
		this.localInstanceId = localInstanceId;
		this.backOff.setMaxInterval(5_000);
		this.backOff.setMaxElapsedTime(Long.MAX_VALUE);
	}

	@Override
	public void start(Hub hub) {
		synchronized (this.lifecycle) {
			if (this.hub != null) {
				return;
			}
			this.hub = hub;
			Thread thread = new Thread(this::sendBuffered, "ipc-uplink-sender");
			thread.setDaemon(true);
			this.sender = thread;
			ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
				Thread bindingThread = new Thread(task, "ipc-uplink-binding");
				bindingThread.setDaemon(true);
				return bindingThread;
			});
			this.binding = executor;
			thread.start();
			executor.execute(this::subscribe);
			logger.info("Broker uplink of host '" + this.routing.hostId() + "' starts on " + this.broker.describe()
					+ " (this member is the hub)");
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Unsubscribes first, waiting a few seconds at most, and goes on delivering meanwhile: a
	 * record the broker counts as consumed must have reached this host.
	 */
	@Override
	public void stop() {
		Thread thread;
		ExecutorService executor;
		synchronized (this.lifecycle) {
			if (this.hub == null) {
				return;
			}
			thread = this.sender;
			executor = this.binding;
			this.sender = null;
			this.binding = null;
		}
		if (executor != null) {
			Future<?> unsubscribed = executor.submit(this.broker::unsubscribe);
			executor.shutdown();
			try {
				unsubscribed.get(UNSUBSCRIBE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				logger.warn("Broker uplink still unsubscribing from " + this.broker.describe() + " after "
						+ UNSUBSCRIBE_WAIT + "; it goes on in the background");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException ex) {
				logger.warn("Broker uplink could not unsubscribe from " + this.broker.describe() + ": "
						+ ex.getCause());
			}
		}
		Hub hub;
		synchronized (this.lifecycle) {
			hub = this.hub;
			this.hub = null;
		}
		if (thread != null) {
			thread.interrupt();
		}
		if (hub != null) {
			reportOwnBuffered(hub);
		}
		logger.info("Broker uplink of host '" + this.routing.hostId() + "' stopped");
	}

	/**
	 * The hub stops: the clients keep their messages until {@link Hub#uplinked} and give them to
	 * the next hub, but the hub's own messages would be lost with it: report them.
	 */
	private void reportOwnBuffered(Hub hub) {
		String self = this.localInstanceId.get();
		List<Pending> buffered = this.buffer.drain();
		this.confirmations.clear();
		for (Pending pending : buffered) {
			if (pending.original().origin().equals(self)) {
				undelivered(hub, pending.original(), IpcError.LOST_CONNECTION,
						"the hub stopped before the broker " + this.broker.describe() + " took it");
			}
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * {@link Hub#uplinked} confirms messages cumulatively per sender: a message the broker took,
	 * delivered on this host or reported is confirmed once every earlier message of its sender
	 * that waits for the broker is settled too.
	 */
	@Override
	public void send(BusFrame.Data data) {
		Hub hub = this.hub;
		if (hub == null) {
			this.counters.increment(UplinkResult.FAILED);
			logger.warn("Broker uplink is not started on this member (it is not the hub): message "
					+ data.printableId() + " does not leave this host");
			return;
		}
		Outbound outbound = this.routing.outbound(data, hub.applicationId());
		switch (outbound.route()) {
			case LOCAL -> {
				hub.deliver(outbound.data());
				settled(hub, data);
			}
			case UNDELIVERABLE -> {
				undelivered(hub, data, IpcError.NAME_RESOLUTION_ERROR, String.valueOf(outbound.reason()));
				settled(hub, data);
			}
			case BROKER -> {
				this.confirmations.waiting(data);
				Pending givenUp = this.buffer.offer(new Pending(data, outbound.data()));
				if (givenUp != null) {
					undelivered(hub, givenUp.original(), IpcError.INVALID_STATE_ERROR, "the uplink buffer is full: "
							+ this.buffer.capacity() + " messages wait for the broker " + this.broker.describe()
							+ " (" + this.brokerState.name().toLowerCase(Locale.ROOT)
							+ "); raise ipc.uplink.buffer-capacity or bring the broker back");
					settled(hub, givenUp.original());
				}
			}
		}
	}

	private void settled(Hub hub, BusFrame.Data data) {
		BusFrame.Data confirmed = this.confirmations.settled(data);
		if (confirmed != null) {
			hub.uplinked(confirmed);
		}
	}

	@Override
	public int duplicateWindow() {
		return this.duplicateWindow;
	}

	@Override
	public void duplicateDropped(BusFrame.Data data) {
		this.counters.increment(UplinkResult.DUPLICATE);
	}

	/** The sender thread: one message at a time, in order, each until the broker has it. */
	private void sendBuffered() {
		BackOffExecution retry = this.backOff.start();
		while (!Thread.currentThread().isInterrupted()) {
			Pending next;
			try {
				next = this.buffer.take(IDLE_WAKE_UP);
			}
			catch (InterruptedException ex) {
				return;
			}
			if (next == null) {
				continue;
			}
			try {
				this.broker.send(BusFrameCodec.encode(next.qualified()), this.routing.headers(next.qualified()));
			}
			catch (RuntimeException ex) {
				if (Thread.currentThread().isInterrupted()) {
					return;
				}
				this.counters.increment(UplinkResult.FAILED);
				brokerDown("cannot send to", ex);
				if (!pause(retry.nextBackOff())) {
					return;
				}
				continue;
			}
			this.buffer.sent();
			this.counters.increment(UplinkResult.UPLINKED);
			brokerUp();
			retry = this.backOff.start();
			Hub hub = this.hub;
			if (hub != null) {
				settled(hub, next.original());
			}
		}
	}

	private boolean pause(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			return false;
		}
	}

	private void subscribe() {
		try {
			this.broker.subscribe(this::receive);
			logger.info("Broker uplink of host '" + this.routing.hostId() + "' receives from "
					+ this.broker.describe());
		}
		catch (RuntimeException ex) {
			brokerDown("cannot receive from", ex);
		}
	}

	/**
	 * Take one record from the broker. Never throws: a record that cannot be delivered is
	 * counted and logged, and the subscription goes on.
	 * @param payload the record's payload
	 * @param headers the record's headers
	 */
	void receive(Object payload, Map<String, Object> headers) {
		Hub hub = this.hub;
		if (hub == null) {
			return;
		}
		brokerUp();
		Inbound inbound = this.routing.inbound(payload, headers, hub.applicationId());
		switch (inbound.route()) {
			case DELIVER -> deliver(hub, inbound);
			case ECHO -> this.counters.increment(UplinkResult.ECHO);
			case HOP_LIMIT -> this.counters.increment(UplinkResult.HOP_LIMIT);
			case IGNORED -> this.counters.increment(UplinkResult.IGNORED);
			case MALFORMED -> undelivered(hub, null, IpcError.LOST_CONNECTION,
					"dropped a record from " + this.broker.describe() + " that is no uplink record: " + inbound.reason());
		}
	}

	private void deliver(Hub hub, Inbound inbound) {
		BusFrame.Data data = inbound.data();
		try {
			hub.deliver(data);
			this.counters.increment(UplinkResult.RECEIVED);
		}
		catch (RuntimeException ex) {
			this.counters.increment(UplinkResult.FAILED);
			logger.warn("Broker uplink could not deliver " + data.printableId() + " on this host: " + ex);
		}
	}

	private void undelivered(Hub hub, BusFrame.@Nullable Data data, IpcError error, String reason) {
		this.counters.increment(UplinkResult.FAILED);
		logger.warn("Broker uplink: " + ((data != null) ? "message " + data.printableId() + " not delivered: " : "")
				+ reason);
		try {
			hub.undelivered(data, error, reason);
		}
		catch (RuntimeException ex) {
			logger.warn("Broker uplink could not report: " + ex);
		}
	}

	private void brokerUp() {
		if (this.brokerState != BrokerState.UP) {
			if (this.brokerState == BrokerState.DOWN) {
				logger.info("Broker uplink reaches " + this.broker.describe() + " again");
			}
			this.brokerState = BrokerState.UP;
		}
	}

	private void brokerDown(String what, RuntimeException ex) {
		this.lastBrokerError = String.valueOf(ex.getMessage());
		if (this.brokerState != BrokerState.DOWN) {
			this.brokerState = BrokerState.DOWN;
			logger.warn("Broker uplink " + what + " " + this.broker.describe() + " (" + this.buffer.size()
					+ " messages wait; retrying): " + ex);
		}
	}

	/**
	 * Return the uplink's state, for health and metrics.
	 * @return the state now
	 */
	public State state() {
		return new State(this.hub != null, this.brokerState, this.lastBrokerError, this.buffer.size(),
				this.routing.hostId(), this.broker.describe());
	}

	/**
	 * Return the message counts.
	 * @return the counters
	 */
	public UplinkCounters counters() {
		return this.counters;
	}

	/**
	 * A message waiting for the broker.
	 * @param original as the hub handed it over, for {@link Hub#uplinked} and reports
	 * @param qualified as it goes to the broker
	 */
	private record Pending(BusFrame.Data original, BusFrame.Data qualified) {
	}

	/** Whether the broker took the last send, or the uplink received from it. */
	public enum BrokerState {

		/** Nothing sent or received yet. */
		UNKNOWN,

		/** The last send succeeded, or a record came. */
		UP,

		/** The last send, or the subscription, failed. */
		DOWN

	}

	/**
	 * The uplink's state.
	 * @param hub whether this member is the hub and so holds the broker link; otherwise it
	 * stands by
	 * @param broker whether the broker is reachable, as last seen
	 * @param lastBrokerError the last failure, if any
	 * @param buffered messages waiting for the broker
	 * @param hostId this host's id
	 * @param destination the broker destination
	 */
	public record State(boolean hub, BrokerState broker, @Nullable String lastBrokerError, int buffered,
			String hostId, String destination) {
	}

}
