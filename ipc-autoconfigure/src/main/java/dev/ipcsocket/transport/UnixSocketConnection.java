package dev.ipcsocket.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.util.Assert;

import dev.ipcsocket.IpcPeer;

/**
 * A Spring Integration connection over a junixsocket socket that knows its peer by the kernel's
 * credentials, reads through a buffer (one {@code read(2)} per frame instead of two), and
 * remembers why reading stopped.
 * <p>
 * Blocking socket writes and reads have no timeout, so it records when the frame it is writing
 * and the frame it is reading started (a clock read and two volatile writes per frame, nothing
 * allocated); a {@link ConnectionWatchdog} closes the connection when one has taken too long,
 * which wakes the blocked thread.
 * <p>
 * junixsocket checks that a socket is open and then reads or writes through its descriptor
 * number; a socket closed in between may already have passed that number on to the next socket
 * this JVM opened (a re-election connects again at once), whose bytes the old reader would take.
 * So {@link #close()} first shuts the socket down, which wakes a blocked read or write and ends
 * any later one, then waits until no read or write is inside junixsocket, and only then closes it.
 * <p>
 * The thread that reads a frame hands it to the listener itself, so a listener may run on it;
 * while one does, {@link #handOverReading} lets a new thread read on (a listener waiting for a
 * reply, or one that holds the reader up), and the old thread ends when its listener returns.
 * <p>
 * It extends {@link TcpNetConnection} rather than wrapping it: Spring Integration's hooks
 * ({@code TcpNetConnectionSupport}, the socket factories) create connections but reach nothing
 * inside the connection's own send and read loop, which is where the read turns, the timed
 * writes and the quiet close have to live; so this subclass owns that loop, and is longer than
 * our other classes for it.
 */
public final class UnixSocketConnection extends TcpNetConnection {

	private static final Log logger = LogFactory.getLog(UnixSocketConnection.class);

	/** How long close waits for a read or write to leave the socket after shutting it down. */
	private static final long QUIET_WAIT_MILLIS = 1000;

	private final AFUNIXSocket socket;

	private final IpcPeer credentials;

	private final AtomicReference<@Nullable Object> attachment = new AtomicReference<>();

	private @Nullable FrameInput bufferedInput;

	private @Nullable FrameOutput output;

	private volatile @Nullable Exception readFailure;

	private volatile boolean closedLocally;

	private volatile boolean firstFrameArrived;

	private volatile boolean writingFinished;

	private final long openedAt = System.nanoTime();

	/** Held around each whole send, so that the write being timed is the one in progress. */
	private final ReentrantLock sendLock = new ReentrantLock();

	/** Held around each read from the socket, so that close can wait for the one in progress. */
	private final ReentrantLock readLock = new ReentrantLock();

	/** Set when closing begins: from then on no read or write reaches the socket. */
	private volatile boolean shutDown;

	private volatile long writesStarted;

	private volatile long writesFinished;

	private volatile long writeStartedAt;

	private volatile long readsStarted;

	private volatile long readsFinished;

	private volatile long readStartedAt;

	/** The reader thread of the moment, whose turn a listener that holds it up may lose. */
	private volatile @Nullable ReadTurn readTurn;

	/** The turn of the calling thread, if it is a reader thread. */
	private static final ThreadLocal<ReadTurn> READ_TURN = new ThreadLocal<>();

	UnixSocketConnection(AFUNIXSocket socket, boolean server, ApplicationEventPublisher publisher, String factoryName,
			IpcPeer credentials) {
		super(socket, server, false, publisher, factoryName);
		this.socket = socket;
		this.credentials = credentials;
		// a failed read is reported once, by the socket, as an error event; not again as an ERROR log line
		setNoReadErrorOnClose(true);
	}

	/** Who is at the other end according to the kernel. */
	public IpcPeer credentials() {
		return this.credentials;
	}

	/**
	 * What the owner of this connection keeps with it (the bus's view of the peer).
	 * @return the attachment, or {@code null} before one is set
	 */
	public @Nullable Object attachment() {
		return this.attachment.get();
	}

	/**
	 * Keep something with this connection, unless something is kept already.
	 * @param attachment the attachment
	 * @return what is kept now: this attachment, or the one that was there first
	 */
	public Object attachIfAbsent(Object attachment) {
		return this.attachment.compareAndSet(null, attachment) ? attachment
				: Objects.requireNonNull(this.attachment.get());
	}

	/** Whether a first frame arrived, so that the handshake deadline no longer applies. */
	boolean firstFrameArrived() {
		return this.firstFrameArrived;
	}

	/** How long the connection has been open. */
	long openNanos(long now) {
		return now - this.openedAt;
	}

	/**
	 * Send one frame: its head, then its body, behind one length header.
	 * @param head the bytes before the body, possibly empty
	 * @param body the rest of the frame
	 */
	public void send(byte[] head, byte[] body) {
		send(Frame.outbound(head, body));
	}

