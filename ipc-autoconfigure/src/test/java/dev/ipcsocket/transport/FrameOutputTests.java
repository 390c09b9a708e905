package dev.ipcsocket.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FrameOutput}: small frames keep a small buffer, a frame up
 * to the maximum still reaches the socket in one write, and the bytes arrive unchanged.
 */
class FrameOutputTests {

	private static final int MAX = 212_992;

	private final List<Integer> writes = new ArrayList<>();

	private final ByteArrayOutputStream socket = new ByteArrayOutputStream() {

		@Override
		public synchronized void write(byte[] bytes, int offset, int length) {
			FrameOutputTests.this.writes.add(length);
			super.write(bytes, offset, length);
		}

	};

	private final FrameSerializer serializer = new FrameSerializer(new LengthHeaderFramer(1024 * 1024));

	@Test
	void smallFramesKeepTheInitialBuffer() throws IOException {
		FrameOutput output = new FrameOutput(this.socket,
				FrameOutput.INITIAL_SIZE, MAX);

		for (int i = 0; i < 100; i++) {
			send(output, new byte[64]);
		}

		assertThat(output.bufferSize()).isEqualTo(8192);
		assertThat(this.writes).hasSize(100).containsOnly(4 + 64);
	}

	@Test
	void aLargeFrameGrowsTheBufferAndReachesTheSocketInOneWrite() throws IOException {
		FrameOutput output = new FrameOutput(this.socket,
				FrameOutput.INITIAL_SIZE, MAX);
		byte[] payload = patterned(64 * 1024);

		send(output, payload);
		send(output, payload);

		assertThat(this.writes).containsExactly(4 + payload.length, 4 + payload.length);
		assertThat(output.bufferSize()).isBetween(4 + payload.length, MAX);
		byte[] written = this.socket.toByteArray();
		assertThat(written).hasSize(2 * (4 + payload.length));
		assertThat(Arrays.copyOfRange(written, 4, 4 + payload.length)).isEqualTo(payload);
	}

	@Test
	void aFrameLargerThanTheMaximumIsWrittenWithoutGrowingPastIt() throws IOException {
		FrameOutput output = new FrameOutput(this.socket,
				FrameOutput.INITIAL_SIZE, MAX);
		byte[] payload = patterned(MAX * 2);

		send(output, payload);

		assertThat(output.bufferSize()).isEqualTo(MAX);
		byte[] written = this.socket.toByteArray();
		assertThat(Arrays.copyOfRange(written, 4, written.length)).isEqualTo(payload);
	}

	private void send(FrameOutput output, byte[] payload) throws IOException {
		this.serializer.serialize(payload, output);
		output.flush();
	}

	private static byte[] patterned(int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) (i * 31);
		}
		return bytes;
	}

}
