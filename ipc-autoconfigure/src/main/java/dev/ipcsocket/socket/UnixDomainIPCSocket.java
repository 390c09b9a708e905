package dev.ipcsocket.socket;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcEventListener;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.IpcStatistics;
import dev.ipcsocket.bus.Bus;
import dev.ipcsocket.bus.BusUplink;

/**
 * {@link IPCSocket} over a Unix domain socket: the sibling {@link Bus} (package
 * {@code dev.ipcsocket.bus}) carried by junixsocket and Spring Integration (package
 * {@code dev.ipcsocket.transport}), bound together by a {@link BusEndpoint}. This class is the
 * API: it holds the classic byte API and the error bookkeeping, and delegates the rest. A start
 * after {@link #close()} joins the bus again through a new endpoint (new threads, the same
 * listeners, uplink and counters).
 */
public final class UnixDomainIPCSocket implements IPCSocket {

	private final IpcSocketSettings settings;

	/** The listeners registered so far, for the endpoint of each run. */
	private final List<IpcEventListener> listeners = new CopyOnWriteArrayList<>();

	private final Object restartLock = new Object();

	private volatile @Nullable BusUplink uplink;

	/** The endpoint of this run; a start after close makes a new one (new threads, the same counters). */
	private volatile BusEndpoint endpoint;

	private volatile Bus bus;

	private volatile ClassicStream stream;

	private volatile int lastErrorCode;

	public UnixDomainIPCSocket(IpcSocketSettings settings) {
		this.settings = settings;
		this.stream = newStream();
		this.endpoint = new BusEndpoint(this, settings, this.stream, this::fail, null);
		this.bus = this.endpoint.bus();
	}

	private ClassicStream newStream() {
		return new ClassicStream(this.settings.path(), this.settings.maxMessageSize(),
				this.settings.receiveBufferCapacity());
	}

	/**
	 * The endpoint to start: after a close, a new one with the listeners, the uplink and the
	 * counters of the last, so that a stopped socket can join the bus again.
	 */
	private BusEndpoint endpointToStart() {
		synchronized (this.restartLock) {
			BusEndpoint current = this.endpoint;
			if (!current.isClosed()) {
				return current;
			}
			ClassicStream nextStream = newStream();
			BusEndpoint next = new BusEndpoint(this, this.settings, nextStream, this::fail, current.bus());
			this.listeners.forEach(next.dispatcher()::addListener);
			BusUplink carrier = this.uplink;
			if (carrier != null) {
				next.setUplink(carrier);
			}
			this.stream = nextStream;
			this.bus = next.bus();
			this.endpoint = next;
			return next;
		}
	}

	/**
	 * Return the settings the socket was created with.
	 * @return the settings
	 */
	public IpcSocketSettings settings() {
		return this.settings;
	}

	/**
	 * Return how long the last re-election took, from losing the listener to a decided role.
	 * @return the duration, or {@code null} if there was none
	 */
	public @Nullable Duration lastReelection() {
		return this.bus.lastReelection();
	}

	/**
	 * Carry the bus to other hosts through this uplink whenever this member is the hub, and drop
	 * repeated messages. Call it before the socket starts.
	 * @param uplink the uplink
	 */
	public void setUplink(BusUplink uplink) {
		this.endpoint.setUplink(uplink);
		this.uplink = uplink;
	}

	/** Client with an uplink: how many of its messages its listener has not yet confirmed as uplinked. */
	int unconfirmedCount() {
		return this.bus.unconfirmedCount();
	}

	@Override
	public Path path() {
		return this.settings.path();
	}

	@Override
	public String instanceId() {
		return this.bus.instanceId();
	}

	@Override
	public void addListener(IpcEventListener listener) {
		synchronized (this.restartLock) {
			this.listeners.add(listener);
			this.endpoint.dispatcher().addListener(listener);
		}
	}

	@Override
	public IpcRole start() {
		switch (this.settings.mode()) {
			case CONNECT -> connect();
			case LISTEN -> listen();
			default -> endpointToStart().connectOrListen();
		}
		return Objects.requireNonNull(this.bus.role());
	}

	@Override
	public void connect() {
		endpointToStart().connect();
	}

	@Override
	public void listen() {
		endpointToStart().listen();
	}

	@Override
	public void send(byte[] payload) {
		send(null, "", payload);
	}

	@Override
	public void send(String text) {
		send(text.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public void sendTo(String instanceId, byte[] payload) {
		send(instanceId, "", payload);
	}

	@Override
	public void send(@Nullable String target, String type, byte[] payload) {
		recorded(() -> {
			this.bus.send(target, type, payload);
			return null;
		});
	}

	@Override
	public int broadcast(String type, byte[] payload) {
		return recorded(() -> this.bus.broadcast(type, payload));
	}

	@Override
	public IpcMessage request(String target, String type, byte[] payload, Duration timeout) {
		return recorded(() -> this.bus.request(target, type, payload, timeout));
	}

	@Override
	public CompletableFuture<IpcMessage> requestAsync(String target, String type, byte[] payload, Duration timeout) {
		CompletableFuture<IpcMessage> reply = recorded(() -> this.bus.requestAsync(target, type, payload, timeout));
		reply.whenComplete((message, failure) -> {
			if (failure != null && failure.getCause() instanceof IpcException ex) {
				fail(ex);
			}
		});
		return reply;
	}

	@Override
	public @Nullable IpcRole role() {
		return this.bus.role();
	}

	@Override
	public boolean isConnected() {
		return this.bus.isConnected();
	}

	@Override
	public List<IpcPeer> peers() {
		return this.bus.peers();
	}

	@Override
	public IpcStatistics statistics() {
		return this.bus.statistics(this.endpoint.dispatcher().pending());
	}

	@Override
	public int lastErrorCode() {
		return this.lastErrorCode;
	}

	// ---- the classic API -------------------------------------------------------------------

	@Override
	public @Nullable IpcMessage receive(Duration timeout) {
		ReceiveBuffer buffer = received();
		this.endpoint.beforeWaiting();
		try {
			return buffer.receive(timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	@Override
	public void write(byte[] bytes) {
		recorded(() -> {
			this.stream.write(bytes);
			return null;
		});
	}

	@Override
	public void flush() {
		this.stream.flush(this::send);
	}

	@Override
	public int bytesLeftToSend() {
		return this.stream.bytesLeftToSend();
	}

	@Override
	public int bytesAvailable() {
		return this.stream.bytesAvailable();
	}

	@Override
	public byte[] read(int count) {
		return received().read(count, true);
	}

	@Override
	public byte[] readAll() {
		return received().read(Integer.MAX_VALUE, true);
	}

	@Override
	public byte[] lookahead() {
		return received().read(Integer.MAX_VALUE, false);
	}

	@Override
	public boolean eof() {
		return (this.endpoint.isClosed() || this.bus.isCutOff()) && bytesAvailable() == 0;
	}

	private ReceiveBuffer received() {
		return recorded(this.stream::received);
	}

	@Override
	public void close() {
		this.endpoint.close();
	}

	// ---- errors ----------------------------------------------------------------------------

	/** Run an operation whose failure is thrown to the caller, recording the failure first. */
	private <T> T recorded(Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (IpcException ex) {
			throw fail(ex);
		}
	}

	private IpcException fail(IpcException exception) {
		this.lastErrorCode = exception.code();
		this.bus.countError(exception.error());
		return exception;
	}

	@Override
	public String toString() {
		return "UnixDomainIPCSocket[path=" + path() + ", " + this.bus + "]";
	}

}
