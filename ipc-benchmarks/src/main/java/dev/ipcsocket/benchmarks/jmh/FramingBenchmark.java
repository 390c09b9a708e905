package dev.ipcsocket.benchmarks.jmh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.ipcsocket.transport.LengthHeaderFramer;

/**
 * The length-header framing as the starter configures it ({@link LengthHeaderFramer}), on one
 * 64-byte message in memory: what writing and reading a frame costs beyond the socket.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FramingBenchmark {

	private final LengthHeaderFramer framer = new LengthHeaderFramer(1024 * 1024);

	private final byte[] payload = new byte[64];

	private final ByteArrayOutputStream sink = new ByteArrayOutputStream(256);

	private ByteArrayInputStream framed;

	@Setup
	public void frame() {
		this.framed = new ByteArrayInputStream(ByteBuffer.allocate(4 + 64).putInt(64).put(this.payload).array());
		this.framed.mark(0);
	}

	@Benchmark
	public int serialize64() throws IOException {
		this.sink.reset();
		this.framer.serialize(this.payload, this.sink);
		return this.sink.size();
	}

	@Benchmark
	public byte[] deserialize64() throws IOException {
		this.framed.reset();
		return this.framer.deserialize(this.framed);
	}

}
