package dev.ipcsocket.socket;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcMessage;

/**
 * The received messages kept for the pull API: whole messages for {@code receive}, or one byte
 * stream across message boundaries for {@code read}. Bounded in messages: when full, the
 * connection's reader waits, so the peer is slowed down rather than a message dropped.
 */
final class ReceiveBuffer {

	private final int capacity;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final Condition notFull = this.lock.newCondition();

	private final ArrayDeque<IpcMessage> messages = new ArrayDeque<>();

	/** Bytes of the head message already read through the byte-stream API. */
	private int headOffset;

	private int bytes;

	private boolean closed;

	ReceiveBuffer(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Add a message, waiting while the buffer is full.
	 * @param message the message
	 * @return {@code false} if the buffer was closed meanwhile
	 */
	boolean put(IpcMessage message) throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			while (this.messages.size() >= this.capacity && !this.closed) {
				this.notFull.await();
			}
			if (this.closed) {
				return false;
			}
			this.messages.add(message);
			this.bytes += message.payload().length;
			this.notEmpty.signalAll();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Nullable IpcMessage receive(Duration timeout) throws InterruptedException {
		long nanos = timeout.toNanos();
		this.lock.lockInterruptibly();
		try {
			while (this.messages.isEmpty()) {
				if (nanos <= 0 || this.closed) {
					return null;
				}
				nanos = this.notEmpty.awaitNanos(nanos);
			}
			IpcMessage head = this.messages.poll();
			byte[] rest = Arrays.copyOfRange(head.payload(), this.headOffset, head.payload().length);
			this.bytes -= rest.length;
			this.headOffset = 0;
			this.notFull.signalAll();
			return (rest.length == head.payload().length) ? head : new IpcMessage(head.peer(), head.type(), rest);
		}
		finally {
			this.lock.unlock();
		}
	}

	byte[] read(int count, boolean consume) {
		this.lock.lock();
		try {
			byte[] out = new byte[Math.max(0, Math.min(count, this.bytes))];
			int copied = 0;
			int offset = this.headOffset;
			var iterator = this.messages.iterator();
			while (copied < out.length) {
				byte[] payload = iterator.next().payload();
				int n = Math.min(payload.length - offset, out.length - copied);
				System.arraycopy(payload, offset, out, copied, n);
				copied += n;
				offset = (offset + n == payload.length) ? 0 : offset + n;
				if (consume && offset == 0) {
					iterator.remove();
				}
			}
			if (consume) {
				this.headOffset = offset;
				this.bytes -= copied;
				this.notFull.signalAll();
			}
			return out;
		}
		finally {
			this.lock.unlock();
		}
	}

	int bytesAvailable() {
		this.lock.lock();
		try {
			return this.bytes;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Stop accepting messages and wake every waiting reader; kept messages stay readable. */
	void close() {
		this.lock.lock();
		try {
			this.closed = true;
			this.notFull.signalAll();
			this.notEmpty.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

}
