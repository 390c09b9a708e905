package dev.ipcsocket.bus;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcPeer;

/**
 * Two {@link BusLink}s back to back, in place of a socket connection. A frame sent on one end
 * reaches the other end's {@link Bus} through {@link Bus#received} on that end's reader thread
 * (one per end, so one per direction), in the order sent; large Data frames arrive in two parts
 * as the socket's reader splits them. Closing either end closes both: the other end reads what
 * was sent before and then the end of the stream, this end drops what it had not read; each
 * bus hears {@link Bus#closed} once, on its end's reader thread.
 */
final class MemoryLink {

	/** Frames at least this long arrive split in envelope and payload, as from the socket's reader. */
	static final int SPLIT_THRESHOLD = 4096;

	private final End first;

	private final End second;

	/**
	 * A connection between two peers.
	 * @param firstPeer who is at the first end, as the kernel would tell the second
	 * @param secondPeer who is at the second end, as the kernel would tell the first
	 * @param name names the reader threads
	 */
	MemoryLink(IpcPeer firstPeer, IpcPeer secondPeer, String name) {
		this.first = new End(secondPeer, name + "-reader-" + firstPeer.id());
		this.second = new End(firstPeer, name + "-reader-" + secondPeer.id());
		this.first.peer = this.second;
		this.second.peer = this.first;
	}

	End first() {
		return this.first;
	}

	End second() {
		return this.second;
	}

	/** One end of the connection, as the bus that holds it sees it. */
	static final class End implements BusLink {

		private final IpcPeer credentials;

		/** This end's reader: it hands what arrives to this end's bus, one frame at a time. */
		private final ExecutorService reader;

		/** Every frame that arrived at this end, decoded, for the tests to look at. */
		private final List<BusFrame> arrived = new CopyOnWriteArrayList<>();

		private final AtomicBoolean open = new AtomicBoolean(true);

		private final Object sendLock = new Object();

		private @Nullable End peer;

		private volatile @Nullable Bus bus;

		private volatile @Nullable Link link;

		private volatile boolean writingFinished;

		private volatile boolean closedLocally;

		private volatile @Nullable String readFailure;

		private volatile @Nullable Thread readerThread;

		private volatile @Nullable CountDownLatch held;

		End(IpcPeer credentials, String threadName) {
			this.credentials = credentials;
			this.reader = Executors.newSingleThreadExecutor((task) -> {
				Thread thread = new Thread(task, threadName);
				thread.setDaemon(true);
				this.readerThread = thread;
				return thread;
			});
		}

		/**
		 * Take this end onto a bus, before anything arrives on it.
		 * @param owner the bus
		 * @return the bus's view of this end
		 */
		Link attach(Bus owner) {
			Link opened = owner.open(this);
			this.bus = owner;
			this.link = opened;
			return opened;
		}

		/** The bus's view of this end, once attached. */
		Link link() {
			return Objects.requireNonNull(this.link, "not attached");
		}

		/** Whether the calling thread is this end's reader. */
		boolean isReaderThread() {
			return Thread.currentThread() == this.readerThread;
		}

