package dev.ipcsocket.actuate;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcStatistics;
import dev.ipcsocket.coordination.SiblingLeadership;
import dev.ipcsocket.coordination.SiblingLockRegistry;

/**
 * {@link Endpoint @Endpoint} that describes an {@link IPCSocket}: its path and role, the peers
 * connected to it, its counters, and the roles this member leads and the sibling locks it holds.
 */
@Endpoint(id = "ipc")
public class IpcEndpoint {

	private final IPCSocket socket;

	private final @Nullable SiblingLeadership leadership;

	private final @Nullable SiblingLockRegistry locks;

	public IpcEndpoint(IPCSocket socket) {
		this(socket, null, null);
	}

	/**
	 * Create an endpoint that also shows leadership and locks.
	 * @param socket the socket
	 * @param leadership the roles, or {@code null} if there are none
	 * @param locks the sibling locks, or {@code null} if there are none
	 */
	public IpcEndpoint(IPCSocket socket, @Nullable SiblingLeadership leadership, @Nullable SiblingLockRegistry locks) {
		this.socket = socket;
		this.leadership = leadership;
		this.locks = locks;
	}

	@ReadOperation
	public SocketDescriptor socket() {
		List<PeerDescriptor> peers = this.socket.peers().stream().map(PeerDescriptor::of).toList();
		IpcRole role = this.socket.role();
		return new SocketDescriptor(this.socket.path().toString(), (role != null) ? role.name() : null,
				ProcessHandle.current().pid(), this.socket.isConnected(), this.socket.lastErrorCode(), peers,
				StatisticsDescriptor.of(this.socket.statistics()),
				(this.leadership != null) ? this.leadership.ledRoles() : Set.of(),
				(this.locks != null) ? this.locks.heldLocks() : Set.of());
	}

	/**
	 * Description of a socket.
	 *
	 * @param path the socket's path
	 * @param role {@code LISTENER} or {@code CLIENT}, or {@code null} before the handshake or after
	 * close
	 * @param pid process id of this application
	 * @param connected whether at least one peer is connected
	 * @param lastErrorCode classic code of the last error, 0 if none
	 * @param peers the connected peers: for a client, the listener alone
	 * @param statistics the socket's counters
	 * @param leads the roles of {@code ipc.leadership.roles} this member leads now
	 * @param locks the names of the sibling locks a thread of this member holds now
	 */
	public record SocketDescriptor(String path, @Nullable String role, long pid, boolean connected,
			int lastErrorCode, List<PeerDescriptor> peers, StatisticsDescriptor statistics, Set<String> leads,
			Set<String> locks) implements OperationResponseBody {

	}

	/**
	 * Description of a connected peer.
	 *
	 * @param id identifier unique within the socket
	 * @param pid process id of the peer
	 * @param uid user id of the peer
	 */
	public record PeerDescriptor(String id, long pid, long uid) {

		static PeerDescriptor of(IpcPeer peer) {
			return new PeerDescriptor(peer.id(), peer.pid(), peer.uid());
		}

	}

	/**
	 * The counters of {@link IPCSocket#statistics()}.
	 *
	 * @param messagesSent messages sent, once per peer written to
	 * @param bytesSent payload bytes of those messages
	 * @param messagesReceived messages received
	 * @param bytesReceived payload bytes of those messages
	 * @param messagesRelayed messages the listener forwarded between clients
	 * @param sendCalls calls of {@code send} and {@code flush} that sent a message
	 * @param sendTimeMillis time spent in those sends, in milliseconds
	 * @param connectionsOpened connections that came up
	 * @param connectionsClosed connections that ended
	 * @param pendingEvents events waiting for listeners now
	 * @param errors the errors that occurred, with their counts
	 */
	public record StatisticsDescriptor(long messagesSent, long bytesSent, long messagesReceived, long bytesReceived,
			long messagesRelayed, long sendCalls, double sendTimeMillis, long connectionsOpened,
			long connectionsClosed, int pendingEvents, List<ErrorDescriptor> errors) {

		static StatisticsDescriptor of(IpcStatistics statistics) {
			List<ErrorDescriptor> errors = Arrays.stream(IpcError.values())
				.filter((error) -> statistics.errorCount(error) > 0)
				.map((error) -> new ErrorDescriptor(error.name(), error.code(), statistics.errorCount(error)))
				.toList();
			return new StatisticsDescriptor(statistics.messagesSent(), statistics.bytesSent(),
					statistics.messagesReceived(), statistics.bytesReceived(), statistics.messagesRelayed(),
					statistics.sendCalls(), statistics.sendTime().toNanos() / 1_000_000.0,
					statistics.connectionsOpened(), statistics.connectionsClosed(), statistics.pendingEvents(), errors);
		}

	}

	/**
	 * How often an error occurred.
	 *
	 * @param error the error's name
	 * @param code its classic code
	 * @param count how often it occurred
	 */
	public record ErrorDescriptor(String error, int code, long count) {

	}

}
