package dev.ipcsocket.transport;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcEventListener;

/**
 * Hands events to listeners one at a time, in order: a received message on the reader thread
 * that received it while nothing waits in the queue (no thread hand-off; the reader marks that
 * time, so that its connection can hand reading over to another thread), everything else, or
 * everything when asked to, on one named dispatch thread. The queue is bounded in events and in
 * payload bytes: when listeners fall behind, the reader threads wait (back-pressure on the
 * sockets) rather than drop or buffer without limit.
 */
public final class EventDispatcher {

	private static final Log logger = LogFactory.getLog(EventDispatcher.class);

	private static final long STOP_TIMEOUT_SECONDS = 10;

	private final List<IpcEventListener> listeners = new CopyOnWriteArrayList<>();

	/** Queued behind every event by {@link #stop()}: the thread ends when it reaches it. */
	private static final Object STOP = new Object();

	private final DispatchQueue queue;

	private final Thread thread;

	private final boolean deliverOnIoThreads;

	private final Consumer<IpcEvent> afterListeners;

	/** Held by whichever thread runs the listeners, so that they never run concurrently. */
	private final ReentrantLock delivering = new ReentrantLock();

	/**
	 * Events queued and not yet delivered, the one the dispatch thread has taken included: a
	 * reader delivers on its own thread only when this is 0, so it never overtakes them.
	 */
	private final AtomicInteger undelivered = new AtomicInteger();

	/** Events raised by a listener while it runs; delivered after it by the same thread, never queued. */
	private final ArrayDeque<IpcEvent> raisedByListeners = new ArrayDeque<>();

	private volatile boolean stopping;

	/** Set before the thread starts, which makes it visible to the thread. */
	private Runnable beforeEvents = () -> {
	};

	/** Whether the dispatch thread is taking events; cheaper to read per event than {@code Thread.isAlive()}. */
	private volatile boolean running;

	public EventDispatcher(String name, int capacity, long maxBytes, boolean deliverOnIoThreads) {
		this(name, capacity, maxBytes, deliverOnIoThreads, (event) -> {
		});
	}

	/**
	 * A dispatcher that tells when every listener has seen an event.
	 * @param name the name its thread carries
	 * @param capacity the most events waiting
	 * @param maxBytes the most payload bytes waiting
	 * @param deliverOnIoThreads whether a received message may reach the listeners on its reader thread
	 * @param afterListeners called with each event once every listener has seen it, on the same thread
	 */
	public EventDispatcher(String name, int capacity, long maxBytes, boolean deliverOnIoThreads,
			Consumer<IpcEvent> afterListeners) {
		this.afterListeners = afterListeners;
		this.queue = new DispatchQueue(capacity, maxBytes);
		this.deliverOnIoThreads = deliverOnIoThreads;
		this.thread = new Thread(this::run, "ipc-dispatch-" + name);
		this.thread.setDaemon(true);
	}

	public void addListener(IpcEventListener listener) {
		this.listeners.add(listener);
	}

	public int pending() {
		return this.queue.size();
	}

	/**
	 * Start the dispatch thread.
	 * @param beforeEvents run on the dispatch thread before it takes the first event, while the
	 * thread that started it goes on
	 */
	public void start(Runnable beforeEvents) {
		this.beforeEvents = beforeEvents;
		this.running = true;
		this.thread.start();
	}

	/**
	 * Queue an event, waiting while the queue is full.
	 * @param event the event
	 */
	public void dispatch(IpcEvent event) {
		if (this.delivering.isHeldByCurrentThread()) {
			this.raisedByListeners.add(event);
			return;
		}
		if (!this.running) {
			if (this.stopping) {
				logger.debug("Event after the dispatcher stopped, not delivered: " + event);
			}
			else {
				deliverNow(event);
			}
			return;
		}
		long size = sizeOf(event);
		this.undelivered.incrementAndGet();
		try {
			this.queue.put(event, size);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			// an interrupted reader still owes the listeners this event
			deliverAfterInterrupt(event, size);
		}
	}

