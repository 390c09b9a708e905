package dev.ipcsocket.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

import dev.ipcsocket.IpcException;
import dev.ipcsocket.transport.SocketPath;

/**
 * Reports a start-up that failed on the IPC socket as a short description of its cause and the
 * action to take, instead of a stack trace: these are conditions of the host, not bugs. Several
 * causes share an error code (105: an instance id in use, a listener of another user, a listener
 * that ignores the election; 107: a path too long, an unsafe directory), so the cause is told
 * apart by what the failure says, and a connection the listener closed during the handshake by
 * the owner of the socket file (a listener closes clients of another uid without a word).
 */
class IpcFailureAnalyzer extends AbstractFailureAnalyzer<IpcException> {

	private final Environment environment;

	/**
	 * Create the analyzer; Spring Boot passes the environment, where ipc.path is.
	 * @param environment the application's environment
	 */
	IpcFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IpcException cause) {
		String message = cause.getMessage();
		return switch (cause.error()) {
			case NAME_RESOLUTION_ERROR -> analysis(cause, "Nobody listens on ipc.path",
					"Start the application that listens on ipc.path first, or set "
							+ "ipc.mode=auto so that this one listens when nobody does.");
			case ADDRESS_IN_USE_ERROR -> addressInUse(cause, message);
			case LOST_CONNECTION -> message.contains("during the handshake") ? closedDuringHandshake(cause)
					: other(cause);
			case INVALID_PORT_ERROR -> invalidPath(cause, message);
			default -> other(cause);
		};
	}

	private FailureAnalysis addressInUse(IpcException cause, String message) {
		if (message.contains("is already a member")) {
			return analysis(cause, "The instance id is already in use by another member of the bus",
					"Give each instance an ipc.instance-id of its own, or leave ipc.instance-id unset: "
							+ "the default (<application>-<host name>-<pid>-<4 random hex digits>) differs "
							+ "between processes and between containers.");
		}
		if (message.contains("does not trust")) {
			return analysis(cause, "The listener on ipc.path runs as another user",
					"Run the siblings as the same uid (in containers: the same user in every image, or "
							+ "--user), or trust the listener's uid with ipc.allowed-uids on this application "
							+ "(and this uid with ipc.allowed-uids on the listener).");
		}
		if (message.contains("election lock") || message.contains("listens on")) {
			return analysis(cause, "Another process listens on ipc.path",
					"Stop the other process, set ipc.mode=auto so that this application connects to it, "
							+ "or set ipc.path to a path of your own.");
		}
		return analysis(cause, "The listener on ipc.path refused this application",
				"Make this application match the listener as the reason above says "
						+ "(spring.application.name or ipc.application-id, the starter's version, "
						+ "ipc.max-connections on the listener).");
	}

	private FailureAnalysis closedDuringHandshake(IpcException cause) {
		Long listenerUid = socketOwner();
		long ownUid = SocketPath.ownUid();
		if (listenerUid != null && listenerUid != ownUid) {
			return analysis(cause,
					"The listener on ipc.path runs as uid " + listenerUid + " (the owner of the socket) and this "
							+ "application as uid " + ownUid + ": a listener closes connections of other users "
							+ "before reading them",
					"Run the siblings as the same uid (in containers: the same user in every image, or --user), or "
							+ "set ipc.allowed-uids=" + ownUid + " on the listener, with ipc.permissions=0666 or "
							+ "0660 there so that this user can reach the socket, and ipc.allowed-uids="
							+ listenerUid + " here.");
		}
		return analysis(cause, "The listener on ipc.path closed the connection before welcoming this application",
				"See the listener's log: it logs why it closed a connection (another uid or gid, no Hello within "
						+ "ipc.connect-timeout).");
	}

	private FailureAnalysis invalidPath(IpcException cause, String message) {
		if (message.contains("bytes; Unix sockets allow")) {
			return analysis(cause, "ipc.path is too long for a Unix socket",
					"Set ipc.path to a path of at most 107 bytes (in a container, mount the socket's "
							+ "directory at a short path such as /ipc).");
		}
		if ((message.contains(": directory ") && !message.contains("is missing"))
				|| message.contains("must be a directory of this user")) {
			return analysis(cause, "The directory of ipc.path is not safe for a socket",
					"Point ipc.path into a directory of this user (or of root) that other users cannot write "
							+ "(chmod 700), or a sticky shared one (chmod 1777, as /tmp); with a volume shared "
							+ "between containers, create its directory with such a mode.");
		}
		return analysis(cause, "ipc.path cannot be used",
				"Set ipc.path to a path of at most 107 bytes, in a directory that only this user can write "
						+ "(mode 0700) or a sticky one such as /tmp, with nothing but a socket at it.");
	}

	private static FailureAnalysis other(IpcException cause) {
		return analysis(cause, "The IPC socket failed",
				"Check the description above; the starter's docs/troubleshooting.md lists the usual causes.");
	}

	private static FailureAnalysis analysis(IpcException cause, String what, String action) {
		return new FailureAnalysis(what + ": " + cause.getMessage(), action, cause);
	}

	private @Nullable Long socketOwner() {
		String path = this.environment.getProperty("ipc.path");
		if (path == null || path.isBlank()) {
			return null;
		}
		try {
			return ((Number) Files.getAttribute(Path.of(path), "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

}
