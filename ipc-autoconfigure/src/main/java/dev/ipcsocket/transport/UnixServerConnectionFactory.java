package dev.ipcsocket.transport;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * Spring Integration's server connection factory over a junixsocket server socket that the
 * election has already bound; it never binds, so it never takes over or deletes a path.
 */
final class UnixServerConnectionFactory extends TcpNetServerConnectionFactory {

	private final ServerSocket boundServerSocket;

	UnixServerConnectionFactory(ServerSocket boundServerSocket) {
		super(0);
		this.boundServerSocket = boundServerSocket;
	}

	@Override
	protected ServerSocket createServerSocket(int port, int backlog, @Nullable InetAddress whichNic) {
		return this.boundServerSocket;
	}

	@Override
	protected void setSocketAttributes(Socket socket) {
		// TCP options (no-delay, keep-alive, linger) mean nothing on a Unix socket
	}

}
