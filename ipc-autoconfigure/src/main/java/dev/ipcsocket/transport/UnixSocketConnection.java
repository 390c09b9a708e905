package dev.ipcsocket.transport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import dev.ipcsocket.IpcPeer;

/**
 * A Spring Integration connection over a junixsocket socket that knows its peer by the kernel's
 * credentials, reads through a buffer (one {@code read(2)} per frame instead of two), and
 * remembers why reading stopped.
 */
final class UnixSocketConnection extends TcpNetConnection {

	private final IpcPeer credentials;

	private volatile @Nullable IpcPeer member;

	private volatile boolean saidGoodbye;

	private @Nullable InputStream bufferedInput;

	private volatile @Nullable Exception readFailure;

	private volatile boolean closedLocally;

	UnixSocketConnection(AFUNIXSocket socket, boolean server, ApplicationEventPublisher publisher, String factoryName,
			IpcPeer credentials) {
		super(socket, server, false, publisher, factoryName);
		this.credentials = credentials;
		// a failed read is reported once, by the socket, as an error event; not again as an ERROR log line
		setNoReadErrorOnClose(true);
	}

	/** Who is at the other end according to the kernel, before the handshake names it. */
	IpcPeer credentials() {
		return this.credentials;
	}

	/** The bus member at the other end, once the handshake admitted it. */
	@Nullable IpcPeer member() {
		return this.member;
	}

	void join(IpcPeer joined) {
		this.member = joined;
	}

	/** The member at the other end, or its credentials before the handshake. */
	IpcPeer peer() {
		IpcPeer joined = this.member;
		return (joined != null) ? joined : this.credentials;
	}

	void markGoodbye() {
		this.saidGoodbye = true;
	}

	/** Whether the peer said goodbye, so that its leaving is clean. */
	boolean saidGoodbye() {
		return this.saidGoodbye;
	}

	/** Send one encoded frame. */
	void sendBytes(byte[] frame) {
		send(Frame.outbound(frame));
	}

	@Override
	protected InputStream inputStream() throws IOException {
		InputStream input = this.bufferedInput;
		if (input == null) {
			input = new BufferedInputStream(super.inputStream());
			this.bufferedInput = input;
		}
		return input;
	}

	@Override
	protected boolean handleReadException(Exception exception) {
		Exception cause = (exception.getCause() instanceof Exception nested) ? nested : exception;
		if (!(exception instanceof SoftEndOfStreamException) && !(cause instanceof SoftEndOfStreamException)) {
			this.readFailure = exception;
		}
		return super.handleReadException(exception);
	}

	/** Why reading stopped, if it failed rather than reaching a clean end of stream. */
	@Nullable Exception readFailure() {
		return this.readFailure;
	}

	/** Close because this side decided to, not because the peer went away. */
	void closeLocally() {
		this.closedLocally = true;
		close();
	}

	boolean isClosedLocally() {
		return this.closedLocally;
	}

}
