package dev.ipcsocket.coordination;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;

/**
 * One running instance per socket path: the first start holds a kernel lock on
 * {@code <ipc.path>.locks/instance.lock} and listens on {@code <ipc.path>.locks/instance.sock};
 * a later start finds the lock held, connects, hands over its command line and working
 * directory, and is told to exit. The lock goes with the process, so a killed instance never
 * blocks the next start. Hand-overs that arrive before the running instance is ready wait for it
 * (up to {@value #PENDING_LIMIT}).
 * <p>
 * Hand-over format (big-endian): the 8-byte pid, a 4-byte count n, then n+1 strings (the
 * working directory, then the arguments), each a 4-byte length and that many bytes of UTF-8; the
 * answer is one byte, 1 for accepted. Only this user can reach the socket (mode 0700 directory).
 */
public final class SingleInstance implements AutoCloseable {

	/** Hand-overs kept while the running instance is not ready yet; more are refused. */
	static final int PENDING_LIMIT = 1024;

	private static final int MAX_STRINGS = 4096;

	private static final int MAX_BYTES = 1024 * 1024;

	private static final long RETRY_MILLIS = 10;

	private static final Log logger = LogFactory.getLog(SingleInstance.class);

	private final FileChannel lockChannel;

	private final FileLock lock;

	private final Path socketFile;

	private final ServerSocketChannel server;

	private final BlockingQueue<Handover> pending = new ArrayBlockingQueue<>(PENDING_LIMIT);

	private volatile @Nullable Consumer<Handover> receiver;

	private volatile boolean closed;

