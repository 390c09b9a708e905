package dev.ipcsocket.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import dev.ipcsocket.testsupport.SiblingJvm;

import static org.awaitility.Awaitility.await;

/**
 * A {@link BusMemberApplication} in a JVM of its own, seen from the test: commands go in as
 * lines, and every line it prints is kept in order, so that a test can wait for what the member
 * saw and then look at all of it. Public, in the test jar, for the uplink's cross-host tests.
 */
public final class BusMemberJvm implements AutoCloseable {

	/** A Spring Boot start in a small JVM, several at once on two cores. */
	static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	/** Anything else a member is asked or expected to do. */
	static final Duration WAIT = Duration.ofSeconds(20);

	private static final Duration POLL = Duration.ofMillis(10);

	private final String id;

	private final List<String> transcript;

	private final SiblingJvm jvm;

	private final Path stdout;

	private final Duration startTimeout;

	private BusMemberJvm(String id, List<String> transcript, SiblingJvm jvm, Path stdout, Duration startTimeout) {
		this.id = id;
		this.transcript = transcript;
		this.jvm = jvm;
		this.stdout = stdout;
		this.startTimeout = startTimeout;
	}

	/**
	 * Start a member; it runs the connect-or-listen handshake while Spring starts.
	 * @param id its instance id
	 * @param socket the socket path
	 * @param logs the directory for its log, {@code <id>.log}, and, once closed, the lines it
	 * printed, {@code <id>.out}
	 * @param arguments more arguments, such as {@code --ipc.trusted-packages=...}
	 * @return the member, starting
	 * @throws IOException if the JVM cannot be started
	 */
	static BusMemberJvm start(String id, Path socket, Path logs, String... arguments) throws IOException {
		return start(id, socket, logs, List.of(), START_TIMEOUT, arguments);
	}

	/**
	 * Start a member with more JVM options and its own start-up time, e.g. for a member that
	 * carries Spring Cloud Stream and a broker client.
	 * @param id its instance id
	 * @param socket the socket path
	 * @param logs the directory for its log and, once closed, its output
	 * @param jvmOptions more JVM options, such as a larger {@code -Xmx}
	 * @param startTimeout how long {@link #awaitReady()} waits
	 * @param arguments more arguments
	 * @return the member, starting
	 * @throws IOException if the JVM cannot be started
	 */
	public static BusMemberJvm start(String id, Path socket, Path logs, List<String> jvmOptions,
			Duration startTimeout, String... arguments) throws IOException {
		Files.createDirectories(logs);
		List<String> transcript = new ArrayList<>();
		List<String> args = new ArrayList<>(List.of("--ipc.path=" + socket, "--ipc.instance-id=" + id));
		args.addAll(Arrays.asList(arguments));
		SiblingJvm jvm = SiblingJvm.start(BusMemberApplication.class, logs.resolve(id + ".log"), jvmOptions,
				(line) -> {
					synchronized (transcript) {
						transcript.add(line);
					}
				}, args.toArray(String[]::new));
		return new BusMemberJvm(id, transcript, jvm, logs.resolve(id + ".out"), startTimeout);
	}

	public String id() {
		return this.id;
	}

	/**
	 * Write commands to the member's stdin in one write.
	 * @param commands the command lines
	 */
	public void send(List<String> commands) {
		this.jvm.send(String.join("\n", commands));
	}

	public void send(String... commands) {
		send(List.of(commands));
	}

	/**
	 * Return how many lines the member printed so far, to look only at later ones.
	 * @return the mark
	 */
	public int mark() {
		synchronized (this.transcript) {
			return this.transcript.size();
		}
	}

	/**
	 * Return the lines that start with a word, in the order printed.
	 * @param word the first word, such as {@code RECV}
	 * @return the lines
	 */
	public List<String> lines(String word) {
		return lines(word, 0);
	}

	/**
	 * Return the lines that start with a word, printed at or after a mark.
	 * @param word the first word
	 * @param from a {@link #mark()}
	 * @return the lines
	 */
	public List<String> lines(String word, int from) {
		synchronized (this.transcript) {
			return this.transcript.subList(from, this.transcript.size())
				.stream()
				.filter((line) -> line.equals(word) || line.startsWith(word + " "))
				.toList();
		}
	}

