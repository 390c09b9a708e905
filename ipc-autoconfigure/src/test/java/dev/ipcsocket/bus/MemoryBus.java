package dev.ipcsocket.bus;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcRequestEvent;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;

/**
 * One member of an in-memory bus: a {@link Bus} and the {@link BusHost} that carries it, wired
 * as {@code UnixDomainIPCSocket} wires it to sockets but with {@link MemoryLink}s. Events are
 * kept in a list (and handed to an optional listener, one at a time, on the thread that raised
 * them); errors are recorded; a re-election asks the member's {@link MemoryPath}.
 */
final class MemoryBus implements BusHost, AutoCloseable {

	private final MemoryPath path;

	private final IpcSocketSettings settings;

	private final IpcPeer self;

	private final Bus bus;

	private final IPCSocket socket;

	private final ScheduledExecutorService scheduler;

	private final List<IpcEvent> events = new CopyOnWriteArrayList<>();

	private final List<IpcException> errors = new CopyOnWriteArrayList<>();

	private final AtomicInteger elections = new AtomicInteger();

	private final AtomicInteger endpointStops = new AtomicInteger();

	private final Object endpointLock = new Object();

	/** As the hub: the ends of the clients' links, while it accepts. */
	private final List<MemoryLink.End> accepted = new ArrayList<>();

	private boolean accepting;

	/** As a client: this side's end of the link to the listener. */
	private MemoryLink.@Nullable End toListener;

	private volatile @Nullable Consumer<IpcEvent> listener;

	private volatile boolean closing;

	private volatile boolean dead;

	private volatile boolean scheduledTasksHeld;

