package dev.ipcsocket.benchmarks.jmh;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.ipcsocket.coordination.SiblingLockRegistry;

/**
 * An uncontended lock and unlock of a sibling lock ({@link SiblingLockRegistry}) beside what it is
 * made of, measured in the same run: a {@link ReentrantLock} (the in-JVM part) and a
 * {@link FileChannel#lock()} and release on an open channel (the kernel part). The sibling lock
 * also opens and closes its file's channel per acquisition, so that no idle lock keeps a
 * descriptor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SiblingLockBenchmark {

	@Param({ "reentrant-lock", "file-channel-lock", "sibling-lock" })
	public String subject;

	private Path directory;

	private Lock lock;

	private FileChannel channel;

	@Setup
	public void setUp() throws IOException {
		this.directory = Files.createTempDirectory("ipc-lock-bench");
		switch (this.subject) {
			case "reentrant-lock" -> this.lock = new ReentrantLock();
			case "file-channel-lock" -> this.channel = FileChannel.open(this.directory.resolve("plain.lock"),
					StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			case "sibling-lock" -> this.lock = SiblingLockRegistry.inDirectory(this.directory.resolve("locks"))
				.obtain("benchmark");
			default -> throw new IllegalArgumentException("unknown subject " + this.subject);
		}
	}

	@TearDown
	public void tearDown() throws IOException {
		if (this.channel != null) {
			this.channel.close();
		}
	}

	@Benchmark
	public boolean lockUnlock() throws IOException {
		if (this.channel != null) {
			FileLock held = this.channel.lock();
			held.release();
			return held.isValid();
		}
		this.lock.lock();
		this.lock.unlock();
		return true;
	}

}
