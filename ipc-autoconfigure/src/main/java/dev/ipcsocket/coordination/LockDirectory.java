package dev.ipcsocket.coordination;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.transport.SocketPath;

/**
 * The directory of the lock files beside a socket, {@code <ipc.path>.locks}: created with mode
 * 0700 and refused unless it is a real directory of this user that nobody else can enter, so
 * that no other user can hold, replace or read our locks.
 */
final class LockDirectory {

	private static final int S_IFMT = 0170000;

	private static final int S_IFDIR = 0040000;

	private static final int GROUP_OR_OTHER_ANY = 0077;

	private LockDirectory() {
	}

	/**
	 * Return the lock directory of a socket path, creating it if missing.
	 * @param socketPath the bus's {@code ipc.path}; its directory is checked as the socket's is
	 * @return the checked directory
	 * @throws IpcException with {@link IpcError#INVALID_PORT_ERROR} naming what to fix
	 */
	static Path of(Path socketPath) {
		Path socket = Path.of(SocketPath.check(socketPath).toString());
		return checked(socket.resolveSibling(socket.getFileName() + ".locks"));
	}

	/**
	 * Check a lock directory, creating it (mode 0700) if missing.
	 * @param directory the directory
	 * @return the directory
	 */
	static Path checked(Path directory) {
		try {
			Files.createDirectory(directory,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		catch (FileAlreadyExistsException ex) {
			// checked below like one we made
		}
		catch (IOException ex) {
			throw new IpcException(IpcError.INVALID_PORT_ERROR,
					"cannot create the lock directory " + directory + ": " + ex.getMessage(), ex);
		}
		Map<String, Object> attributes;
		try {
			attributes = Files.readAttributes(directory, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
		}
		catch (IOException ex) {
			throw new IpcException(IpcError.INVALID_PORT_ERROR, "cannot read " + directory + ": " + ex.getMessage(),
					ex);
		}
		int mode = (Integer) attributes.get("mode");
		long owner = ((Number) attributes.get("uid")).longValue();
		if ((mode & S_IFMT) != S_IFDIR || owner != SocketPath.ownUid() || (mode & GROUP_OR_OTHER_ANY) != 0) {
			throw new IpcException(IpcError.INVALID_PORT_ERROR, "lock directory " + directory
					+ " must be a directory (not a link) of this user (uid " + SocketPath.ownUid()
					+ ") with mode 0700, but it has uid " + owner + " and mode " + Integer.toOctalString(mode)
					+ ": remove it (it is recreated) or set ipc.path elsewhere");
		}
		return directory;
	}

}
