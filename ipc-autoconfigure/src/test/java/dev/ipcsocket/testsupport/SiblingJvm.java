package dev.ipcsocket.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A JVM started beside the test with the same {@code java} binary and the test classpath,
 * driven by lines on its stdin and answering with lines on its stdout. Its stderr (logging)
 * goes to a file, so a full pipe can never stall it. Its stdout lines are either queued for
 * {@link #awaitLine} or, for a sibling that prints more than a test waits for line by line, handed
 * to a consumer as they arrive.
 */
public final class SiblingJvm implements AutoCloseable {

	/** Small heaps and C1 only: several siblings share two cores with the test JVM. */
	private static final List<String> JVM_OPTIONS = List.of("-Xmx64m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1");

	private static final String END_OF_STREAM = "\0end-of-stream";

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

	private final Process process;

	private final Path log;

	private final OutputStream stdin;

	private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);

	private final @Nullable Consumer<String> consumer;

	private SiblingJvm(Process process, Path log, @Nullable Consumer<String> consumer) {
		this.process = process;
		this.log = log;
		this.consumer = consumer;
		this.stdin = process.getOutputStream();
		Thread reader = new Thread(() -> pump(process.getInputStream()), "sibling-" + process.pid() + "-stdout");
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Start a sibling JVM.
	 * @param mainClass its main class, from the test sources
	 * @param log where its stderr goes
	 * @param args its arguments
	 * @return the running sibling
	 * @throws IOException if the process cannot be started
	 */
	public static SiblingJvm start(Class<?> mainClass, Path log, String... args) throws IOException {
		return start(mainClass, log, null, args);
	}

	/**
	 * Start a sibling JVM whose stdout lines go to a consumer, on the thread that reads them;
	 * {@link #awaitLine} then sees none.
	 * @param mainClass its main class, from the test sources
	 * @param log where its stderr goes
	 * @param consumer what takes each line, or {@code null} to queue them for {@link #awaitLine}
	 * @param args its arguments
	 * @return the running sibling
	 * @throws IOException if the process cannot be started
	 */
	public static SiblingJvm start(Class<?> mainClass, Path log, @Nullable Consumer<String> consumer, String... args)
			throws IOException {
		return start(mainClass, log, List.of(), consumer, args);
	}

	/**
	 * Start a sibling JVM with more JVM options, which come after (and so win over) the small
	 * defaults, e.g. a larger {@code -Xmx} for a broker.
	 * @param mainClass its main class, from the test sources
	 * @param log where its stderr goes
	 * @param jvmOptions more JVM options
	 * @param consumer what takes each line, or {@code null} to queue them for {@link #awaitLine}
	 * @param args its arguments
	 * @return the running sibling
	 * @throws IOException if the process cannot be started
	 */
	public static SiblingJvm start(Class<?> mainClass, Path log, List<String> jvmOptions,
			@Nullable Consumer<String> consumer, String... args) throws IOException {
		String java = ProcessHandle.current()
			.info()
			.command()
			.orElseThrow(() -> new IllegalStateException("cannot tell which java binary runs this test"));
		List<String> command = new ArrayList<>();
		command.add(java);
		command.addAll(JVM_OPTIONS);
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
		return new SiblingJvm(process, log, consumer);
	}

	private void pump(InputStream stdout) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (this.consumer != null) {
					this.consumer.accept(line);
				}
				else {
					this.lines.put(line);
				}
			}
		}
		catch (IOException ex) {
			// the process is gone; the marker below tells whoever waits
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		this.lines.offer(END_OF_STREAM);
	}

	public long pid() {
		return this.process.pid();
	}

	/**
	 * Write one line to the sibling's stdin, in one write so that lines sent to several
	 * siblings back to back reach them as close together as possible.
	 * @param line the line, without its line feed
	 */
	public void send(String line) {
		try {
			this.stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			this.stdin.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write to sibling " + this, ex);
		}
	}

	/**
	 * Wait for the next line that starts with a word, skipping other output (JVM warnings).
	 * @param word the first word of the line, such as {@code RESULT}
	 * @param timeout how long to wait
	 * @return the line
	 * @throws AssertionError if the sibling exits or stays silent for that long
	 */
	public String awaitLine(String word, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			while (true) {
				String line = this.lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (line == null) {
					throw new AssertionError("sibling " + this + " sent no " + word + " line within " + timeout);
				}
				if (line.equals(END_OF_STREAM)) {
					throw new AssertionError("sibling " + this + " closed its stdout before a " + word + " line");
				}
				if (line.equals(word) || line.startsWith(word + " ")) {
					return line;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while waiting for sibling " + this, ex);
		}
	}

	/**
	 * Kill the sibling with SIGKILL, so it cannot clean anything up, and wait until it is gone.
	 * @return its exit value, 137 after SIGKILL
	 */
	public int kill() {
		this.process.destroyForcibly();
		try {
			if (!this.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError("sibling " + this + " still runs " + EXIT_TIMEOUT + " after SIGKILL");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while killing sibling " + this, ex);
		}
		return this.process.exitValue();
	}

	/**
	 * Whether the sibling still runs.
	 * @return {@code true} until it exits
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Wait for the sibling to exit by itself.
	 * @param timeout how long to wait
	 * @return its exit value
	 * @throws AssertionError if it still runs after that long
	 */
	public int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError("sibling " + this + " still runs after " + timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while waiting for sibling " + this + " to exit", ex);
		}
		return this.process.exitValue();
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

	@Override
	public String toString() {
		return "pid " + this.process.pid() + " (stderr in " + this.log + ")";
	}

}
