package dev.ipcsocket.transport;

import java.net.Socket;

import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;

/**
 * Spring Integration's client connection factory over a junixsocket socket that the election has
 * already connected (and whose peer it has already checked).
 */
final class UnixClientConnectionFactory extends TcpNetClientConnectionFactory {

	private final Socket connectedSocket;

	UnixClientConnectionFactory(Socket connectedSocket) {
		// host and port are unused: the socket is connected to a path already
		super("localhost", 0);
		this.connectedSocket = connectedSocket;
	}

	@Override
	public void start() {
		// active, without the base class's "started" line, which names a fake host and port
		setActive(true);
	}

	@Override
	protected Socket createSocket(String host, int port) {
		return this.connectedSocket;
	}

	@Override
	protected void setSocketAttributes(Socket socket) {
		// TCP options (no-delay, keep-alive, linger) mean nothing on a Unix socket
	}

}
