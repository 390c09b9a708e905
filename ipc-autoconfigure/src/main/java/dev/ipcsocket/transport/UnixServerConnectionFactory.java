package dev.ipcsocket.transport;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * Spring Integration's server connection factory over a junixsocket server socket that the
 * election has already bound; it never binds, so it never takes over or deletes a path. Each
 * accepted connection is handed to a callback once it can send, before its reader starts.
 */
final class UnixServerConnectionFactory extends TcpNetServerConnectionFactory {

	private final ServerSocket boundServerSocket;

	private final Consumer<UnixSocketConnection> onAccepted;

	UnixServerConnectionFactory(ServerSocket boundServerSocket, Consumer<UnixSocketConnection> onAccepted) {
		super(0);
		this.boundServerSocket = boundServerSocket;
		this.onAccepted = onAccepted;
	}

	@Override
	protected void initializeConnection(TcpConnectionSupport connection, Socket socket) {
		super.initializeConnection(connection, socket);
		// on the accept thread: one connection at a time, and its serializer is set by now
		this.onAccepted.accept((UnixSocketConnection) connection);
	}

	@Override
	public void stop() {
		// inactive before the server socket closes: the accept thread that the close wakes then
		// ends quietly, instead of finding the socket gone while the factory still looks active and
		// logging "Error on ServerSocket" (with a stack trace) for an ordinary stop
		setActive(false);
		super.stop();
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
