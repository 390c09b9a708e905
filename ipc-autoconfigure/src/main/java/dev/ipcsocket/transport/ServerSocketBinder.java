package dev.ipcsocket.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;

/**
 * Binds a junixsocket server socket so that the socket file is mode 0600 from the moment it
 * appears at the path. junixsocket makes every socket 0666 right after bind, so in a directory
 * others can reach (a sticky {@code /tmp}) it binds inside a fresh 0700 directory, narrows the
 * mode, then hard-links the socket into place: {@code link(2)} never replaces an existing file.
 * Must be called holding the election lock, with nothing at the path.
 */
final class ServerSocketBinder {

	private static final Log logger = LogFactory.getLog(ServerSocketBinder.class);

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private static final int BACKLOG = 128;

	private ServerSocketBinder() {
	}

	static AFUNIXServerSocket bind(SocketPath socketPath) {
		Path target = socketPath.path();
		if (socketPath.inPrivateDirectory()) {
			return bindInPlace(target);
		}
		Path staging = createStagingDirectory(target);
		Path staged = staging.resolve("s");
		try {
			if (staged.toString().getBytes(StandardCharsets.UTF_8).length > SocketPath.MAX_PATH_BYTES) {
				// too long to stage: bind in place; the peer uid checks guard the moment before chmod
				logger.debug("Binding " + target + " in place: a staging path would exceed sun_path");
				return bindInPlace(target);
			}
			AFUNIXServerSocket serverSocket = bindInPlace(staged);
			try {
				Files.createLink(target, staged);
				return serverSocket;
			}
			catch (FileAlreadyExistsException ex) {
				closeQuietly(serverSocket);
				throw new IpcException(IpcError.ADDRESS_IN_USE_ERROR, "a file appeared at " + target
						+ " while this process held its election lock: another program uses this path", ex);
			}
			catch (IOException ex) {
				closeQuietly(serverSocket);
				throw new IpcException(IpcError.OPEN_DRIVER_ERROR, "cannot link the socket to " + target + ": "
						+ ex.getMessage(), ex);
			}
		}
		finally {
			deleteQuietly(staged);
			deleteQuietly(staging);
		}
	}

	private static AFUNIXServerSocket bindInPlace(Path path) {
		AFUNIXServerSocket serverSocket = null;
		try {
			serverSocket = AFUNIXServerSocket.newInstance();
			// with reuse on, junixsocket would take over a live path
			serverSocket.setReuseAddress(false);
			// we remove the file ourselves, only if it is still the one we bound
			serverSocket.setDeleteOnClose(false);
			serverSocket.bind(AFUNIXSocketAddress.of(path.toFile()), BACKLOG);
			Files.setPosixFilePermissions(path, OWNER_ONLY);
			return serverSocket;
		}
		catch (IOException ex) {
			if (serverSocket != null) {
				closeQuietly(serverSocket);
			}
			throw new IpcException(IpcError.OPEN_DRIVER_ERROR, "cannot bind " + path + ": " + ex.getMessage(), ex);
		}
	}

	private static Path createStagingDirectory(Path target) {
		try {
			// createTempDirectory makes it 0700 on POSIX file systems
			return Files.createTempDirectory(target.getParent(), ".ipc");
		}
		catch (IOException ex) {
			throw new IpcException(IpcError.INVALID_PORT_ERROR, "cannot create a private directory beside " + target
					+ ": " + ex.getMessage(), ex);
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

}
