package dev.ipcsocket.bus;

import java.util.Collection;
import java.util.List;

/**
 * Decides where the hub (the listener) sends a message: broadcasts go to every member but their
 * origin, direct messages to their target only.
 */
public final class HubRouter {

	private HubRouter() {
	}

	/**
	 * Route a message that reached the hub.
	 * @param data the message
	 * @param hubId the hub's own instance id
	 * @param clients the instance ids of the connected clients
	 * @return where it goes
	 */
	public static Route route(BusFrame.Data data, String hubId, Collection<String> clients) {
		if (data.isBroadcast()) {
			List<String> forward = clients.stream().filter((id) -> !id.equals(data.origin())).toList();
			return new Route(!data.origin().equals(hubId), forward, false);
		}
		if (data.target().equals(hubId)) {
			return new Route(true, List.of(), false);
		}
		if (clients.contains(data.target()) && !data.target().equals(data.origin())) {
			return new Route(false, List.of(data.target()), false);
		}
		return new Route(false, List.of(), true);
	}

	/**
	 * Where a message goes.
	 * @param deliverLocally whether the hub's own application receives it
	 * @param forwardTo the clients it is forwarded to
	 * @param undeliverable whether its target is no member
	 */
	public record Route(boolean deliverLocally, List<String> forwardTo, boolean undeliverable) {
	}

}