	/**
	 * Wait for a line that starts with a word and matches, printed at or after a mark.
	 * @param word the first word
	 * @param from a {@link #mark()}
	 * @param condition what else the line must satisfy
	 * @param timeout how long to wait
	 * @return the first such line
	 */
	public String awaitLine(String word, int from, Predicate<String> condition, Duration timeout) {
		return await(this.id + " prints a matching " + word + " line").atMost(timeout)
			.pollInterval(POLL)
			.until(() -> lines(word, from).stream().filter(condition).findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	public String awaitLine(String word, int from, Duration timeout) {
		return awaitLine(word, from, (line) -> true, timeout);
	}

	/**
	 * Wait until the member has started; fail with its own words if it could not.
	 * @return this member
	 */
	public BusMemberJvm awaitReady() {
		await(this.id + " is ready").atMost(this.startTimeout)
			.pollInterval(POLL)
			.until(() -> !lines("READY").isEmpty() || !lines("FAILED").isEmpty() || !this.jvm.isAlive());
		if (lines("READY").isEmpty()) {
			throw new AssertionError(this.id + " did not start: " + lines("FAILED") + " (" + this.jvm + ")");
		}
		return this;
	}

	/**
	 * Ask the member for the instance ids of the other members.
	 * @return the ids, sorted
	 */
	public List<String> peers() {
		int from = mark();
		send("PEERS");
		String line = awaitLine("PEERS", from, WAIT);
		return line.equals("PEERS") ? List.of() : List.of(line.substring("PEERS ".length()).split(","));
	}

	/**
	 * Return the role the member last printed.
	 * @return {@code LISTENER} or {@code CLIENT}, or empty before any
	 */
	public Optional<String> role() {
		List<String> roles = lines("ROLE");
		return roles.isEmpty() ? Optional.empty() : Optional.of(roles.get(roles.size() - 1).split(" ")[1]);
	}

	/**
	 * Return whether the member printed {@code ROLE LISTENER} last: it is its host's hub.
	 * @return whether it is the listener
	 */
	public boolean isHub() {
		return role().filter("LISTENER"::equals).isPresent();
	}

	/**
	 * Return the texts of the messages received whose text starts with a prefix, in order.
	 * @param textPrefix the prefix
	 * @return the texts
	 */
	public List<String> texts(String textPrefix) {
		return received(textPrefix).stream().map(Received::text).toList();
	}

	/**
	 * Return the messages received, as {@code RECV} lines split into their fields.
	 * @param textPrefix what their text starts with
	 * @return the messages in the order received
	 */
	public List<Received> received(String textPrefix) {
		return lines("RECV").stream()
			.map((line) -> line.split(" ", 5))
			.filter((fields) -> fields.length == 5 && fields[4].startsWith(textPrefix))
			.map((fields) -> new Received(fields[1], fields[2], fields[3], fields[4]))
			.toList();
	}

	public long pid() {
		return this.jvm.pid();
	}

	public boolean isAlive() {
		return this.jvm.isAlive();
	}

	/**
	 * Kill the member with SIGKILL and wait until it is gone.
	 * @return its exit value
	 */
	public int kill() {
		return this.jvm.kill();
	}

	public int awaitExit(Duration timeout) {
		return this.jvm.awaitExit(timeout);
	}

	/** Kill the member if it still runs and keep what it printed beside its log. */
	@Override
	public void close() {
		this.jvm.close();
		try {
			synchronized (this.transcript) {
				Files.write(this.stdout, this.transcript);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot keep the output of " + this, ex);
		}
	}

	@Override
	public String toString() {
		return this.id + " (" + this.jvm + ")";
	}

	/**
	 * A message as a member printed it.
	 * @param origin the sender's instance id
	 * @param kind {@code broadcast}, {@code direct} or {@code request}
	 * @param type the payload type, {@code -} for raw bytes
	 * @param text the payload as text
	 */
	public record Received(String origin, String kind, String type, String text) {
	}

}
