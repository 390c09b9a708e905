package dev.ipcsocket.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;

/**
 * Binds a junixsocket server socket so that the socket file has its configured mode (0600 by
 * default) from the moment it appears at the path. junixsocket makes every socket 0666 right
 * after bind, so in a directory others can reach (a sticky {@code /tmp}) it binds inside a
 * private 0700 directory beside the path ({@code <path>.d}), sets the mode, then hard-links the
 * socket into place:
 * {@code link(2)} never replaces an existing file. The private name must live as long as the
 * socket: junixsocket's accept stops once the name it bound is gone. Call it holding the election
 * lock, with nothing at the path.
 */
final class ServerSocketBinder {

	private static final Log logger = LogFactory.getLog(ServerSocketBinder.class);

	private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final int BACKLOG = 128;

	private ServerSocketBinder() {
	}

	static BoundSocket bind(SocketPath socketPath, Set<PosixFilePermission> permissions) {
		Path target = socketPath.path();
		if (socketPath.inPrivateDirectory()) {
			return new BoundSocket(bindInPlace(target, permissions), null, socketPath);
		}
		Path staging = target.resolveSibling(target.getFileName() + ".d");
		Path staged = staging.resolve("s");
		if (staged.toString().getBytes(StandardCharsets.UTF_8).length > SocketPath.MAX_PATH_BYTES) {
			// too long to stage: bind in place; the peer uid checks guard the moment before chmod
			logger.debug("Binding " + target + " in place: " + staged + " would exceed sun_path");
			return new BoundSocket(bindInPlace(target, permissions), null, socketPath);
		}
		preparePrivateDirectory(staging);
		AFUNIXServerSocket serverSocket = bindInPlace(staged, permissions);
		try {
			Files.createLink(target, staged);
			return new BoundSocket(serverSocket, staging, socketPath);
		}
		catch (IOException ex) {
			closeQuietly(serverSocket);
			deleteQuietly(staged);
			deleteQuietly(staging);
			IpcError error = (ex instanceof FileAlreadyExistsException) ? IpcError.ADDRESS_IN_USE_ERROR
					: IpcError.OPEN_DRIVER_ERROR;
			throw new IpcException(error, "cannot link the socket to " + target + " (" + ex.getMessage()
					+ "): another program uses this path while this process holds its election lock", ex);
		}
	}

	private static void preparePrivateDirectory(Path staging) {
		try {
			if (!Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
				Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
			}
			if (!SocketPath.isPrivateDirectory(staging)) {
				throw new IpcException(IpcError.INVALID_PORT_ERROR, staging + " must be a directory of this user "
						+ "with mode 0700: remove it, it is recreated at the next start");
			}
			// a socket left there by a listener that died; the election lock makes it ours to remove
			Files.deleteIfExists(staging.resolve("s"));
		}
		catch (IOException ex) {
			throw new IpcException(IpcError.INVALID_PORT_ERROR, "cannot prepare the private directory " + staging
					+ ": " + ex.getMessage(), ex);
		}
	}

	private static AFUNIXServerSocket bindInPlace(Path path, Set<PosixFilePermission> permissions) {
		AFUNIXServerSocket serverSocket = null;
		try {
			serverSocket = AFUNIXServerSocket.newInstance();
			// with reuse on, junixsocket would take over a live path
			serverSocket.setReuseAddress(false);
			// we remove the file ourselves, only if it is still the one we bound
			serverSocket.setDeleteOnClose(false);
			serverSocket.bind(AFUNIXSocketAddress.of(path.toFile()), BACKLOG);
			Files.setPosixFilePermissions(path, permissions);
			return serverSocket;
		}
		catch (IOException ex) {
			if (serverSocket != null) {
				closeQuietly(serverSocket);
			}
			throw new IpcException(IpcError.OPEN_DRIVER_ERROR, "cannot bind " + path + ": " + ex.getMessage(), ex);
		}
	}

	private static void deleteQuietly(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			logger.debug("Could not remove " + path, ex);
		}
	}

	static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			logger.debug("Could not close " + closeable, ex);
		}
	}

	/**
	 * A bound server socket and the files that name it.
	 * @param serverSocket the socket
	 * @param privateDirectory the private directory holding its first name, or null if bound in place
	 * @param path the path it is linked at
	 */
	record BoundSocket(AFUNIXServerSocket serverSocket, @Nullable Path privateDirectory, SocketPath path) {

		/** Remove the socket's names, the public one only if it is still this socket. */
		void removeFiles(@Nullable Object fileKey) {
			if (fileKey != null && fileKey.equals(this.path.fileKey())) {
				deleteQuietly(this.path.path());
			}
			if (this.privateDirectory != null) {
				deleteQuietly(this.privateDirectory.resolve("s"));
				deleteQuietly(this.privateDirectory);
			}
		}

	}

}
