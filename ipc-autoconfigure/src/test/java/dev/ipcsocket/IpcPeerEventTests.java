package dev.ipcsocket;

import java.lang.reflect.Proxy;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcPeerEvent} and the four events that extend it.
 */
class IpcPeerEventTests {

	private static final Path PATH = Path.of("app.sock");

	private final IPCSocket socket = socketAt(PATH);

	private final IpcPeer peer = new IpcPeer("b", 42, 1000, 1000);

	@Test
	void connectionEventsCarryThePeer() {
		IpcConnectedEvent connected = new IpcConnectedEvent(this.socket, IpcRole.LISTENER, this.peer);
		IpcDisconnectedEvent disconnected = new IpcDisconnectedEvent(this.socket, IpcRole.LISTENER, this.peer, true);
		assertThat(connected.getPeer()).isSameAs(this.peer);
		assertThat(disconnected.getPeer()).isSameAs(this.peer);
		assertThat(disconnected.isLost()).isTrue();
		assertThat(connected).hasToString("IpcConnectedEvent[path=app.sock, role=LISTENER, peer=" + this.peer + "]");
		assertThat(disconnected)
			.hasToString("IpcDisconnectedEvent[path=app.sock, role=LISTENER, peer=" + this.peer + ", lost=true]");
	}

	@Test
	void memberEventsExposeTheSamePeerThroughBothGetters() {
		IpcMemberJoinedEvent joined = new IpcMemberJoinedEvent(this.socket, IpcRole.CLIENT, this.peer);
		IpcMemberLeftEvent left = new IpcMemberLeftEvent(this.socket, IpcRole.CLIENT, this.peer, false);
		assertThat(joined.getMember()).isSameAs(this.peer).isSameAs(joined.getPeer());
		assertThat(left.getMember()).isSameAs(this.peer).isSameAs(left.getPeer());
		assertThat(left.isClean()).isFalse();
		assertThat(joined).hasToString("IpcMemberJoinedEvent[path=app.sock, role=CLIENT, peer=" + this.peer + "]");
		assertThat(left)
			.hasToString("IpcMemberLeftEvent[path=app.sock, role=CLIENT, peer=" + this.peer + ", clean=false]");
	}

	@Test
	void eventsKeepTheSocketAndItsPath() {
		IpcPeerEvent event = new IpcMemberLeftEvent(this.socket, IpcRole.LISTENER, this.peer, true);
		assertThat(event.getSocket()).isSameAs(this.socket);
		assertThat(event.getPath()).isEqualTo(PATH);
		assertThat(event.getRole()).isEqualTo(IpcRole.LISTENER);
	}

	/** A socket that answers its path and nothing else: the events only read that. */
	private static IPCSocket socketAt(Path path) {
		return (IPCSocket) Proxy.newProxyInstance(IPCSocket.class.getClassLoader(), new Class<?>[] { IPCSocket.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "path" -> path;
					case "toString" -> "IPCSocket[" + path + "]";
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

}
