package dev.ipcsocket.transport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import dev.ipcsocket.bus.BusFrame;
import dev.ipcsocket.bus.BusFrameCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FrameDeserializer}: a large message is read as its envelope and its payload,
 * anything else whole, and both read back what {@link FrameSerializer} wrote.
 */
class FrameDeserializerTests {

	private static final int MAX = 1024 * 1024;

	private final LengthHeaderFramer framer = new LengthHeaderFramer(MAX);

	private final FrameDeserializer deserializer = new FrameDeserializer(this.framer, BusFrameCodec::dataEnvelopeLength);

	@Test
	void largeMessageIsReadAsItsEnvelopeAndItsPayload() throws Exception {
		BusFrame.Data data = data("orders-12", payload(FrameDeserializer.SPLIT_THRESHOLD));
		InputStream in = written(data);

		Object read = this.deserializer.deserialize(in);

		assertThat(read).isInstanceOf(Frame.class);
		Frame frame = (Frame) read;
		assertThat(frame.head()).isEqualTo(BusFrameCodec.encodeEnvelope(data));
		assertThat(frame.getPayload()).isEqualTo(data.payload());
		assertThat(BusFrameCodec.decodeData(frame.head(), frame.getPayload())).usingRecursiveComparison()
			.isEqualTo(data);
		assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> this.deserializer.deserialize(in));
	}

	@Test
	void smallMessageIsReadWhole() throws Exception {
		BusFrame.Data data = data("orders-12", payload(100));

		assertThat(this.deserializer.deserialize(written(data))).isEqualTo(BusFrameCodec.encode(data));
	}

	@Test
	void largeFrameThatIsNoDataFrameIsReadWhole() throws Exception {
		byte[] bytes = payload(70_000);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.framer.serialize(bytes, out);

		assertThat(this.deserializer.deserialize(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(bytes);
	}

	@Test
	void largeMessageWithAnEnvelopeLongerThanThePrefixIsReadWhole() throws Exception {
		char[] longId = new char[FrameDeserializer.PREFIX_BYTES];
		Arrays.fill(longId, 'x');
		BusFrame.Data data = data(new String(longId), payload(10_000));

		Object read = this.deserializer.deserialize(written(data));

		assertThat(read).isEqualTo(BusFrameCodec.encode(data));
		assertThat(BusFrameCodec.decode((byte[]) read)).usingRecursiveComparison().isEqualTo(data);
	}

	@Test
	void streamEndingInsideALargePayloadIsAnErrorNamingHowFarItGot() throws Exception {
		byte[] wire = written(data("orders-12", payload(10_000))).readAllBytes();
		InputStream cut = new ByteArrayInputStream(Arrays.copyOf(wire, 4 + 6000));

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.deserializer.deserialize(cut))
			.isNotInstanceOf(SoftEndOfStreamException.class)
			.withMessageContaining("6000 of " + (wire.length - 4));
	}

	@Test
	void lengthOverTheMaximumIsRefusedBeforeAnythingIsRead() {
		InputStream in = new ByteArrayInputStream(new byte[] { 0, 0x10, 0, 1 });

		assertThatExceptionOfType(OversizedFrameException.class).isThrownBy(() -> this.deserializer.deserialize(in));
	}

	private InputStream written(BusFrame.Data data) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new FrameSerializer(this.framer).serialize(Frame.outbound(BusFrameCodec.encodeEnvelope(data), data.payload()),
				out);
		return new ByteArrayInputStream(out.toByteArray());
	}

	private static BusFrame.Data data(String origin, byte[] payload) {
		return new BusFrame.Data(BusFrame.Kind.MESSAGE, origin, "", 7, 0, "com.example.Order", payload);
	}

	private static byte[] payload(int size) {
		byte[] payload = new byte[size];
		new Random(size).nextBytes(payload);
		return payload;
	}

}
