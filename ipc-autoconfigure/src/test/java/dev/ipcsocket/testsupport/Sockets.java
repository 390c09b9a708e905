package dev.ipcsocket.testsupport;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

/**
 * The sockets of a test and the directory they live in, as a JUnit extension:
 * <pre class="code">
 * &#64;RegisterExtension
 * final Sockets sockets = new Sockets();
 *
 * &#64;Test
 * void clientConnects() {
 *     IPCSocket listener = this.sockets.start(IpcSocketSettings.of(this.sockets.path()));
 *     IPCSocket client = this.sockets.start((builder) -&gt; builder.instanceId("client"));
 *     ...
 * }
 * </pre>
 * <p>
 * Each test gets a fresh temporary directory, short enough for a Unix socket path (107 bytes at
 * most), created when first asked for and deleted after the test. Every socket opened through the
 * extension, and every resource handed to {@link #closeLater}, is closed after the test in the
 * reverse order of opening: clients before the listener they joined, so that the teardown starts no
 * re-election. Closing goes on past a failing close; the first failure is rethrown with the others
 * suppressed, and JUnit adds it to a failure of the test itself rather than replacing it.
 */
public final class Sockets implements BeforeEachCallback, AfterEachCallback {

	/** The socket file name most tests use. */
	public static final String DEFAULT_NAME = "app.sock";

	private final List<AutoCloseable> resources = new ArrayList<>();

	private boolean active;

	private @Nullable Path dir;

	@Override
	public void beforeEach(ExtensionContext context) {
		this.active = true;
	}

	/**
	 * Return the test's temporary directory, creating it on first use.
	 * @return the directory
	 */
	public Path dir() {
		if (!this.active) {
			throw new IllegalStateException("Sockets is used outside a test: register it with @RegisterExtension");
		}
		if (this.dir == null) {
			try {
				this.dir = Files.createTempDirectory("ipc");
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not create a temporary directory", ex);
			}
		}
		return this.dir;
	}

	/**
	 * Return the path of a file in the test's directory.
	 * @param name the file name, or a relative path
	 * @return the path
	 */
	public Path path(String name) {
		return dir().resolve(name);
	}

	/**
	 * Return the path of the test's socket, {@value #DEFAULT_NAME} in its directory.
	 * @return the path
	 */
	public Path path() {
		return path(DEFAULT_NAME);
	}

	/**
	 * Create a socket, not started, closed after the test.
	 * @param settings the socket's settings
	 * @return the socket
	 */
	public UnixDomainIPCSocket open(IpcSocketSettings settings) {
		return closeLater(new UnixDomainIPCSocket(settings));
	}

	/**
	 * Create a socket at {@link #path()}, not started, closed after the test.
	 * @param settings customizes a builder of the default settings
	 * @return the socket
	 */
	public UnixDomainIPCSocket open(UnaryOperator<IpcSocketSettings.Builder> settings) {
		return open(settings.apply(IpcSocketSettings.builder(path())).build());
	}

	/**
	 * Create and start a socket, closed after the test.
	 * @param settings the socket's settings
	 * @return the started socket
	 */
	public UnixDomainIPCSocket start(IpcSocketSettings settings) {
		UnixDomainIPCSocket socket = open(settings);
		socket.start();
		return socket;
	}

	/**
	 * Create and start a socket at {@link #path()}, closed after the test.
	 * @param settings customizes a builder of the default settings
	 * @return the started socket
	 */
	public UnixDomainIPCSocket start(UnaryOperator<IpcSocketSettings.Builder> settings) {
		UnixDomainIPCSocket socket = open(settings);
		socket.start();
		return socket;
	}

	/**
	 * Close a resource after the test, in turn with the sockets: before everything opened earlier.
	 * @param <T> the type of the resource
	 * @param resource the resource
	 * @return the resource
	 */
	public <T extends AutoCloseable> T closeLater(T resource) {
		this.resources.add(resource);
		return resource;
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		Throwable failure = null;
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			try {
				this.resources.get(i).close();
			}
			catch (Throwable ex) {
				failure = collect(failure, ex);
			}
		}
		this.resources.clear();
		try {
			if (this.dir != null) {
				delete(this.dir);
			}
		}
		catch (IOException ex) {
			failure = collect(failure, ex);
		}
		finally {
			this.dir = null;
			this.active = false;
		}
		if (failure instanceof Exception exception) {
			throw exception;
		}
		if (failure != null) {
			throw (Error) failure;
		}
	}

	private static Throwable collect(@Nullable Throwable failure, Throwable next) {
		if (failure == null) {
			return next;
		}
		failure.addSuppressed(next);
		return failure;
	}

	/** Delete the tree, links not followed, giving the owner access to a directory a test closed. */
	private static void delete(Path root) throws IOException {
		Set<PosixFilePermission> ownerAll = EnumSet.of(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
		Files.walkFileTree(root, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
				Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
				if (!permissions.containsAll(ownerAll)) {
					permissions.addAll(ownerAll);
					Files.setPosixFilePermissions(dir, permissions);
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				Files.delete(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException failure) throws IOException {
				if (failure != null) {
					throw failure;
				}
				Files.delete(dir);
				return FileVisitResult.CONTINUE;
			}

		});
	}

}