	/**
	 * Hand over an event a connection's reader thread has just received. When listeners run on
	 * the I/O threads, nothing waits in the queue and no listener is running, deliver it here
	 * and now; otherwise queue it as {@link #dispatch(IpcEvent)} does.
	 * @param event the event
	 */
	public void dispatchReceived(IpcEvent event) {
		if (this.deliverOnIoThreads && !this.stopping && !this.delivering.isHeldByCurrentThread()
				&& this.delivering.tryLock()) {
			try {
				if (this.undelivered.get() == 0) {
					UnixSocketConnection.listenersStarting();
					try {
						deliverWithRaised(event);
					}
					finally {
						UnixSocketConnection.listenersFinished();
					}
					return;
				}
			}
			finally {
				this.delivering.unlock();
			}
		}
		dispatch(event);
	}

	private static long sizeOf(IpcEvent event) {
		return (event instanceof IpcDataEvent data) ? data.size() : 0;
	}

	private void deliverAfterInterrupt(IpcEvent event, long size) {
		boolean queued;
		try {
			queued = this.queue.offer(event, size, 0, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			queued = false;
		}
		if (!queued) {
			this.undelivered.decrementAndGet();
			logger.warn("Event queue full while interrupted; delivering on the calling thread: " + event);
			deliverNow(event);
		}
	}

	private void deliverNow(IpcEvent event) {
		this.delivering.lock();
		try {
			deliverWithRaised(event);
		}
		finally {
			this.delivering.unlock();
		}
	}

	private void run() {
		try {
			runBeforeEvents();
			while (true) {
				Object item;
				try {
					item = this.queue.take();
				}
				catch (InterruptedException ex) {
					break;
				}
				if (item == STOP) {
					break;
				}
				this.delivering.lock();
				try {
					deliverWithRaised((IpcEvent) item);
				}
				finally {
					this.undelivered.decrementAndGet();
					this.delivering.unlock();
				}
			}
		}
		finally {
			this.running = false;
		}
	}

	private void deliverWithRaised(IpcEvent event) {
		deliver(event);
		while (!this.raisedByListeners.isEmpty()) {
			deliver(this.raisedByListeners.poll());
		}
	}

	private void deliver(IpcEvent event) {
		for (IpcEventListener listener : this.listeners) {
			try {
				listener.onEvent(event);
			}
			catch (RuntimeException ex) {
				logger.warn("IPC event listener failed on " + event, ex);
			}
		}
		try {
			this.afterListeners.accept(event);
		}
		catch (RuntimeException ex) {
			logger.warn("IPC event handling failed after the listeners of " + event, ex);
		}
	}

	private void runBeforeEvents() {
		try {
			this.beforeEvents.run();
		}
		catch (RuntimeException ex) {
			logger.warn("IPC dispatch thread " + this.thread.getName() + ": start-up task failed", ex);
		}
	}

	/**
	 * Deliver what is queued, then stop the thread; when called by a listener, the thread stops
	 * after the listener returns, since it cannot deliver before.
	 */
	public void stop() {
		this.stopping = true;
		if (!this.thread.isAlive()) {
			return;
		}
		if (Thread.currentThread() == this.thread || this.delivering.isHeldByCurrentThread()) {
			// called by a listener: the dispatch thread cannot deliver before it returns
			stopAfterThisListener();
			return;
		}
		try {
			if (this.queue.offer(STOP, 0, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				this.thread.join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.thread.isAlive()) {
			logger.warn(this.thread.getName() + " did not finish delivering events within " + STOP_TIMEOUT_SECONDS
					+ " s; " + this.queue.size() + " events were not delivered");
			this.thread.interrupt();
		}
	}

	private void stopAfterThisListener() {
		boolean queued;
		try {
			queued = this.queue.offer(STOP, 0, 0, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			queued = false;
		}
		if (!queued) {
			logger.warn(this.thread.getName() + " stopped by a listener with a full queue; " + this.queue.size()
					+ " events were not delivered");
			this.thread.interrupt();
		}
	}

}
