package dev.ipcsocket.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import com.sun.security.auth.module.UnixSystem;
import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;

/**
 * A checked socket path: short enough for {@code sun_path}, in a directory that nobody else can
 * use to replace our socket: a real directory, owned by this user or root, not writable by
 * others unless sticky. Knows what currently sits at the path, without following links.
 */
public final class SocketPath {

	/** {@code sun_path} holds 108 bytes on Linux, one of which is the terminating NUL. */
	static final int MAX_PATH_BYTES = 107;

	private static final int S_IFMT = 0170000;

	private static final int S_IFDIR = 0040000;

	private static final int S_IFSOCK = 0140000;

	private static final int S_ISVTX = 01000;

	private static final int GROUP_OR_OTHER_WRITE = 0022;

	private static final int GROUP_OR_OTHER_ANY = 0077;

	private static final long ROOT_UID = 0;

	private static final UnixSystem OWN_USER = new UnixSystem();

	private static final long OWN_UID = OWN_USER.getUid();

	private final Path path;

	private final boolean privateDirectory;

	private SocketPath(Path path, boolean privateDirectory) {
		this.path = path;
		this.privateDirectory = privateDirectory;
	}

	/**
	 * Check a path and its directory, creating the directory (mode 0700) if it is missing.
	 * @param path the configured path
	 * @return the checked path
	 * @throws IpcException with {@link IpcError#INVALID_PORT_ERROR} naming what to fix
	 */
	public static SocketPath check(Path path) {
		Path absolute = path.toAbsolutePath().normalize();
		int length = absolute.toString().getBytes(StandardCharsets.UTF_8).length;
		if (length > MAX_PATH_BYTES) {
			throw invalid("path " + absolute + " is " + length + " bytes; Unix sockets allow " + MAX_PATH_BYTES
					+ ": set ipc.path to a shorter path");
		}
		Path directory = absolute.getParent();
		if (directory == null) {
			throw invalid("path " + absolute + " has no directory: set ipc.path to a file inside a directory");
		}
		createIfMissing(directory);
		Map<String, Object> attributes = unixAttributes(directory);
		int mode = (Integer) attributes.get("mode");
		long owner = ((Number) attributes.get("uid")).longValue();
		if ((mode & S_IFMT) != S_IFDIR) {
			throw invalid("directory " + directory + " of ipc.path is not a directory (a symbolic link is refused "
					+ "too): point ipc.path into a real directory");
		}
		boolean sticky = (mode & S_ISVTX) != 0;
		if ((mode & GROUP_OR_OTHER_WRITE) != 0 && !sticky) {
			throw invalid("directory " + directory + " is writable by other users (mode "
					+ Integer.toOctalString(mode & 07777) + ") without the sticky bit, so anyone could replace "
					+ "the socket: use a private directory (chmod 700) or a sticky one such as /tmp");
		}
		if (owner != OWN_UID && owner != ROOT_UID) {
			throw invalid("directory " + directory + " belongs to uid " + owner + ", who could replace the socket "
					+ "in it: point ipc.path into a directory of this user (uid " + OWN_UID + ") or of root");
		}
		if (!Files.isWritable(directory)) {
			throw invalid("directory " + directory + " is not writable by this user: choose a directory you own");
		}
		return new SocketPath(absolute, isPrivate(mode, owner));
	}

	/**
	 * Whether a path is a real directory of this user that nobody else can enter, so that a
	 * socket bound in it is never reachable with wider permissions.
	 * @param directory the path, not followed if it is a link
	 * @return {@code true} for such a directory
	 */
	static boolean isPrivateDirectory(Path directory) {
		Map<String, Object> attributes = unixAttributes(directory);
		return isPrivate((Integer) attributes.get("mode"), ((Number) attributes.get("uid")).longValue());
	}

	private static boolean isPrivate(int mode, long owner) {
		return (mode & S_IFMT) == S_IFDIR && owner == OWN_UID && (mode & GROUP_OR_OTHER_ANY) == 0;
	}

	private static void createIfMissing(Path directory) {
		if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try {
			Files.createDirectories(directory,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		catch (IOException ex) {
			throw new IpcException(IpcError.INVALID_PORT_ERROR, "directory " + directory
					+ " of ipc.path is missing and could not be created: " + ex.getMessage(), ex);
		}
	}

	private static Map<String, Object> unixAttributes(Path file) {
		try {
			return Files.readAttributes(file, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
		}
		catch (IOException ex) {
			throw new IpcException(IpcError.INVALID_PORT_ERROR, "cannot read " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static IpcException invalid(String message) {
		return new IpcException(IpcError.INVALID_PORT_ERROR, message);
	}

	public static long ownUid() {
		return OWN_UID;
	}

	public static long ownGid() {
		return OWN_USER.getGid();
	}

	Path path() {
		return this.path;
	}

	/** The lock file beside the socket that decides who may bind. */
	Path lockPath() {
		return this.path.resolveSibling(this.path.getFileName() + ".lock");
	}

	/** Whether only we can reach into the directory, so binding in place leaves no window. */
	boolean inPrivateDirectory() {
		return this.privateDirectory;
	}

	/**
	 * Tell what sits at the path now, without following a symbolic link.
	 * @return the state
	 */
	Occupant occupant() {
		try {
			int mode = (Integer) Files.getAttribute(this.path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
			return ((mode & S_IFMT) == S_IFSOCK) ? Occupant.SOCKET : Occupant.OTHER;
		}
		catch (NoSuchFileException ex) {
			return Occupant.NOTHING;
		}
		catch (IOException ex) {
			throw new IpcException(IpcError.INVALID_PORT_ERROR, "cannot inspect " + this.path + ": " + ex.getMessage(),
					ex);
		}
	}

	/** Return the identity (device and inode) of the file at the path, or null if none. */
	@Nullable Object fileKey() {
		try {
			return Files.readAttributes(this.path, java.nio.file.attribute.BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS).fileKey();
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** Refuse to touch a file at the path that is not a socket. */
	IpcException notASocket() {
		return invalid("something that is not a socket is at " + this.path
				+ "; it is left untouched: remove it or set ipc.path elsewhere");
	}

	@Override
	public String toString() {
		return this.path.toString();
	}

	/** What sits at the socket path. */
	enum Occupant {

		NOTHING, SOCKET, OTHER

	}

}
