package dev.ipcsocket.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.ipcsocket.IpcException;

/**
 * Reports a start-up that failed on the IPC socket (nobody listening in connect mode, a path
 * that cannot be used, somebody else listening) as a short description and an action, instead
 * of a stack trace: these are conditions of the host, not bugs.
 */
class IpcFailureAnalyzer extends AbstractFailureAnalyzer<IpcException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IpcException cause) {
		return new FailureAnalysis("The IPC socket failed: " + cause.getMessage(), action(cause), cause);
	}

	private static String action(IpcException cause) {
		return switch (cause.error()) {
			case NAME_RESOLUTION_ERROR -> "Start the application that listens on ipc.path first, or set "
					+ "ipc.mode=auto so that this one listens when nobody does.";
			case ADDRESS_IN_USE_ERROR -> "Another process listens on ipc.path or runs as another user: stop it, "
					+ "set ipc.mode=auto to connect to it, or set ipc.path to a path of your own.";
			case INVALID_PORT_ERROR -> "Set ipc.path to a path of at most 107 bytes, in a directory that only "
					+ "this user can write (mode 0700) or a sticky one such as /tmp, with nothing but a socket at it.";
			default -> "Check the description above; the starter's docs/troubleshooting.md lists the usual causes.";
		};
	}

}
