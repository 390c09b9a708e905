package dev.ipcsocket.coordination;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;

/**
 * A lock exclusive across sibling JVMs and across the threads of each: a {@link ReentrantLock}
 * orders this JVM's threads, and its first holder takes a kernel lock on the lock's file, which
 * the kernel drops the moment the holding process dies.
 * <p>
 * POSIX file locks belong to the process and closing any channel on the file drops them, so only
 * the thread holding the in-JVM lock opens, locks and closes the file. The file's channel stays
 * open between acquisitions (opening it costs more than the lock itself) until the registry
 * expires the lock.
 */
public final class SiblingLock implements Lock {

	/** Retry interval of a timed or non-blocking wait for the file; a plain lock() waits in the kernel. */
	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	private final String name;

	private final Path file;

	private final SiblingLockRegistry registry;

	private final ReentrantLock local = new ReentrantLock();

	private @Nullable FileChannel channel;

	private volatile @Nullable FileLock fileLock;

	private volatile long lastUsedNanos = System.nanoTime();

	/** Set, under the local lock, once the registry forgot this lock; it then hands its callers on. */
	private volatile boolean expired;

	SiblingLock(String name, Path file, SiblingLockRegistry registry) {
		this.name = name;
		this.file = file;
		this.registry = registry;
	}

	public String getName() {
		return this.name;
	}

	Path getFile() {
		return this.file;
	}

	/**
	 * Whether a thread of this JVM holds the lock, and so this JVM holds its file lock.
	 * @return {@code true} while held here
	 */
	public boolean isHeldInThisJvm() {
		return this.fileLock != null;
	}

	/**
	 * How often the current thread holds this lock.
	 * @return the current thread's holds, 0 if it holds none
	 */
	public int getHoldCount() {
		int holds = this.local.getHoldCount();
		SiblingLock current = (holds == 0 && this.expired) ? this.registry.current(this) : this;
		return (current != this) ? current.getHoldCount() : holds;
	}

