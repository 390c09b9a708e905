package dev.ipcsocket.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;

import dev.ipcsocket.IpcPeer;

/**
 * Creates {@link UnixSocketConnection}s, reading each peer's credentials once, at connect time.
 */
final class UnixConnectionSupport implements TcpNetConnectionSupport {

	private final AtomicLong sequence = new AtomicLong();

	private final String peerIdPrefix;

	/** The peer of a socket connected before its connection is made, as read then; null to read at connect. */
	private final @Nullable AFUNIXSocketCredentials connectedPeer;

	/**
	 * Read each new connection's peer credentials when it is made (accepted connections).
	 * @param peerIdPrefix prefix of the peer ids
	 */
	UnixConnectionSupport(String peerIdPrefix) {
		this(peerIdPrefix, null);
	}

	/**
	 * Use credentials read when the socket connected (a client's link): by the time the
	 * connection is made, a listener that refused may have closed its end, and the kernel no
	 * longer tells.
	 * @param peerIdPrefix prefix of the peer ids
	 * @param connectedPeer the peer's credentials
	 */
	UnixConnectionSupport(String peerIdPrefix, @Nullable AFUNIXSocketCredentials connectedPeer) {
		this.peerIdPrefix = peerIdPrefix;
		this.connectedPeer = connectedPeer;
	}

	@Override
	public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
			@Nullable ApplicationEventPublisher publisher, @Nullable String factoryName) {
		AFUNIXSocket unixSocket = (AFUNIXSocket) socket;
		IpcPeer peer = peerOf(unixSocket);
		return new UnixSocketConnection(unixSocket, server, (publisher != null) ? publisher : (event) -> {
		}, (factoryName != null) ? factoryName : "ipc", peer);
	}

	private IpcPeer peerOf(AFUNIXSocket socket) {
		try {
			AFUNIXSocketCredentials credentials = (this.connectedPeer != null) ? this.connectedPeer
					: socket.getPeerCredentials();
			String id = this.peerIdPrefix + credentials.getPid() + "-" + this.sequence.incrementAndGet();
			return new IpcPeer(id, credentials.getPid(), credentials.getUid(), credentials.getGid());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the peer credentials of a new connection", ex);
		}
	}

}