	/**
	 * Send a last frame: every later send fails, so that its message waits for the next listener.
	 * Under the send lock, so the frame goes out after any write in progress and before none.
	 * @param frame the encoded frame
	 */
	public void sendLast(byte[] frame) {
		this.sendLock.lock();
		try {
			if (!this.writingFinished) {
				try {
					send(Frame.outbound(frame));
				}
				finally {
					this.writingFinished = true;
				}
			}
		}
		finally {
			this.sendLock.unlock();
		}
	}

	/** Whether this side sent its last frame ({@link #sendLast}). */
	public boolean isWritingFinished() {
		return this.writingFinished;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		this.sendLock.lock();
		try {
			if (this.writingFinished) {
				throw new IllegalStateException("the connection to " + this.credentials + " sends nothing more: its last frame was sent");
			}
			if (this.shutDown) {
				throw new MessagingException(message, "Send Failed", new SocketException("Socket is closed"));
			}
			this.writeStartedAt = System.nanoTime();
			this.writesStarted++;
			try {
				// as the base class sends, but into a buffer that grows with the frames instead of one
				// of the socket's send buffer size (about 200 KB) for every connection
				FrameOutput output = output();
				Object frame = getMapper().fromMessage(message);
				Assert.state(frame != null, () -> "The mapper returned null for message: " + message);
				((Serializer<Object>) getSerializer()).serialize(frame, output);
				output.flush();
			}
			catch (Exception ex) {
				MessagingException failure = new MessagingException(message, "Send Failed", ex);
				publishConnectionExceptionEvent(failure);
				closeConnection(true);
				throw failure;
			}
			finally {
				this.writesFinished++;
			}
		}
		finally {
			this.sendLock.unlock();
		}
		if (logger.isDebugEnabled()) {
			logger.debug(getConnectionId() + " Message sent " + message);
		}
	}

	private FrameOutput output() throws IOException {
		FrameOutput output = this.output;
		if (output == null) {
			int sendBuffer = this.socket.getSendBufferSize();
			output = new FrameOutput(this.socket.getOutputStream(), FrameOutput.INITIAL_SIZE,
					(sendBuffer > 0) ? sendBuffer : FrameOutput.INITIAL_SIZE);
			this.output = output;
		}
		return output;
	}

	/** How long the write in progress has been blocked, or 0 if none is. */
	long writeBlockedNanos(long now) {
		long started = this.writeStartedAt;
		return (this.writesStarted != this.writesFinished) ? Math.max(1, now - started) : 0;
	}

	/** How long the frame being received has been arriving, or 0 if the next one has not begun. */
	long readStalledNanos(long now) {
		long started = this.readStartedAt;
		return (this.readsStarted != this.readsFinished) ? Math.max(1, now - started) : 0;
	}

	/** Read frames and hand each to the listener, until the connection closes or another thread takes over. */
	@Override
	public void run() {
		publishConnectionOpenEvent();
		readFrames(new ReadTurn());
	}

	/**
	 * As the base class reads, one frame after another, but only while it is this thread's turn:
	 * after {@link #handOverReading} the thread ends once its listeners return.
	 */
	private void readFrames(ReadTurn turn) {
		this.readTurn = turn;
		READ_TURN.set(turn);
		try {
			while (turn.state.get() != ReadTurn.HANDED_OVER) {
				Message<?> message;
				try {
					message = getMapper().toMessage(this);
				}
				catch (Exception ex) {
					publishConnectionExceptionEvent(ex);
					if (handleReadException(ex)) {
						return;
					}
					continue;
				}
				if (message != null) {
					deliver(message);
				}
			}
		}
		finally {
			READ_TURN.remove();
		}
	}

	private void deliver(Message<?> message) {
		this.firstFrameArrived = true;
		try {
			TcpListener listener = getListener();
			if (listener != null) {
				listener.onMessage(message);
			}
		}
		catch (RuntimeException ex) {
			logger.error("Exception delivering a frame from " + this.credentials, ex);
		}
	}

	/**
	 * Let a new thread read on while listeners hold up this connection's reader thread. Does
	 * nothing unless listeners run on the reader (not when it waits for room in the event queue),
	 * so two threads never read at once.
	 * @param executor starts the new reader
	 * @return whether reading was handed over
	 */
	boolean handOverReading(Executor executor) {
		ReadTurn held = this.readTurn;
		return held != null && handOver(held, executor);
	}

	/**
	 * Let a new thread read on if the calling thread is a reader thread running listeners, as
	 * {@link #handOverReading} does.
	 * @param executor starts the new reader
	 * @return the connection whose reading was handed over, or null if none was
	 */
	static @Nullable UnixSocketConnection handOverThisThreadsReading(Executor executor) {
		ReadTurn turn = READ_TURN.get();
		return (turn != null && turn.connection().handOver(turn, executor)) ? turn.connection() : null;
	}

	private boolean handOver(ReadTurn held, Executor executor) {
		if (!held.state.compareAndSet(ReadTurn.LISTENING, ReadTurn.HANDED_OVER)) {
			return false;
		}
		ReadTurn next = new ReadTurn();
		try {
			executor.execute(() -> readFrames(next));
		}
		catch (TaskRejectedException ex) {
			// the socket is closing: nobody reads any more
			logger.debug("No new reader for " + getConnectionId() + ": " + ex.getMessage());
			closeLocally();
		}
		return true;
	}

