package dev.ipcsocket.bus;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ipcsocket.IpcPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BusFrameCodec}.
 */
class BusFrameCodecTests {

	@Test
	void everyFrameSurvivesARoundTrip() throws MalformedFrameException {
		IpcPeer member = new IpcPeer("orders-12", 12, 1000, 1000);
		List<BusFrame> frames = List.of(new BusFrame.Hello("orders", 1, "orders-12"),
				new BusFrame.Welcome(List.of(member, new IpcPeer("ünï", 1, 2, 3))), new BusFrame.Refuse("no"),
				new BusFrame.Joined(member), new BusFrame.Left("orders-12", true), new BusFrame.Bye(),
				new BusFrame.Uplinked(1_795_699_235_664_001L));
		for (BusFrame frame : frames) {
			assertThat(BusFrameCodec.decode(BusFrameCodec.encode(frame))).isEqualTo(frame);
		}
		BusFrame.Data data = new BusFrame.Data(BusFrame.Kind.REQUEST, "a", "b", 7, 3, "com.example.Type",
				new byte[] { 1, 2, 3 });
		BusFrame.Data decoded = (BusFrame.Data) BusFrameCodec.decode(BusFrameCodec.encode(data));
		assertThat(decoded).usingRecursiveComparison().isEqualTo(data);
		assertThat(decoded.messageId()).isEqualTo("a:7");
	}

	@Test
	void aMemberCountLargerThanTheFrameIsRejectedBeforeAllocating() {
		byte[] frame = ByteBuffer.allocate(4).put((byte) 1).put((byte) 2).putShort((short) 0xFFFF).array();

		assertThatExceptionOfType(MalformedFrameException.class).isThrownBy(() -> BusFrameCodec.decode(frame))
			.withMessageContaining("65535 members announced in 0 bytes");
	}

	@Test
	void aStringLongerThanTheFrameIsRejected() {
		byte[] frame = ByteBuffer.allocate(6).put((byte) 1).put((byte) 3).putShort((short) 500).put((byte) 'x')
			.put((byte) 'y').array();

		assertThatExceptionOfType(MalformedFrameException.class).isThrownBy(() -> BusFrameCodec.decode(frame))
			.withMessageContaining("string of 500 bytes");
	}

	@Test
	void anotherProtocolVersionIsRejectedExceptForHello() throws MalformedFrameException {
		byte[] bye = { 2, 6 };
		assertThatExceptionOfType(MalformedFrameException.class).isThrownBy(() -> BusFrameCodec.decode(bye))
			.withMessageContaining("protocol version 2");

		byte[] hello = BusFrameCodec.encode(new BusFrame.Hello("orders", 2, "x"));
		hello[0] = 2;
		assertThat(BusFrameCodec.decode(hello)).isEqualTo(new BusFrame.Hello("orders", 2, "x"));
	}

	@Test
	void emptyAndTruncatedFramesAreRejected() {
		assertThatExceptionOfType(MalformedFrameException.class).isThrownBy(() -> BusFrameCodec.decode(new byte[0]));
		byte[] data = BusFrameCodec.encode(new BusFrame.Data(BusFrame.Kind.MESSAGE, "a", "", 1, 0, "", new byte[0]));
		byte[] truncated = java.util.Arrays.copyOf(data, data.length - 3);
		assertThatExceptionOfType(MalformedFrameException.class).isThrownBy(() -> BusFrameCodec.decode(truncated));
	}

}
