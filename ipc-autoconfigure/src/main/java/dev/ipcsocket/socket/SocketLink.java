package dev.ipcsocket.socket;

import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.bus.BusLink;
import dev.ipcsocket.bus.Link;
import dev.ipcsocket.transport.ErrorTranslator;
import dev.ipcsocket.transport.UnixSocketConnection;

/**
 * A socket connection as the bus sees it; failures translated to the classic error codes.
 */
final class SocketLink implements BusLink {

	private final UnixSocketConnection connection;

	/** The bus's view of this connection, which names the peer in messages. */
	private @Nullable Link link;

	private SocketLink(UnixSocketConnection connection) {
		this.connection = connection;
	}

	/**
	 * The bus's link for a connection, made and kept with the connection the first time it is asked for.
	 * @param connection the connection
	 * @param open takes a new connection onto the bus
	 * @return the link
	 */
	static Link of(UnixSocketConnection connection, Function<BusLink, Link> open) {
		Object attached = connection.attachment();
		if (attached == null) {
			// two threads may get here at once: one link wins, the other is dropped unused
			SocketLink socketLink = new SocketLink(connection);
			Link link = open.apply(socketLink);
			socketLink.link = link;
			attached = connection.attachIfAbsent(link);
		}
		return (Link) attached;
	}

	private IpcPeer peer() {
		Link known = this.link;
		return (known != null) ? known.peer() : this.connection.credentials();
	}

	@Override
	public IpcPeer credentials() {
		return this.connection.credentials();
	}

	@Override
	public void send(byte[] head, byte[] body) {
		try {
			this.connection.send(head, body);
		}
		catch (RuntimeException ex) {
			throw ErrorTranslator.onConnection(ex, "sending to " + peer() + " failed");
		}
	}

	@Override
	public void sendLast(byte[] frame) {
		try {
			this.connection.sendLast(frame);
		}
		catch (RuntimeException ex) {
			throw ErrorTranslator.onConnection(ex, "sending to " + peer() + " failed");
		}
	}

	@Override
	public boolean isWritingFinished() {
		return this.connection.isWritingFinished();
	}

	@Override
	public boolean isOpen() {
		return this.connection.isOpen();
	}

	@Override
	public void close() {
		this.connection.closeLocally();
	}

	@Override
	public boolean isClosedLocally() {
		return this.connection.isClosedLocally();
	}

	@Override
	public @Nullable IpcException readFailure(String what) {
		Exception failure = this.connection.readFailure();
		return (failure != null) ? ErrorTranslator.onConnection(failure, what) : null;
	}

	@Override
	public String toString() {
		return Objects.toString(peer());
	}

}