	/** How long listeners have been running on the reader thread, or 0 if none is. */
	long readerHeldNanos(long now) {
		ReadTurn turn = this.readTurn;
		return (turn != null && turn.state.get() == ReadTurn.LISTENING) ? Math.max(1, now - turn.listeningSince) : 0;
	}

	/** Note that listeners start running on the calling thread, if it is a reader thread. */
	static void listenersStarting() {
		ReadTurn turn = READ_TURN.get();
		if (turn != null) {
			turn.listeningSince = System.nanoTime();
			turn.state.compareAndSet(ReadTurn.READING, ReadTurn.LISTENING);
		}
	}

	/** Note that the listeners running on the calling thread returned. */
	static void listenersFinished() {
		ReadTurn turn = READ_TURN.get();
		if (turn != null) {
			turn.state.compareAndSet(ReadTurn.LISTENING, ReadTurn.READING);
		}
	}

	@Override
	public Object getPayload() {
		awaitFirstByte();
		this.readStartedAt = System.nanoTime();
		this.readsStarted++;
		try {
			return super.getPayload();
		}
		finally {
			this.readsFinished++;
		}
	}

	/**
	 * Wait, without a deadline, for the first byte of the next frame: a quiet peer is fine, a
	 * frame that begins and then stalls is not.
	 */
	private void awaitFirstByte() {
		try {
			inputStream().awaitByte();
		}
		catch (IOException ex) {
			// the read below meets the same end of stream or failure and reports it as usual
		}
	}

	@Override
	protected FrameInput inputStream() throws IOException {
		FrameInput input = this.bufferedInput;
		if (input == null) {
			input = new FrameInput(new GuardedInput(super.inputStream()));
			this.bufferedInput = input;
		}
		return input;
	}

	@Override
	protected boolean handleReadException(Exception exception) {
		Exception cause = (exception.getCause() instanceof Exception nested) ? nested : exception;
		if (!(exception instanceof SoftEndOfStreamException) && !(cause instanceof SoftEndOfStreamException)) {
			this.readFailure = exception;
		}
		return super.handleReadException(exception);
	}

	/** Why reading stopped, if it failed rather than reaching a clean end of stream. */
	public @Nullable Exception readFailure() {
		return this.readFailure;
	}

	@Override
	public boolean isOpen() {
		return !this.shutDown && super.isOpen();
	}

	@Override
	public void close() {
		if (!this.shutDown) {
			this.shutDown = true;
			shutDownSocket();
		}
		awaitQuiet(this.readLock, "read");
		awaitQuiet(this.sendLock, "write");
		super.close();
	}

	private void shutDownSocket() {
		try {
			this.socket.shutdownInput();
		}
		catch (IOException ex) {
			// closed or shut down already
		}
		try {
			this.socket.shutdownOutput();
		}
		catch (IOException ex) {
			// closed or shut down already
		}
	}

	private void awaitQuiet(ReentrantLock lock, String operation) {
		if (lock.isHeldByCurrentThread()) {
			return;
		}
		try {
			if (lock.tryLock(QUIET_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
				lock.unlock();
			}
			else {
				logger.debug("Closing " + getConnectionId() + " with a " + operation + " still in progress");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Close because this side decided to, not because the peer went away. */
	public void closeLocally() {
		this.closedLocally = true;
		close();
	}

	public boolean isClosedLocally() {
		return this.closedLocally;
	}

	/**
	 * One thread's turn at reading this connection: it reads (or waits for room in the event
	 * queue), runs listeners, or has handed reading over to the next turn's thread.
	 */
	private final class ReadTurn {

		static final int READING = 0;

		static final int LISTENING = 1;

		static final int HANDED_OVER = 2;

		final AtomicInteger state = new AtomicInteger(READING);

		volatile long listeningSince;

		UnixSocketConnection connection() {
			return UnixSocketConnection.this;
		}

	}

	/**
	 * The socket's input, read only under the read lock and never after closing began.
	 */
	private final class GuardedInput extends FilterInputStream {

		GuardedInput(InputStream input) {
			super(input);
		}

		@Override
		public int read() throws IOException {
			Lock lock = lockOpen();
			try {
				return this.in.read();
			}
			finally {
				lock.unlock();
			}
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			Lock lock = lockOpen();
			try {
				return this.in.read(buffer, offset, length);
			}
			finally {
				lock.unlock();
			}
		}

		@Override
		public long skip(long count) throws IOException {
			Lock lock = lockOpen();
			try {
				return this.in.skip(count);
			}
			finally {
				lock.unlock();
			}
		}

		@Override
		public int available() throws IOException {
			Lock lock = lockOpen();
			try {
				return this.in.available();
			}
			finally {
				lock.unlock();
			}
		}

		private Lock lockOpen() throws SocketException {
			Lock lock = UnixSocketConnection.this.readLock;
			lock.lock();
			if (UnixSocketConnection.this.shutDown) {
				lock.unlock();
				throw new SocketException("Socket is closed");
			}
			return lock;
		}

	}

}
