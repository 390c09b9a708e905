package dev.ipcsocket.socket;

import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.bus.Bus;
import dev.ipcsocket.bus.Link;
import dev.ipcsocket.transport.ConnectionHandler;
import dev.ipcsocket.transport.UnixSocketConnection;

/**
 * Hands what the transport reports of its connections to the bus, each connection as the bus's
 * {@link Link}, made the first time the connection is seen and kept with it.
 */
final class BusConnections implements ConnectionHandler {

	private final Bus bus;

	BusConnections(Bus bus) {
		this.bus = bus;
	}

	Link linkOf(UnixSocketConnection connection) {
		return SocketLink.of(connection, this.bus::open);
	}

	@Override
	public void received(UnixSocketConnection connection, byte[] head, byte[] body) {
		this.bus.received(linkOf(connection), head, body);
	}

	@Override
	public void closed(UnixSocketConnection connection) {
		this.bus.closed(linkOf(connection));
	}

	@Override
	public void refuse(UnixSocketConnection connection, String reason) {
		this.bus.refuse(linkOf(connection), reason);
	}

	@Override
	public void drop(UnixSocketConnection connection, String why) {
		this.bus.drop(linkOf(connection), why);
	}

	@Override
	public void refused(IpcPeer peer, IpcException why) {
		this.bus.report(why, peer, null);
	}

}
