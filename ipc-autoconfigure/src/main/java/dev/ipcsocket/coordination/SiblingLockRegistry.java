package dev.ipcsocket.coordination;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.support.locks.ExpirableLockRegistry;
import org.springframework.util.Assert;

/**
 * A Spring Integration {@link org.springframework.integration.support.locks.LockRegistry} whose
 * locks are exclusive across every JVM of this user that uses the same directory, normally the
 * bus's {@code <ipc.path>.locks}, and across the threads of each. A holder that dies, even by
 * {@code kill -9}, frees its locks at once: they are kernel file locks, with no time-to-live.
 * The bus need not be up: the locks work with no listener and during a re-election.
 * <p>
 * The locks are host-local. For locks across hosts use Spring Integration's JDBC, Redis or
 * ZooKeeper registries. Lock files stay in the directory (removing one while a sibling waits on
 * it would let two holders in); each distinct name leaves one empty file of at most 62 bytes of
 * name.
 */
public final class SiblingLockRegistry implements ExpirableLockRegistry<SiblingLock> {

	private final Path directory;

	private final LongAdder acquisitions = new LongAdder();

	private final LongAdder waitNanos = new LongAdder();

	/**
	 * Every lock of this JVM by file, shared by registries on one directory: two locks on one
	 * file in one JVM would defeat the in-JVM lock, and closing either's channel would drop the
	 * other's file lock.
	 */
	private static final ConcurrentMap<Path, SiblingLock> LOCKS = new ConcurrentHashMap<>();

	/** Checks and creates the directory, once, before the first lock; null once done. */
	private volatile @Nullable Runnable directoryCheck;

	private SiblingLockRegistry(Path directory, Runnable directoryCheck) {
		this.directory = directory;
		this.directoryCheck = directoryCheck;
	}

	/**
	 * Create a registry for the siblings of a socket path, whose lock files live in
	 * {@code <socketPath>.locks}, created with mode 0700 when the first lock is obtained (so an
	 * application that takes no lock creates nothing, and a member of another user admitted to
	 * the bus is refused only if it takes one).
	 * @param socketPath the bus's socket path ({@code ipc.path}); the socket need not exist
	 * @return the registry
	 */
	public static SiblingLockRegistry forSocket(Path socketPath) {
		Path socket = socketPath.toAbsolutePath().normalize();
		Path directory = socket.resolveSibling(socket.getFileName() + ".locks");
		return new SiblingLockRegistry(directory, () -> LockDirectory.of(socketPath));
	}

	/**
	 * Create a registry whose lock files live in a directory of this user, created with mode
	 * 0700 if missing.
	 * @param directory the directory, refused unless only this user can enter it
	 * @return the registry
	 */
	public static SiblingLockRegistry inDirectory(Path directory) {
		Path normalized = directory.toAbsolutePath().normalize();
		return new SiblingLockRegistry(normalized, () -> LockDirectory.checked(normalized));
	}

	/**
	 * Return the lock of a name. Each call for one name in one registry returns the same lock
	 * until it expires.
	 * @param lockKey the lock's name, a {@link String} of any content
	 * @return the lock
	 */
	@Override
	public SiblingLock obtain(Object lockKey) {
		Assert.isInstanceOf(String.class, lockKey, "a sibling lock's key must be a String");
		String name = (String) lockKey;
		checkDirectory();
		Path file = this.directory.resolve(LockFileNames.of(name));
		return LOCKS.computeIfAbsent(file, (path) -> new SiblingLock(name, path, this));
	}

	/**
	 * Forget locks that nobody holds or awaits and that were last released more than an age
	 * ago. A forgotten lock still works: it hands its callers to the registry's current lock.
	 * @param age milliseconds since the last release
	 */
	@Override
	public void expireUnusedOlderThan(long age) {
		long usedBefore = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(age);
		LOCKS.forEach((file, lock) -> {
			if (file.getParent().equals(this.directory) && lock.expireIfUnusedSince(usedBefore)) {
				LOCKS.remove(file, lock);
			}
		});
	}

	/**
	 * Names of the locks a thread of this JVM holds now.
	 * @return the names, sorted
	 */
	public Set<String> heldLocks() {
		Set<String> held = new TreeSet<>();
		LOCKS.forEach((file, lock) -> {
			if (file.getParent().equals(this.directory) && lock.isHeldInThisJvm()) {
				held.add(lock.getName());
			}
		});
		return held;
	}

	/**
	 * Whether a thread of this JVM holds a lock now.
	 * @param name the lock's name
	 * @return {@code true} while it is held here
	 */
	public boolean isHeldInThisJvm(String name) {
		SiblingLock lock = LOCKS.get(this.directory.resolve(LockFileNames.of(name)));
		return lock != null && lock.isHeldInThisJvm();
	}

	/**
	 * Check and create the lock directory if not done yet.
	 * @throws dev.ipcsocket.IpcException with {@code INVALID_PORT_ERROR} if the path or the
	 * directory is unsafe
	 */
	private void checkDirectory() {
		Runnable check = this.directoryCheck;
		if (check != null) {
			synchronized (this) {
				if (this.directoryCheck != null) {
					check.run();
					this.directoryCheck = null;
				}
			}
		}
	}

	public Path getDirectory() {
		return this.directory;
	}

	/**
	 * How many times a thread of this JVM took a lock it did not already hold.
	 * @return the count since the registry was created
	 */
	public long acquisitions() {
		return this.acquisitions.sum();
	}

	/**
	 * Total time those acquisitions waited, in this JVM and for siblings.
	 * @return nanoseconds since the registry was created
	 */
	public long totalWaitNanos() {
		return this.waitNanos.sum();
	}

	void recordWait(long nanos) {
		this.acquisitions.increment();
		this.waitNanos.add(nanos);
	}

	/** The lock of an expired one's file now: another one, or the expired one if none. */
	SiblingLock current(SiblingLock expired) {
		SiblingLock current = LOCKS.get(expired.getFile());
		return (current != null) ? current : expired;
	}

	/** The lock that replaces an expired one: the expired one itself if nobody replaced it. */
	SiblingLock successor(SiblingLock expired) {
		return LOCKS.compute(expired.getFile(), (file, current) -> {
			if (current != null) {
				return current;
			}
			expired.revive();
			return expired;
		});
	}

	@Override
	public String toString() {
		return "SiblingLockRegistry in " + this.directory;
	}

}
