package dev.ipcsocket.bus;

import java.nio.ByteBuffer;
import java.util.Arrays;
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
				new BusFrame.Confirmed(1_795_699_235_664_001L));
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
	void envelopeThenPayloadIsTheEncodedDataFrame() throws MalformedFrameException {
		BusFrame.Data data = new BusFrame.Data(BusFrame.Kind.REQUEST, "orders-12", "billing-7", 42, 41, "com.example.Quote",
				"{\"cents\":4200}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

		byte[] envelope = BusFrameCodec.encodeEnvelope(data);

		byte[] joined = ByteBuffer.allocate(envelope.length + data.payload().length).put(envelope).put(data.payload())
			.array();
		assertThat(joined).isEqualTo(BusFrameCodec.encode(data));
		assertThat(BusFrameCodec.decode(joined)).usingRecursiveComparison().isEqualTo(data);
	}

	@Test
	void dataEnvelopeLengthFindsWhereThePayloadBegins() throws MalformedFrameException {
		BusFrame.Data data = new BusFrame.Data(BusFrame.Kind.REQUEST, "orders-12", "billing-7", 42, 41, "com.example.Quote",
				new byte[] { 9, 8, 7 });
		byte[] envelope = BusFrameCodec.encodeEnvelope(data);
		byte[] whole = BusFrameCodec.encode(data);

		assertThat(BusFrameCodec.dataEnvelopeLength(whole)).isEqualTo(envelope.length);
		assertThat(BusFrameCodec.dataEnvelopeLength(envelope)).isEqualTo(envelope.length);
		byte[] payload = { 9, 8, 7 };
		BusFrame.Data decoded = BusFrameCodec.decodeData(envelope, payload);
		assertThat(decoded).usingRecursiveComparison().isEqualTo(data);
		assertThat(decoded.payload()).as("the payload array is kept, not copied").isSameAs(payload);
	}

	@Test
	void anythingButAWholeDataEnvelopeHasNoEnvelopeLength() {
		byte[] envelope = BusFrameCodec
			.encodeEnvelope(new BusFrame.Data(BusFrame.Kind.MESSAGE, "a", "", 1, 0, "t", new byte[0]));
		// cut inside the type string, the sequence, the origin
		for (int length : new int[] { envelope.length - 1, 10, 6, 4, 0 }) {
			assertThat(BusFrameCodec.dataEnvelopeLength(Arrays.copyOf(envelope, length))).as("cut at " + length)
				.isEqualTo(-1);
		}
		byte[] otherVersion = envelope.clone();
		otherVersion[0] = 2;
		byte[] unknownKind = envelope.clone();
		unknownKind[2] = 99;
		for (byte[] bytes : List.of(otherVersion, unknownKind, BusFrameCodec.encode(new BusFrame.Confirmed(5)),
				BusFrameCodec.encode(new BusFrame.Refuse("a reason long enough to look like a Data envelope")))) {
			assertThat(BusFrameCodec.dataEnvelopeLength(bytes)).isEqualTo(-1);
		}
	}

	@Test
	void decodeDataRejectsAnEnvelopeWithStrayBytes() {
		byte[] envelope = BusFrameCodec
			.encodeEnvelope(new BusFrame.Data(BusFrame.Kind.MESSAGE, "a", "", 1, 0, "", new byte[0]));
		byte[] longer = Arrays.copyOf(envelope, envelope.length + 1);

		assertThatExceptionOfType(MalformedFrameException.class)
			.isThrownBy(() -> BusFrameCodec.decodeData(longer, new byte[1]));
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
		byte[] truncated = Arrays.copyOf(data, data.length - 3);
		assertThatExceptionOfType(MalformedFrameException.class).isThrownBy(() -> BusFrameCodec.decode(truncated));
	}

}