	@Override
	public void lock() {
		long start = System.nanoTime();
		this.local.lock();
		if (this.expired) {
			this.local.unlock();
			this.registry.successor(this).lock();
			return;
		}
		boolean interrupted = Thread.interrupted();
		try {
			while (true) {
				try {
					acquireFile(-1, start);
					return;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		catch (RuntimeException ex) {
			this.local.unlock();
			throw ex;
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public void lockInterruptibly() throws InterruptedException {
		long start = System.nanoTime();
		this.local.lockInterruptibly();
		if (this.expired) {
			this.local.unlock();
			this.registry.successor(this).lockInterruptibly();
			return;
		}
		acquireFileOrUnlock(-1, start);
	}

	@Override
	public boolean tryLock() {
		long start = System.nanoTime();
		if (!this.local.tryLock()) {
			return false;
		}
		if (this.expired) {
			this.local.unlock();
			return this.registry.successor(this).tryLock();
		}
		try {
			return acquireFileOrUnlock(0, start);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
		long start = System.nanoTime();
		long timeout = Math.max(0, unit.toNanos(time));
		if (!this.local.tryLock(timeout, TimeUnit.NANOSECONDS)) {
			return false;
		}
		if (this.expired) {
			this.local.unlock();
			return this.registry.successor(this).tryLock(timeout - (System.nanoTime() - start), TimeUnit.NANOSECONDS);
		}
		return acquireFileOrUnlock(Math.max(0, timeout - (System.nanoTime() - start)), start);
	}

	@Override
	public void unlock() {
		if (!this.local.isHeldByCurrentThread()) {
			SiblingLock current = this.expired ? this.registry.current(this) : this;
			if (current != this && current.local.isHeldByCurrentThread()) {
				// taken through this lock after it expired, so handed on to the current one
				current.unlock();
				return;
			}
			throw new IllegalMonitorStateException("the current thread does not hold the sibling lock '" + this.name
					+ "'");
		}
		if (this.local.getHoldCount() == 1) {
			releaseFile();
		}
		this.lastUsedNanos = System.nanoTime();
		this.local.unlock();
	}

	/** Not supported: a condition cannot span processes. */
	@Override
	public Condition newCondition() {
		throw new UnsupportedOperationException("sibling locks have no conditions");
	}

	/**
	 * Mark the lock expired if nobody holds or awaits it and it was last used before a time.
	 * @param usedBeforeNanos a {@link System#nanoTime()} value
	 * @return whether it is now expired
	 */
	boolean expireIfUnusedSince(long usedBeforeNanos) {
		if (this.lastUsedNanos - usedBeforeNanos >= 0 || !this.local.tryLock()) {
			return false;
		}
		try {
			if (this.local.hasQueuedThreads() || this.fileLock != null) {
				return false;
			}
			this.expired = true;
			closeChannel();
			return true;
		}
		finally {
			this.local.unlock();
		}
	}

	boolean isExpired() {
		return this.expired;
	}

	/** Take back a lock the registry forgot but nobody replaced. */
	void revive() {
		this.expired = false;
	}

	/**
	 * Take the file lock unless this thread already holds it; on failure or time-out give the
	 * in-JVM lock back.
	 */
	private boolean acquireFileOrUnlock(long timeoutNanos, long start) throws InterruptedException {
		boolean acquired = false;
		try {
			acquired = acquireFile(timeoutNanos, start);
			return acquired;
		}
		finally {
			if (!acquired) {
				this.local.unlock();
			}
		}
	}

	/**
	 * Take the file lock, the caller holding the in-JVM lock.
	 * @param timeoutNanos how long to wait; negative waits in the kernel until the lock is free
	 * @param start when the caller began to wait, for the statistics
	 */
	private boolean acquireFile(long timeoutNanos, long start) throws InterruptedException {
		if (this.local.getHoldCount() > 1) {
			return true;
		}
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		long deadline = System.nanoTime() + timeoutNanos;
		boolean kernelWait = timeoutNanos < 0;
		while (true) {
			FileChannel open = openChannel();
			FileLock taken;
			try {
				taken = kernelWait ? open.lock() : open.tryLock();
			}
			catch (ClosedByInterruptException ex) {
				this.channel = null;
				throw new InterruptedException();
			}
			catch (IOException ex) {
				if (kernelWait && isDeadlockReport(ex)) {
					// The kernel sees processes, not threads, so it may report a deadlock two
					// threads of different siblings would never reach; wait by polling instead.
					kernelWait = false;
					deadline = Long.MAX_VALUE;
					continue;
				}
				closeChannel();
				throw new IpcException(IpcError.OPEN_DRIVER_ERROR,
						"cannot lock " + this.file + " for the sibling lock '" + this.name + "': " + ex.getMessage(),
						ex);
			}
			if (taken != null) {
				this.fileLock = taken;
				this.registry.recordWait(System.nanoTime() - start);
				return true;
			}
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				return false;
			}
			TimeUnit.NANOSECONDS.sleep(Math.min(POLL_NANOS, remaining));
		}
	}

	private static boolean isDeadlockReport(IOException ex) {
		return ex.getMessage() != null && ex.getMessage().toLowerCase(Locale.ROOT).contains("deadlock");
	}

	private FileChannel openChannel() {
		FileChannel open = this.channel;
		if (open != null && open.isOpen()) {
			return open;
		}
		try {
			open = FileChannel.open(this.file, withNoFollow(),
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (IOException ex) {
			throw new IpcException(IpcError.OPEN_DRIVER_ERROR, "cannot open the lock file " + this.file
					+ " of the sibling lock '" + this.name + "': " + ex.getMessage(), ex);
		}
		this.channel = open;
		return open;
	}

	private static Set<OpenOption> withNoFollow() {
		return Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
	}

	private void releaseFile() {
		FileLock held = this.fileLock;
		this.fileLock = null;
		if (held != null) {
			try {
				held.release();
			}
			catch (IOException ex) {
				// closing the channel releases the lock for certain
				closeChannel();
			}
		}
	}

	private void closeChannel() {
		FileChannel open = this.channel;
		this.channel = null;
		if (open != null) {
			try {
				open.close();
			}
			catch (IOException ex) {
				// the descriptor is gone either way
			}
		}
	}

	@Override
	public String toString() {
		return "SiblingLock '" + this.name + "' (" + (isHeldInThisJvm() ? "held here" : "not held here") + ")";
	}

}
