package dev.ipcsocket.benchmarks;

import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

/**
 * The listener that {@link ReelectionTrials} kills with {@code kill -9}: listens on the path given
 * as its argument, prints {@value Peer#READY} and waits to be killed.
 */
public final class ReelectionListener {

	private ReelectionListener() {
	}

	public static void main(String[] arguments) {
		UnixDomainIPCSocket socket = new UnixDomainIPCSocket(IpcSocketSettings.of(Path.of(arguments[0])));
		System.out.println(Peer.READY + " role=" + socket.start());
		while (true) {
			LockSupport.park();
		}
	}

}
