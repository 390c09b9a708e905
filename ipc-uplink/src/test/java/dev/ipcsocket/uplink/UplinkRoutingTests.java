package dev.ipcsocket.uplink;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ipcsocket.bus.BusFrame;
import dev.ipcsocket.bus.BusFrameCodec;
import dev.ipcsocket.uplink.UplinkRouting.InboundRoute;
import dev.ipcsocket.uplink.UplinkRouting.OutboundRoute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UplinkRoutingTests {

	private final UplinkRouting routing = new UplinkRouting("h1", 1);

	@Test
	void broadcastLeavesWithItsOriginQualified() {
		UplinkRouting.Outbound out = this.routing.outbound(FakeHub.message("m1", 7, "", "hi"), "app");

		assertThat(out.route()).isEqualTo(OutboundRoute.BROKER);
		assertThat(out.data().origin()).isEqualTo("h1:app:m1");
		assertThat(out.data().target()).isEmpty();
		assertThat(out.data().sequence()).isEqualTo(7);
		assertThat(this.routing.headers(out.data())).containsEntry(UplinkHeaders.ORIGIN_HOST, "h1")
			.containsEntry(UplinkHeaders.ORIGIN, "h1:app:m1")
			.containsEntry(UplinkHeaders.MESSAGE_ID, "h1:app:m1:7")
			.containsEntry(UplinkHeaders.HOPS, "1");
	}

	@Test
	void messageToAnotherHostLeavesWithItsTargetAsIs() {
		UplinkRouting.Outbound out = this.routing.outbound(FakeHub.message("m1", 7, "h2:app:m9", "hi"), "app");

		assertThat(out.route()).isEqualTo(OutboundRoute.BROKER);
		assertThat(out.data().target()).isEqualTo("h2:app:m9");
	}

	@Test
	void messageToThisHostWithAQualifiedIdStaysOnTheHost() {
		UplinkRouting.Outbound out = this.routing.outbound(FakeHub.message("m1", 7, "h1:app:m2", "hi"), "app");

		assertThat(out.route()).isEqualTo(OutboundRoute.LOCAL);
		assertThat(out.data().origin()).isEqualTo("h1:app:m1");
		assertThat(out.data().target()).isEqualTo("m2");
	}

	@Test
	void messagesNoHostCanTakeAreUndeliverable() {
		assertThat(this.routing.outbound(FakeHub.message("m1", 1, "h1:other:m2", "x"), "app").route())
			.isEqualTo(OutboundRoute.UNDELIVERABLE);
		assertThat(this.routing.outbound(FakeHub.message("m1", 1, "m2", "x"), "app").route())
			.isEqualTo(OutboundRoute.UNDELIVERABLE);
		assertThat(this.routing.outbound(FakeHub.message("h2:app:m1", 1, "", "x"), "app").route())
			.isEqualTo(OutboundRoute.UNDELIVERABLE);
		assertThat(this.routing.outbound(FakeHub.message("m1", 1, "h2::m2", "x"), "app").route())
			.isEqualTo(OutboundRoute.UNDELIVERABLE);
	}

	@Test
	void broadcastOfAnotherHostIsDeliveredUnchanged() {
		UplinkRouting.Inbound in = inbound(FakeHub.message("h2:app:m1", 3, "", "hi"), "1");

		assertThat(in.route()).isEqualTo(InboundRoute.DELIVER);
		assertThat(in.data().origin()).isEqualTo("h2:app:m1");
		assertThat(in.data().target()).isEmpty();
		assertThat(FakeHub.text(in.data())).isEqualTo("hi");
	}

	@Test
	void messageToAMemberOfThisHostIsDeliveredToItsInstanceId() {
		UplinkRouting.Inbound in = inbound(FakeHub.message("h2:app:m1", 3, "h1:app:m4", "hi"), "1");

		assertThat(in.route()).isEqualTo(InboundRoute.DELIVER);
		assertThat(in.data().target()).isEqualTo("m4");
	}

	@Test
	void ownRecordsAreEchoes() {
		assertThat(inbound(FakeHub.message("h1:app:m1", 3, "", "hi"), "1").route()).isEqualTo(InboundRoute.ECHO);
	}

	@Test
	void recordsOverTheHopLimitAreDropped() {
		assertThat(inbound(FakeHub.message("h2:app:m1", 3, "", "hi"), "2").route())
			.isEqualTo(InboundRoute.HOP_LIMIT);
		assertThat(new UplinkRouting("h1", 2).inbound(BusFrameCodec.encode(FakeHub.message("h2:app:m1", 3, "", "x")),
				Map.of(UplinkHeaders.HOPS, "2"), "app").route()).isEqualTo(InboundRoute.DELIVER);
	}

	@Test
	void recordsOfAnotherApplicationOrForAnotherHostAreIgnored() {
		assertThat(inbound(FakeHub.message("h2:other:m1", 3, "", "hi"), "1").route())
			.isEqualTo(InboundRoute.IGNORED);
		assertThat(inbound(FakeHub.message("h2:app:m1", 3, "h3:app:m4", "hi"), "1").route())
			.isEqualTo(InboundRoute.IGNORED);
		assertThat(inbound(FakeHub.message("h2:app:m1", 3, "h1:other:m4", "hi"), "1").route())
			.isEqualTo(InboundRoute.IGNORED);
	}

	@Test
	void headersMayArriveAsBytes() {
		UplinkRouting.Inbound in = this.routing.inbound(
				BusFrameCodec.encode(FakeHub.message("h2:app:m1", 3, "", "hi")),
				Map.of(UplinkHeaders.HOPS, "2".getBytes(StandardCharsets.UTF_8)), "app");

		assertThat(in.route()).isEqualTo(InboundRoute.HOP_LIMIT);
	}

	@Test
	void recordsThatAreNotUplinkRecordsAreMalformed() {
		assertThat(this.routing.inbound("text", Map.of(), "app").route()).isEqualTo(InboundRoute.MALFORMED);
		assertThat(this.routing.inbound(new byte[] { 1, 7, 0 }, Map.of(), "app").route())
			.isEqualTo(InboundRoute.MALFORMED);
		assertThat(this.routing.inbound(BusFrameCodec.encode(new BusFrame.Bye()), Map.of(), "app").route())
			.isEqualTo(InboundRoute.MALFORMED);
		assertThat(inbound(FakeHub.message("m1", 3, "", "unqualified origin"), "1").route())
			.isEqualTo(InboundRoute.MALFORMED);
		assertThat(inbound(FakeHub.message("h2:app:m1", 3, "m4", "unqualified target"), "1").route())
			.isEqualTo(InboundRoute.MALFORMED);
		assertThat(inbound(FakeHub.message("h2:app:m1", 3, "", "x"), "many").route())
			.isEqualTo(InboundRoute.MALFORMED);
	}

	@Test
	void hostIdWithAColonIsRefusedNamingTheProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> new UplinkRouting("a:b", 1))
			.withMessageContaining("ipc.uplink.host-id");
		assertThatIllegalArgumentException().isThrownBy(() -> new UplinkRouting("a", 0))
			.withMessageContaining("ipc.uplink.max-hops");
	}

	private UplinkRouting.Inbound inbound(BusFrame.Data data, String hops) {
		return this.routing.inbound(BusFrameCodec.encode(data), Map.of(UplinkHeaders.HOPS, hops), "app");
	}

}
