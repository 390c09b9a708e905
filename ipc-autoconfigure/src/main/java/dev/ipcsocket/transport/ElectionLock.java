package dev.ipcsocket.transport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;

/**
 * The lock beside a socket ({@code <path>.lock}) that decides who may remove a stale socket and
 * bind. The listener holds it for its lifetime; the kernel releases it when the process dies.
 * <p>
 * POSIX record locks belong to the process, and closing any channel on the file drops all of
 * them, so within one JVM a lock file is opened only by its holder: others are refused here.
 */
final class ElectionLock implements AutoCloseable {

	private static final Map<Path, ElectionLock> HELD_IN_THIS_JVM = new HashMap<>();

	private final Path lockPath;

	private final FileChannel channel;

	private final FileLock lock;

	private ElectionLock(Path lockPath, FileChannel channel, FileLock lock) {
		this.lockPath = lockPath;
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Try to take the lock without waiting.
	 * @param lockPath the lock file, created with mode 0600 if missing; never a followed link
	 * @return the lock, or empty if another process or another socket in this JVM holds it
	 */
	static Optional<ElectionLock> tryAcquire(Path lockPath) {
		synchronized (HELD_IN_THIS_JVM) {
			if (HELD_IN_THIS_JVM.containsKey(lockPath)) {
				return Optional.empty();
			}
			FileChannel channel = open(lockPath);
			try {
				FileLock lock = channel.tryLock();
				if (lock == null) {
					channel.close();
					return Optional.empty();
				}
				ElectionLock held = new ElectionLock(lockPath, channel, lock);
				HELD_IN_THIS_JVM.put(lockPath, held);
				return Optional.of(held);
			}
			catch (IOException ex) {
				closeQuietly(channel);
				throw new IpcException(IpcError.OPEN_DRIVER_ERROR, "cannot lock " + lockPath + ": " + ex.getMessage(),
						ex);
			}
		}
	}

	private static FileChannel open(Path lockPath) {
		try {
			return FileChannel.open(lockPath,
					java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (IOException ex) {
			throw new IpcException(IpcError.INVALID_PORT_ERROR, "cannot open the election lock " + lockPath + " ("
					+ ex.getMessage() + "): it must be a regular file this user can write, not a link", ex);
		}
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// nothing more to release
		}
	}

	@Override
	public void close() {
		synchronized (HELD_IN_THIS_JVM) {
			if (HELD_IN_THIS_JVM.remove(this.lockPath, this)) {
				try {
					this.lock.release();
				}
				catch (IOException ignored) {
					// closing the channel releases it anyway
				}
				closeQuietly(this.channel);
			}
		}
	}

}
