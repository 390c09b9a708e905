package dev.ipcsocket.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FrameInput}: waiting for a byte takes nothing, and a
 * large read after the wait goes to the socket directly instead of through the buffer.
 */
class FrameInputTests {

	@Test
	void awaitingAByteTakesNothingAndSeesTheEnd() throws IOException {
		FrameInput input = new FrameInput(
				new ByteArrayInputStream(new byte[] { 1, 2, 3 }));

		assertThat(input.awaitByte()).isTrue();
		assertThat(input.awaitByte()).isTrue();
		assertThat(input.readAllBytes()).containsExactly(1, 2, 3);
		assertThat(input.awaitByte()).isFalse();
	}

	@Test
	void largeReadAfterTheWaitBypassesTheBuffer() throws IOException {
		List<Integer> requested = new ArrayList<>();
		InputStream socket = new ByteArrayInputStream(new byte[100_000]) {

			@Override
			public synchronized int read(byte[] b, int off, int len) {
				requested.add(len);
				return super.read(b, off, len);
			}

		};
		FrameInput input = new FrameInput(socket);

		input.awaitByte();
		byte[] payload = new byte[64 * 1024];
		int read = input.readNBytes(payload, 0, payload.length);

		assertThat(read).isEqualTo(payload.length);
		// one fill of the 8 KiB buffer for the wait, then the rest of the payload in one read
		assertThat(requested).containsExactly(8192, payload.length - 8192);
	}

}
