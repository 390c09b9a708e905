package dev.ipcsocket.transport;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcEventListener;

/**
 * Hands events to listeners on one named thread, in order, off the I/O threads. The queue is
 * bounded: when listeners fall behind, the reader threads wait (back-pressure on the sockets)
 * rather than drop or buffer without limit.
 */
final class EventDispatcher {

	private static final Log logger = LogFactory.getLog(EventDispatcher.class);

	private static final long STOP_TIMEOUT_SECONDS = 10;

	private final List<IpcEventListener> listeners = new CopyOnWriteArrayList<>();

	/** Queued behind every event by {@link #stop()}: the thread ends when it reaches it. */
	private static final Object STOP = new Object();

	private final BlockingQueue<Object> queue;

	private final Thread thread;

	/** Events raised by a listener on the dispatch thread itself; it must not wait on its own queue. */
	private final ArrayDeque<IpcEvent> raisedByListeners = new ArrayDeque<>();

	private volatile boolean stopping;

	EventDispatcher(String name, int capacity) {
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.thread = new Thread(this::run, "ipc-dispatch-" + name);
		this.thread.setDaemon(true);
	}

	void addListener(IpcEventListener listener) {
		this.listeners.add(listener);
	}

	int pending() {
		return this.queue.size();
	}

	void start() {
		this.thread.start();
	}

	/**
	 * Queue an event, waiting while the queue is full.
	 * @param event the event
	 */
	void dispatch(IpcEvent event) {
		if (Thread.currentThread() == this.thread) {
			this.raisedByListeners.add(event);
			return;
		}
		if (!this.thread.isAlive()) {
			if (this.stopping) {
				logger.debug("Event after the dispatcher stopped, not delivered: " + event);
			}
			else {
				deliver(event);
			}
			return;
		}
		try {
			this.queue.put(event);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			// an interrupted reader still owes the listeners this event
			deliverAfterInterrupt(event);
		}
	}

	private void deliverAfterInterrupt(IpcEvent event) {
		if (!this.queue.offer(event)) {
			logger.warn("Event queue full while interrupted; delivering on the calling thread: " + event);
			deliver(event);
		}
	}

	private void run() {
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
			deliver((IpcEvent) item);
			while (!this.raisedByListeners.isEmpty()) {
				deliver(this.raisedByListeners.poll());
			}
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
	}

	/** Deliver what is queued, then stop the thread. */
	void stop() {
		this.stopping = true;
		if (Thread.currentThread() == this.thread || !this.thread.isAlive()) {
			return;
		}
		try {
			if (this.queue.offer(STOP, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
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

}