	MemoryBus(MemoryPath path, IpcSocketSettings settings, long pid) {
		this.path = path;
		this.settings = settings;
		this.self = new IpcPeer(settings.instanceId(), pid, 1000, 1000);
		this.socket = stubSocket(settings.path(), settings.instanceId());
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "memory-scheduler-" + settings.instanceId());
			thread.setDaemon(true);
			return thread;
		});
		this.bus = new Bus(settings, this.self, this);
	}

	/** Settings for a member of an in-memory bus: its path names no file. */
	static IpcSocketSettings.Builder settings(MemoryPath path, String applicationId, String instanceId) {
		return IpcSocketSettings.builder(Path.of("/in-memory", path.name() + ".sock"))
			.applicationId(applicationId)
			.instanceId(instanceId);
	}

	/** An IPCSocket that only names itself: the events' source. */
	private static IPCSocket stubSocket(Path path, String instanceId) {
		return (IPCSocket) Proxy.newProxyInstance(IPCSocket.class.getClassLoader(), new Class<?>[] { IPCSocket.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "path" -> path;
					case "instanceId" -> instanceId;
					case "toString" -> "MemorySocket[" + instanceId + "]";
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> throw new UnsupportedOperationException(method.getName() + " on an in-memory bus");
				});
	}

	Bus bus() {
		return this.bus;
	}

	IpcPeer self() {
		return this.self;
	}

	String instanceId() {
		return this.self.id();
	}

	/**
	 * Hand every event to this listener too, on the thread that raises it (one at a time).
	 * @param eventListener the listener
	 */
	void onEvent(Consumer<IpcEvent> eventListener) {
		this.listener = eventListener;
	}

	/** Answer every request with {@code prefix + the request's text}. */
	void answerRequests(String prefix) {
		onEvent((event) -> {
			if (event instanceof IpcRequestEvent request) {
				request.reply(prefix + request.getText());
			}
		});
	}

	// ---- taking a role, as UnixDomainIPCSocket does -----------------------------------------

	/** Connect or listen through the path, as {@code start()} does in the default mode. */
	IpcRole start() {
		this.path.connectOrListen(this);
		return Objects.requireNonNull(this.bus.role());
	}

	/** As {@code becomeListener}: the hub's side is set before the first accept, the uplink starts after. */
	void becomeListener() {
		synchronized (this.endpointLock) {
			this.bus.becomeHub();
			this.bus.decided(IpcRole.LISTENER);
			this.accepting = true;
		}
		this.bus.startUplink();
	}

	/** As {@code becomeClient}: expect the Welcome, send the Hello first, wait for the answer. */
	void becomeClient(MemoryBus hub) {
		this.bus.expectWelcome();
		MemoryLink connection = new MemoryLink(this.self, hub.self, this.path.name());
		MemoryLink.End mine = connection.first();
		try {
			Link link = mine.attach(this.bus);
			hub.accept(connection.second());
			synchronized (this.endpointLock) {
				this.toListener = mine;
			}
			mine.send(this.bus.hello());
			this.bus.join(link);
		}
		catch (RuntimeException ex) {
			// as transport.abandon: the connection and the endpoint go, then the bus forgets the handshake
			mine.close();
			synchronized (this.endpointLock) {
				this.toListener = null;
			}
			this.bus.abandonJoin();
			throw (ex instanceof IpcException ipc) ? ipc
					: new IpcException(IpcError.OPEN_DRIVER_ERROR, "cannot connect: " + ex.getMessage(), ex);
		}
	}

	/** The listener accepts a connection: its end is on the hub's bus before the Hello arrives. */
	private void accept(MemoryLink.End end) {
		synchronized (this.endpointLock) {
			if (!this.accepting) {
				throw new IpcException(IpcError.LOST_CONNECTION, "Connection refused: " + instanceId() + " stopped listening");
			}
			end.attach(this.bus);
			this.accepted.add(end);
		}
	}

	/** As the hub: its end of a client's link. */
	MemoryLink.End linkFrom(String instanceId) {
		synchronized (this.endpointLock) {
			return this.accepted.stream()
				.filter((end) -> end.link().member() != null && end.link().member().id().equals(instanceId))
				.findFirst()
				.orElseThrow();
		}
	}

	/** This member's end of the link to its listener, to send raw frames through in tests. */
	MemoryLink.End linkToListener() {
		synchronized (this.endpointLock) {
			return Objects.requireNonNull(this.toListener, "not a client");
		}
	}

	// ---- the socket's API, as far as the tests need it ------------------------------------

	void broadcast(String text) {
		this.bus.send(null, "", bytes(text));
	}

	void sendTo(String target, String text) {
		this.bus.send(target, "", bytes(text));
	}

	IpcMessage request(String target, String text, Duration timeout) {
		return this.bus.request(target, "", bytes(text), timeout);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** As {@code close()}: leave, stop the endpoint, report what was kept, stop the threads. */
	@Override
	public void close() {
		if (this.closing) {
			return;
		}
		this.closing = true;
		if (this.dead) {
			this.bus.shutDown();
			this.scheduler.shutdownNow();
			return;
		}
		this.bus.closing();
		this.bus.leave();
		stopEndpoint();
		this.bus.shutDown();
		this.scheduler.shutdownNow();
	}

	/**
	 * The process dies: every link breaks off without a goodbye, the path is free, and this bus
	 * hears nothing more.
	 * @param readFailure what the peers' readers fail with, or {@code null} for a plain end of stream
	 */
	void crash(@Nullable String readFailure) {
		this.dead = true;
		this.closing = true;
		List<MemoryLink.End> ends;
		synchronized (this.endpointLock) {
			this.accepting = false;
			ends = new ArrayList<>(this.accepted);
			if (this.toListener != null) {
				ends.add(this.toListener);
			}
		}
		this.path.stoppedListening(this);
		ends.forEach((end) -> end.breakOff(readFailure));
	}

	// ---- what the tests look at -----------------------------------------------------------

	List<IpcEvent> events() {
		return List.copyOf(this.events);
	}

	<T extends IpcEvent> List<T> events(Class<T> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	/** The texts of the messages received (not requests), in order. */
	List<String> texts() {
		return this.events.stream()
			.filter((event) -> event instanceof IpcDataEvent && !(event instanceof IpcRequestEvent))
			.map((event) -> ((IpcDataEvent) event).getText())
			.toList();
	}

	List<IpcErrorEvent> errorEvents() {
		return events(IpcErrorEvent.class);
	}

	List<IpcException> errors() {
		return List.copyOf(this.errors);
	}

	/** How many times the bus asked for a new election. */
	int elections() {
		return this.elections.get();
	}

	/** How many times the bus asked to stop its endpoint. */
	int endpointStops() {
		return this.endpointStops.get();
	}

	// ---- BusHost ---------------------------------------------------------------------------

	@Override
	public IPCSocket socket() {
		return this.socket;
	}

	@Override
	public void dispatch(IpcEvent event) {
		if (this.dead) {
			return;
		}
		synchronized (this.events) {
			this.events.add(event);
			Consumer<IpcEvent> current = this.listener;
			if (current != null) {
				current.accept(event);
			}
		}
	}

	@Override
	public void dispatchReceived(IpcEvent event) {
		dispatch(event);
	}

	@Override
	public void keepForReading(IpcMessage message) {
		// no pull API here: messages are events
	}

	@Override
	public void recordError(IpcException exception) {
		this.errors.add(exception);
	}

	@Override
	public void beforeWaiting() {
		// the tests wait on their own threads, never on a reader
	}

	@Override
	public void stopEndpoint() {
		this.endpointStops.incrementAndGet();
		this.bus.stopUplink();
		List<MemoryLink.End> ends;
		synchronized (this.endpointLock) {
			this.accepting = false;
			ends = new ArrayList<>(this.accepted);
			this.accepted.clear();
			if (this.toListener != null) {
				ends.add(this.toListener);
				this.toListener = null;
			}
		}
		// outside the endpoint lock: an election holds the path's lock while it takes this one
		this.path.stoppedListening(this);
		ends.forEach(MemoryLink.End::close);
	}

	@Override
	public void electAgain() {
		this.elections.incrementAndGet();
		this.path.connectOrListen(this);
	}

	@Override
	public boolean isClosing() {
		return this.closing;
	}

	/** Keep every task the bus schedules from now on from running, as a process that stalls would. */
	void holdScheduledTasks() {
		this.scheduledTasksHeld = true;
	}

	@Override
	public boolean schedule(Runnable task, Instant at) {
		if (this.scheduledTasksHeld) {
			return true;
		}
		try {
			this.scheduler.schedule(task, Math.max(0, Duration.between(Instant.now(), at).toNanos()),
					TimeUnit.NANOSECONDS);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	@Override
	public String toString() {
		return "MemoryBus[" + this.bus + "]";
	}

}
