package dev.ipcsocket.bus;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HubRouter}.
 */
class HubRouterTests {

	private static final List<String> CLIENTS = List.of("a", "b", "c");

	private static BusFrame.Data from(String origin, String target) {
		return new BusFrame.Data(BusFrame.Kind.MESSAGE, origin, target, 1, 0, "", new byte[0]);
	}

	@Test
	void aClientBroadcastReachesTheHubAndEveryOtherClient() {
		HubRouter.Route route = HubRouter.route(from("a", ""), "hub", CLIENTS);

		assertThat(route.deliverLocally()).isTrue();
		assertThat(route.forwardTo()).containsExactly("b", "c");
	}

	@Test
	void theHubsOwnBroadcastIsNotDeliveredBackToIt() {
		HubRouter.Route route = HubRouter.route(from("hub", ""), "hub", CLIENTS);

		assertThat(route.deliverLocally()).isFalse();
		assertThat(route.forwardTo()).containsExactly("a", "b", "c");
	}

	@Test
	void aDirectMessageReachesOnlyItsTarget() {
		assertThat(HubRouter.route(from("a", "c"), "hub", CLIENTS).forwardTo()).containsExactly("c");
		assertThat(HubRouter.route(from("a", "c"), "hub", CLIENTS).deliverLocally()).isFalse();
		assertThat(HubRouter.route(from("a", "hub"), "hub", CLIENTS).deliverLocally()).isTrue();
		assertThat(HubRouter.route(from("a", "hub"), "hub", CLIENTS).forwardTo()).isEmpty();
	}

	@Test
	void anUnknownTargetOrASelfAddressedMessageIsUndeliverable() {
		assertThat(HubRouter.route(from("a", "zed"), "hub", CLIENTS).undeliverable()).isTrue();
		assertThat(HubRouter.route(from("a", "a"), "hub", CLIENTS).undeliverable()).isTrue();
	}

}