	private SingleInstance(FileChannel lockChannel, FileLock lock, Path socketFile, ServerSocketChannel server) {
		this.lockChannel = lockChannel;
		this.lock = lock;
		this.socketFile = socketFile;
		this.server = server;
		Thread acceptor = new Thread(this::accept, "ipc-second-instance");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Become the running instance, or hand a command line to the running one.
	 * @param socketPath the bus's {@code ipc.path}
	 * @param handover what to hand over if another instance runs
	 * @param timeout how long to try to reach a running instance that holds the lock
	 * @return this start's instance, or {@code null} once the command line was handed over: the
	 * caller then exits
	 * @throws IpcException if no running instance took the hand-over within the timeout
	 */
	public static @Nullable SingleInstance claimOrHandOver(Path socketPath, Handover handover, Duration timeout) {
		Path directory = LockDirectory.of(socketPath);
		Path socketFile = directory.resolve("instance.sock");
		checkLength(socketFile);
		long deadline = System.nanoTime() + timeout.toNanos();
		IOException lastFailure = null;
		while (true) {
			SingleInstance claimed = tryClaim(directory.resolve("instance.lock"), socketFile);
			if (claimed != null) {
				return claimed;
			}
			try {
				handOver(socketFile, handover);
				return null;
			}
			catch (IOException ex) {
				// the holder is between taking the lock and listening, or just died: try again
				lastFailure = ex;
			}
			if (System.nanoTime() - deadline > 0) {
				throw new IpcException(IpcError.NAME_RESOLUTION_ERROR, "another instance holds "
						+ directory.resolve("instance.lock") + " but took no hand-over on " + socketFile + " within "
						+ timeout + " (" + lastFailure.getMessage() + "): is it stuck? ipc.connect-timeout bounds "
						+ "the wait", lastFailure);
			}
			try {
				TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IpcException(IpcError.INVALID_STATE_ERROR,
						"interrupted while looking for the running instance", ex);
			}
		}
	}

	private static void checkLength(Path socketFile) {
		int length = socketFile.toString().getBytes(StandardCharsets.UTF_8).length;
		if (length > 107) {
			throw new IpcException(IpcError.INVALID_PORT_ERROR, "ipc.single-instance listens on " + socketFile
					+ ", which is " + length + " bytes; Unix sockets allow 107: set ipc.path to a path "
					+ (length - 107) + " bytes shorter");
		}
	}

	private static @Nullable SingleInstance tryClaim(Path lockFile, Path socketFile) {
		FileChannel channel;
		try {
			channel = FileChannel.open(lockFile,
					Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (IOException ex) {
			throw new IpcException(IpcError.INVALID_PORT_ERROR,
					"cannot open the single-instance lock " + lockFile + ": " + ex.getMessage(), ex);
		}
		try {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				channel.close();
				return null;
			}
			// we hold the lock, so a socket file left here belongs to a dead instance
			Files.deleteIfExists(socketFile);
			ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
			server.bind(UnixDomainSocketAddress.of(socketFile));
			return new SingleInstance(channel, lock, socketFile, server);
		}
		catch (OverlappingFileLockException ex) {
			close(channel);
			throw new IpcException(IpcError.ADDRESS_IN_USE_ERROR,
					"ipc.single-instance is already claimed for " + lockFile + " by another context of this JVM");
		}
		catch (IOException ex) {
			close(channel);
			throw new IpcException(IpcError.OPEN_DRIVER_ERROR,
					"cannot claim the single instance at " + lockFile + ": " + ex.getMessage(), ex);
		}
	}

	private static void handOver(Path socketFile, Handover handover) throws IOException {
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socketFile))) {
			OutputStream out = Channels.newOutputStream(channel);
			out.write(handover.encode());
			out.flush();
			int answer = Channels.newInputStream(channel).read();
			if (answer != 1) {
				throw new IOException("the running instance refused the hand-over (" + answer + ")");
			}
		}
	}

	/**
	 * Deliver hand-overs from now on, those that waited first, on the hand-over thread.
	 * @param receiver what takes each hand-over, e.g. publishes it as an event
	 */
	public void deliverTo(Consumer<Handover> receiver) {
		synchronized (this.pending) {
			for (Handover waiting = this.pending.poll(); waiting != null; waiting = this.pending.poll()) {
				deliver(receiver, waiting);
			}
			this.receiver = receiver;
		}
	}

	private void accept() {
		while (!this.closed) {
			try (SocketChannel channel = this.server.accept()) {
				Handover handover;
				try {
					handover = Handover.decode(Channels.newInputStream(channel));
				}
				catch (IOException ex) {
					logger.warn("Ignored a malformed single-instance hand-over: " + ex.getMessage());
					continue;
				}
				boolean accepted = take(handover);
				channel.write(ByteBuffer.wrap(new byte[] { (byte) (accepted ? 1 : 0) }));
			}
			catch (IOException ex) {
				if (!this.closed) {
					logger.warn("Single-instance hand-over failed: " + ex.getMessage());
				}
			}
		}
	}

	private boolean take(Handover handover) {
		synchronized (this.pending) {
			Consumer<Handover> current = this.receiver;
			if (current == null) {
				return this.pending.offer(handover);
			}
			deliver(current, handover);
			return true;
		}
	}

	private static void deliver(Consumer<Handover> receiver, Handover handover) {
		try {
			receiver.accept(handover);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of a second-instance hand-over failed", ex);
		}
	}

	public Path getSocketFile() {
		return this.socketFile;
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			this.server.close();
			Files.deleteIfExists(this.socketFile);
			this.lock.release();
		}
		catch (IOException ex) {
			// closing the channel below releases the lock anyway
		}
		close(this.lockChannel);
	}

	private static void close(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// nothing more to release
		}
	}

	/**
	 * What a second start hands over.
	 * @param args its command-line arguments
	 * @param workingDirectory its working directory
	 * @param pid its process id
	 */
	public record Handover(List<String> args, Path workingDirectory, long pid) {

		public Handover {
			args = List.copyOf(args);
		}

		/**
		 * What this process hands over.
		 * @param args its command-line arguments
		 * @return the hand-over
		 */
		public static Handover ofThisProcess(String[] args) {
			return new Handover(List.of(args), Path.of("").toAbsolutePath(), ProcessHandle.current().pid());
		}

		byte[] encode() throws IOException {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			DataOutputStream out = new DataOutputStream(bytes);
			out.writeLong(this.pid);
			out.writeInt(this.args.size());
			writeString(out, this.workingDirectory.toString());
			for (String arg : this.args) {
				writeString(out, arg);
			}
			return bytes.toByteArray();
		}

		private static void writeString(DataOutputStream out, String value) throws IOException {
			byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
			out.writeInt(utf8.length);
			out.write(utf8);
		}

		static Handover decode(InputStream input) throws IOException {
			DataInputStream in = new DataInputStream(input);
			long pid = in.readLong();
			int count = in.readInt();
			if (count < 0 || count >= MAX_STRINGS) {
				throw new IOException("it announced " + count + " arguments; at most " + (MAX_STRINGS - 1) + " fit");
			}
			int[] budget = { MAX_BYTES };
			Path directory = Path.of(readString(in, budget));
			List<String> args = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				args.add(readString(in, budget));
			}
			return new Handover(args, directory, pid);
		}

		private static String readString(DataInputStream in, int[] budget) throws IOException {
			int length = in.readInt();
			if (length < 0 || length > budget[0]) {
				throw new EOFException("its arguments exceed " + MAX_BYTES + " bytes");
			}
			budget[0] -= length;
			byte[] utf8 = in.readNBytes(length);
			if (utf8.length != length) {
				throw new EOFException("it ended in the middle of an argument");
			}
			return new String(utf8, StandardCharsets.UTF_8);
		}

	}

}
