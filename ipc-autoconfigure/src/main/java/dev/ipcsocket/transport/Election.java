package dev.ipcsocket.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;

/**
 * The connect-or-listen handshake. Anyone may connect; only the holder of the election lock may
 * remove a stale socket and bind, and it holds the lock for as long as it listens, so at most
 * one process listens on a path. Everyone else retries connect with a short jittered back-off.
 */
public final class Election {

	private static final long MAX_BACKOFF_MILLIS = 20;

	private Election() {
	}

	/**
	 * Connect to the listener or become it.
	 * @param path the checked path
	 * @param permissions mode of the socket file if this process becomes the listener
	 * @param timeout how long to keep trying
	 * @param abandoned tells when to stop trying because the socket is closing
	 * @return the outcome
	 */
	public static Outcome connectOrListen(SocketPath path, Set<PosixFilePermission> permissions, Duration timeout,
			BooleanSupplier abandoned) {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (int attempt = 0;; attempt++) {
			if (abandoned.getAsBoolean()) {
				throw new IpcException(IpcError.INVALID_STATE_ERROR, "the socket on " + path + " is closing");
			}
			Optional<AFUNIXSocket> connected = tryConnect(path, remainingMillis(deadline));
			if (connected.isPresent()) {
				return new Connected(connected.get());
			}
			Optional<ElectionLock> lock = ElectionLock.tryAcquire(path.lockPath());
			if (lock.isPresent()) {
				return listenHoldingLock(path, permissions, lock.get());
			}
			if (System.nanoTime() - deadline > 0) {
				throw new IpcException(IpcError.NAME_RESOLUTION_ERROR, "nobody accepted a connection on " + path
						+ " within " + timeout.toMillis() + " ms, yet another process holds " + path.lockPath()
						+ ": that process is starting or hung; stop it or raise ipc.connect-timeout");
			}
			backOff(attempt);
		}
	}

	/**
	 * Connect to the listener.
	 * @param path the checked path
	 * @param timeout how long the connect may block
	 * @return the connection
	 * @throws IpcException with {@link IpcError#NAME_RESOLUTION_ERROR} if nobody listens
	 */
	public static Connected connect(SocketPath path, Duration timeout) {
		return tryConnect(path, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis())).map(Connected::new)
			.orElseThrow(() -> new IpcException(IpcError.NAME_RESOLUTION_ERROR,
					"nobody listens on " + path + ": start a listener first, or use ipc.mode=auto"));
	}

	/**
	 * Become the listener.
	 * @param path the checked path
	 * @param permissions mode of the socket file
	 * @return the bound server socket with its lock
	 * @throws IpcException with {@link IpcError#ADDRESS_IN_USE_ERROR} if somebody listens
	 */
	public static Bound listen(SocketPath path, Set<PosixFilePermission> permissions) {
		ElectionLock lock = ElectionLock.tryAcquire(path.lockPath())
			.orElseThrow(() -> new IpcException(IpcError.ADDRESS_IN_USE_ERROR, "another process holds "
					+ path.lockPath() + ", so it listens on " + path + " or is about to: connect instead"));
		Outcome outcome = listenHoldingLock(path, permissions, lock);
		if (outcome instanceof Connected live) {
			ServerSocketBinder.closeQuietly(live.socket());
			throw new IpcException(IpcError.ADDRESS_IN_USE_ERROR,
					"a process that does not take the election lock listens on " + path);
		}
		return (Bound) outcome;
	}

	private static Outcome listenHoldingLock(SocketPath path, Set<PosixFilePermission> permissions,
			ElectionLock lock) {
		try {
			SocketPath.Occupant occupant = path.occupant();
			if (occupant == SocketPath.Occupant.OTHER) {
				throw path.notASocket();
			}
			if (occupant == SocketPath.Occupant.SOCKET) {
				Optional<AFUNIXSocket> live = tryConnect(path, 1000);
				if (live.isPresent()) {
					lock.close();
					return new Connected(live.get());
				}
				// a socket, the lock is ours and a connect was refused: it is stale
				Files.deleteIfExists(path.path());
			}
			ServerSocketBinder.BoundSocket bound = ServerSocketBinder.bind(path, permissions);
			return new Bound(bound, lock, path.fileKey());
		}
		catch (IOException ex) {
			lock.close();
			throw new IpcException(IpcError.OPEN_DRIVER_ERROR, "cannot remove the stale socket " + path + ": "
					+ ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			lock.close();
			throw ex;
		}
	}

	private static Optional<AFUNIXSocket> tryConnect(SocketPath path, int timeoutMillis) {
		SocketPath.Occupant occupant = path.occupant();
		if (occupant == SocketPath.Occupant.OTHER) {
			throw path.notASocket();
		}
		if (occupant == SocketPath.Occupant.NOTHING) {
			return Optional.empty();
		}
		AFUNIXSocket socket = null;
		try {
			socket = AFUNIXSocket.newInstance();
			socket.connect(AFUNIXSocketAddress.of(path.path().toFile()), Math.max(1, timeoutMillis));
			return Optional.of(socket);
		}
		catch (IOException ex) {
			// refused (stale socket), vanished meanwhile, or not ours to open: nobody to talk to
			if (socket != null) {
				ServerSocketBinder.closeQuietly(socket);
			}
			return Optional.empty();
		}
	}

	private static int remainingMillis(long deadline) {
		long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining));
	}

	private static void backOff(int attempt) {
		long bound = Math.min(MAX_BACKOFF_MILLIS, 2L + attempt);
		try {
			TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(500, bound * 1000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(IpcError.OPEN_DRIVER_ERROR, "interrupted during the connect-or-listen handshake",
					ex);
		}
	}

	/** What the handshake ended with. */
	public sealed interface Outcome permits Connected, Bound {

	}

	/** Connected to the listener. */
	public record Connected(AFUNIXSocket socket) implements Outcome {

	}

	/** Became the listener: holds the lock and the bound socket, whose file has this identity. */
	public record Bound(ServerSocketBinder.BoundSocket socket, ElectionLock lock, @Nullable Object fileKey) implements Outcome {

	}

}
