package dev.ipcsocket.benchmarks;

import java.io.IOException;
import java.time.Duration;

import org.HdrHistogram.Histogram;

/**
 * A raw socket framed as the starter frames it (4-byte big-endian length, then the payload),
 * written the way a careful user of the raw API would: one write per message, reads through a
 * large buffer, no allocation per message. Blocking reads are bounded by the peer's watchdog.
 */
abstract class FrameStream implements DriverLink {

	/**
	 * Read the next frame into the receive buffer.
	 * @return its payload length
	 * @throws java.io.EOFException at end of stream
	 */
	abstract int readFrame() throws IOException;

	/** The first payload byte of the frame read last. */
	abstract byte firstPayloadByte();

	/** Write the frame read last back, header and payload, in one write. */
	abstract void echoLastFrame() throws IOException;

	@Override
	public void awaitAck(Duration timeout) throws IOException {
		while (!Protocol.isControl(readFrame())) {
			// in sink mode the server sends nothing but acknowledgements; skip stray echoes
		}
	}

	@Override
	public void roundTrips(byte[] request, int warmup, int measured, Histogram histogram, Duration timeout)
			throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		int total = warmup + measured;
		for (int i = 0; i < total; i++) {
			long sentAt = System.nanoTime();
			send(request);
			readFrame();
			long elapsed = System.nanoTime() - sentAt;
			if (i >= warmup) {
				histogram.recordValue(elapsed);
			}
			if ((i & 1023) == 0 && System.nanoTime() - deadline > 0) {
				throw DriverLink.timedOut("the round-trip loop", timeout);
			}
		}
	}

	/**
	 * Serve the {@link Protocol} until the driver quits or the stream ends.
	 */
	void serve() throws IOException {
		boolean echo = true;
		while (true) {
			int size;
			try {
				size = readFrame();
			}
			catch (java.io.EOFException ex) {
				return;
			}
			if (!Protocol.isControl(size)) {
				if (echo) {
					echoLastFrame();
				}
				continue;
			}
			switch (firstPayloadByte()) {
				case Protocol.ECHO -> echo = true;
				case Protocol.SINK -> echo = false;
				case Protocol.ACK -> echoLastFrame();
				case Protocol.QUIT -> {
					return;
				}
				default -> throw new IOException("unknown command " + firstPayloadByte());
			}
		}
	}

}
