package dev.ipcsocket.transport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LengthHeaderFramer}: the wire's 4-byte big-endian length, read as unsigned.
 */
class LengthHeaderFramerTests {

	private final LengthHeaderFramer framer = new LengthHeaderFramer(1000);

	@Test
	void framesAreBigEndianLengthThenPayloadAndReadBack() throws IOException {
		byte[] payload = new byte[300];
		payload[0] = 7;
		payload[299] = 9;
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		this.framer.serialize(payload, out);
		this.framer.serialize(new byte[0], out);

		byte[] wire = out.toByteArray();
		assertThat(ByteBuffer.wrap(wire).getInt()).isEqualTo(300);
		assertThat(wire).hasSize(4 + 300 + 4);
		ByteArrayInputStream in = new ByteArrayInputStream(wire);
		assertThat(this.framer.deserialize(in)).isEqualTo(payload);
		assertThat(this.framer.deserialize(in)).isEmpty();
		assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> this.framer.deserialize(in));
	}

	@Test
	void twoPartFrameIsWrittenBehindOneHeaderAndReadAsOne() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		FrameSerializer serializer = new FrameSerializer(this.framer);

		serializer.serialize(Frame.outbound(new byte[] { 1, 2, 3 }, new byte[] { 4, 5 }), out);
		serializer.serialize(new byte[] { 6 }, out);

		ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
		assertThat(this.framer.deserialize(in)).containsExactly(1, 2, 3, 4, 5);
		assertThat(this.framer.deserialize(in)).containsExactly(6);
		assertThat(in.available()).isZero();
	}

	@Test
	void lengthOverTheMaximumIsRefusedReadAsUnsigned() {
		for (int length : new int[] { 1001, Integer.MAX_VALUE, -1 }) {
			ByteArrayInputStream in = new ByteArrayInputStream(ByteBuffer.allocate(4).putInt(length).array());
			assertThatExceptionOfType(OversizedFrameException.class).isThrownBy(() -> this.framer.deserialize(in))
				.withMessageContaining("frame announces " + Integer.toUnsignedLong(length) + " bytes");
		}
	}

	@Test
	void streamEndingInsideAFrameIsAnErrorNotACleanEnd() {
		ByteArrayInputStream halfHeader = new ByteArrayInputStream(new byte[] { 0, 0 });
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.framer.deserialize(halfHeader))
			.isNotInstanceOf(SoftEndOfStreamException.class);
		ByteArrayInputStream halfBody = new ByteArrayInputStream(ByteBuffer.allocate(6).putInt(10).array());
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.framer.deserialize(halfBody))
			.isNotInstanceOf(SoftEndOfStreamException.class)
			.withMessageContaining("2 of 10");
	}

}
