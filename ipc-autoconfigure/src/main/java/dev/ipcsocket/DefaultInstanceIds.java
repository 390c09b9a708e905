package dev.ipcsocket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Default instance ids that differ between processes whatever isolates them: the application id,
 * the host name (a container has its own; containers of one Kubernetes pod share it), the
 * process id (two containers may both be pid 1) and four random hex digits (for containers that
 * share both), and a counter for a further socket in the same process.
 */
final class DefaultInstanceIds {

	/** Characters of the host name kept: its first label, at most this long. */
	private static final int HOST_CHARS = 20;

	private static final AtomicInteger SOCKETS_IN_THIS_JVM = new AtomicInteger();

	private static final String HOST = hostName();

	private DefaultInstanceIds() {
	}

	static String next(String applicationId) {
		int n = SOCKETS_IN_THIS_JVM.incrementAndGet();
		return of(applicationId, HOST, ProcessHandle.current().pid(), ThreadLocalRandom.current().nextInt(0x10000), n);
	}

	/**
	 * The id {@code <application>-<host>-<pid>-<4 hex digits>}, with {@code -<n>} for the n-th
	 * socket of a process after the first, at most {@value IpcMemberIds#MAX_LENGTH} characters of
	 * the id alphabet (the application id is cut to fit).
	 */
	static String of(String applicationId, String hostName, long pid, int random, int n) {
		int dot = hostName.indexOf('.');
		String host = IpcMemberIds.toValidId((dot > 0) ? hostName.substring(0, dot) : hostName, HOST_CHARS);
		String suffix = "-" + host + "-" + pid + "-" + String.format("%04x", random & 0xffff)
				+ ((n == 1) ? "" : "-" + n);
		return IpcMemberIds.toValidId(applicationId, IpcMemberIds.MAX_LENGTH - suffix.length()) + suffix;
	}

	/** The host name of this process's UTS namespace, read without a name lookup. */
	private static String hostName() {
		try {
			String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
			if (!name.isEmpty()) {
				return name;
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux: the environment may say
		}
		String name = System.getenv("HOSTNAME");
		return (name != null && !name.isBlank()) ? name.trim() : "host";
	}

}
