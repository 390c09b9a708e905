package dev.ipcsocket;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Base of every event an {@link IPCSocket} publishes.
 * <p>
 * Contract: each {@link IpcConnectedEvent} is followed by exactly one
 * {@link IpcDisconnectedEvent} for the same peer; events of one peer arrive in the order the
 * socket saw them; listeners run one at a time, on the reader thread that received a message
 * or on the socket's dispatch thread ({@link IpcListenerThread}).
 */
public abstract class IpcEvent extends ApplicationEvent {

	private final Path path;

	private final @Nullable IpcRole role;

	protected IpcEvent(IPCSocket socket, @Nullable IpcRole role) {
		super(socket);
		this.path = socket.path();
		this.role = role;
	}

	/**
	 * Return the socket that published the event.
	 * @return the socket
	 */
	public IPCSocket getSocket() {
		return (IPCSocket) getSource();
	}

	/**
	 * Return the socket's path.
	 * @return the path
	 */
	public Path getPath() {
		return this.path;
	}

	/**
	 * Return the socket's role when the event happened.
	 * @return the role, or {@code null} before the handshake decided one
	 */
	public @Nullable IpcRole getRole() {
		return this.role;
	}

	/**
	 * Describe what is specific to this event, for {@link #toString()}.
	 * @return a short description
	 */
	protected abstract String describe();

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[path=" + this.path + ", role=" + this.role + ", " + describe() + "]";
	}

}
