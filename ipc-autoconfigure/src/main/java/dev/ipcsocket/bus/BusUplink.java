package dev.ipcsocket.bus;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcMemberIds;

/**
 * Carries the sibling bus beyond this host, for example through a message broker. Installed on
 * every member; only the hub (the listener) starts it, so a host holds one broker link however
 * many members it has, and the link moves with re-election.
 * <p>
 * Ids of members on other hosts are {@linkplain IpcMemberIds#qualify qualified}:
 * {@code host:application:instance}. The hub hands the uplink every message that originated on
 * this host and may concern another one (broadcasts and messages to qualified ids); the uplink
 * hands the hub the messages of other hosts that concern this one. The hub never hands back to
 * the uplink what came from it, so nothing loops.
 */
public interface BusUplink {

	/**
	 * This member became the hub: start carrying messages to and from other hosts. Must return
	 * at once; connecting to a broker happens in the background.
	 * @param hub where messages from other hosts go
	 */
	void start(Hub hub);

	/** This member stops being the hub (it closes): stop carrying messages. Must return promptly. */
	void stop();

	/**
	 * Take a message that originated on this host for other hosts: a broadcast or a message to a
	 * qualified id. Must not block (local traffic must never wait for a broker): keep it and send
	 * it in the background, then call {@link Hub#uplinked} once the broker has it or once it has
	 * been reported as undeliverable.
	 * @param data the message, its origin a local instance id
	 */
	void send(BusFrame.Data data);

	/**
	 * How many recent message ids each member remembers to drop repeats: delivery through a
	 * broker is at-least-once, the application sees each message once within this window.
	 * @return the window, in message ids
	 */
	default int duplicateWindow() {
		return 65_536;
	}

	/**
	 * A member dropped a message it had already delivered.
	 * @param data the repeated message
	 */
	default void duplicateDropped(BusFrame.Data data) {
	}

	/** The hub, as the uplink sees it. */
	interface Hub {

		/**
		 * Deliver a message of another host on this host, to its target or, for a broadcast, to
		 * every member here.
		 * @param data the message: its origin a qualified id, its target empty or an instance id
		 * of this host (unqualified)
		 */
		void deliver(BusFrame.Data data);

		/**
		 * The broker has a message the hub {@linkplain BusUplink#send handed over} (or it was
		 * reported as undeliverable): the member that sent it may forget the copy it keeps for
		 * a re-election. Call it in the order the messages were handed over.
		 * @param data the message
		 */
		void uplinked(BusFrame.Data data);

		/**
		 * Report a message the uplink could not carry (its buffer full while the broker is down,
		 * a send that failed for good, a record from the broker that is no valid frame): the hub
		 * publishes an {@link dev.ipcsocket.IpcErrorEvent} with this error, carrying the message
		 * when there is one, so that nothing is lost silently.
		 * @param data the message, or {@code null} if there is none
		 * @param error the error code, e.g. 106 for a full buffer, 102 for a broker that failed
		 * @param reason what happened, for the event's message
		 */
		void undelivered(BusFrame.@Nullable Data data, IpcError error, String reason);

		/**
		 * Return the application id of this host's bus.
		 * @return the application id
		 */
		String applicationId();

	}

}