		/**
		 * Stop reading at this end, as a process that stalls does: what arrives waits, and is
		 * never read if this end breaks off before {@link #resumeReading()}.
		 */
		void holdReading() {
			CountDownLatch held = new CountDownLatch(1);
			this.held = held;
			this.reader.execute(() -> {
				try {
					held.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}

		/** Read on after {@link #holdReading()}. */
		void resumeReading() {
			CountDownLatch held = this.held;
			if (held != null) {
				held.countDown();
			}
		}

		/** The frames that arrived at this end so far, in order. */
		List<BusFrame> arrived() {
			return List.copyOf(this.arrived);
		}

		private End peer() {
			return Objects.requireNonNull(this.peer);
		}

		@Override
		public IpcPeer credentials() {
			return this.credentials;
		}

		@Override
		public void send(byte[] head, byte[] body) {
			synchronized (this.sendLock) {
				if (this.writingFinished) {
					throw new IpcException(IpcError.OPEN_DRIVER_ERROR,
							"the connection to " + this.credentials + " sends nothing more: its last frame was sent");
				}
				transfer(head, body);
			}
		}

		@Override
		public void sendLast(byte[] frame) {
			synchronized (this.sendLock) {
				if (this.writingFinished) {
					return;
				}
				try {
					transfer(NO_HEAD, frame);
				}
				finally {
					this.writingFinished = true;
				}
			}
		}

		/** Put a frame on the way to the other end, or fail and close as a socket does. */
		private void transfer(byte[] head, byte[] body) {
			End other = peer();
			if (!this.open.get() || !other.open.get()) {
				shut(false);
				throw new IpcException(IpcError.LOST_CONNECTION,
						"sending to " + this.credentials + " failed: " + (this.open.get() ? "Broken pipe" : "Socket is closed"));
			}
			// what a socket carries is a copy; one frame, read back whole or split as the socket's reader does
			byte[] frame = Arrays.copyOf(head, head.length + body.length);
			System.arraycopy(body, 0, frame, head.length, body.length);
			other.arrive(frame);
		}

		/** A frame reaches this end: its reader hands it to the bus in turn. */
		private void arrive(byte[] frame) {
			read(() -> {
				byte[] head = NO_HEAD;
				byte[] body = frame;
				int envelope = (frame.length >= SPLIT_THRESHOLD) ? BusFrameCodec.dataEnvelopeLength(frame) : -1;
				if (envelope >= 0) {
					head = Arrays.copyOf(frame, envelope);
					body = Arrays.copyOfRange(frame, envelope, frame.length);
				}
				record(head, body);
				Bus owner = this.bus;
				Link attached = this.link;
				if (owner != null && attached != null) {
					owner.received(attached, head, body);
				}
			});
		}

		private void record(byte[] head, byte[] body) {
			try {
				this.arrived.add((head.length == 0) ? BusFrameCodec.decode(body) : BusFrameCodec.decodeData(head, body));
			}
			catch (MalformedFrameException ex) {
				// the bus drops the link for it; nothing to record
			}
		}

		/** Run on this end's reader while this end is open: what arrives after its close is not read. */
		private void read(Runnable task) {
			try {
				this.reader.execute(() -> {
					if (this.open.get()) {
						task.run();
					}
				});
			}
			catch (RejectedExecutionException ex) {
				// this end's reader stopped: nothing more is read here
			}
		}

		/** The other end closed: this end read everything sent before, and now the end of the stream. */
		private void endOfStream() {
			shut(false);
		}

		/** Close this end: the other end reads the end of the stream, this bus hears the close. */
		private void shut(boolean locally) {
			if (locally) {
				this.closedLocally = true;
			}
			if (!this.open.compareAndSet(true, false)) {
				return;
			}
			End other = peer();
			other.read(other::endOfStream);
			try {
				this.reader.execute(() -> {
					Bus owner = this.bus;
					Link attached = this.link;
					if (owner != null && attached != null) {
						owner.closed(attached);
					}
				});
			}
			catch (RejectedExecutionException ex) {
				// the reader stopped already
			}
			this.reader.shutdown();
		}

		/**
		 * The process at this end dies: its bus hears nothing more, the other end reads what was
		 * sent before and then the end of the stream, or this failure.
		 * @param failure what the other end's reader fails with, or {@code null} for a plain end of stream
		 */
		void breakOff(@Nullable String failure) {
			End other = peer();
			other.readFailure = failure;
			this.bus = null;
			if (this.open.compareAndSet(true, false)) {
				other.read(other::endOfStream);
			}
			this.reader.shutdownNow();
		}

		@Override
		public boolean isWritingFinished() {
			return this.writingFinished;
		}

		@Override
		public boolean isOpen() {
			return this.open.get();
		}

		@Override
		public void close() {
			shut(true);
		}

		@Override
		public boolean isClosedLocally() {
			return this.closedLocally;
		}

		@Override
		public @Nullable IpcException readFailure(String what) {
			String failure = this.readFailure;
			return (failure != null) ? new IpcException(IpcError.LOST_CONNECTION, what + ": " + failure) : null;
		}

		@Override
		public String toString() {
			return "MemoryLink.End[to " + this.credentials + "]";
		}

	}

}
