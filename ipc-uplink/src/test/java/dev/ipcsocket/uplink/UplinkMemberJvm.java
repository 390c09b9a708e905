package dev.ipcsocket.uplink;

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

import dev.ipcsocket.autoconfigure.BusMemberApplication;
import dev.ipcsocket.testsupport.SiblingJvm;

import static org.awaitility.Awaitility.await;

/**
 * A {@link BusMemberApplication} with the uplink in a JVM of its own, seen from the test: the
 * same member (commands on stdin, one line per fact on stdout) as the one-host tests, here with
 * Spring Cloud Stream's Kafka binder on its classpath. Every line it prints is kept in order.
 */
final class UplinkMemberJvm implements AutoCloseable {

	static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration POLL = Duration.ofMillis(20);

	/** Spring Cloud Stream and a Kafka client need more than the one-host members' 64 MB. */
	private static final List<String> JVM_OPTIONS = List.of("-Xmx160m");

	private final String id;

	private final List<String> transcript;

	private final SiblingJvm jvm;

	private final Path stdout;

	private UplinkMemberJvm(String id, List<String> transcript, SiblingJvm jvm, Path stdout) {
		this.id = id;
		this.transcript = transcript;
		this.jvm = jvm;
		this.stdout = stdout;
	}

	/**
	 * Start a member.
	 * @param id its instance id
	 * @param socket its host's socket path
	 * @param logs where its log ({@code <id>.log}) and, once closed, its output ({@code <id>.out}) go
	 * @param arguments more arguments: {@code --ipc.uplink.host-id=...} and the like
	 * @return the member, starting
	 * @throws IOException if the JVM cannot be started
	 */
	static UplinkMemberJvm start(String id, Path socket, Path logs, String... arguments) throws IOException {
		Files.createDirectories(logs);
		List<String> transcript = new ArrayList<>();
		List<String> args = new ArrayList<>(List.of("--ipc.path=" + socket, "--ipc.instance-id=" + id));
		args.addAll(Arrays.asList(arguments));
		SiblingJvm jvm = SiblingJvm.start(BusMemberApplication.class, logs.resolve(id + ".log"), JVM_OPTIONS,
				(line) -> {
					synchronized (transcript) {
						transcript.add(line);
					}
				}, args.toArray(String[]::new));
		return new UplinkMemberJvm(id, transcript, jvm, logs.resolve(id + ".out"));
	}

	String id() {
		return this.id;
	}

	void send(String... commands) {
		this.jvm.send(String.join("\n", commands));
	}

	int mark() {
		synchronized (this.transcript) {
			return this.transcript.size();
		}
	}

	List<String> lines(String word) {
		return lines(word, 0);
	}

	List<String> lines(String word, int from) {
		synchronized (this.transcript) {
			return this.transcript.subList(from, this.transcript.size())
				.stream()
				.filter((line) -> line.equals(word) || line.startsWith(word + " "))
				.toList();
		}
	}

	String awaitLine(String word, int from, Predicate<String> condition, Duration timeout) {
		return await(this.id + " prints a matching " + word + " line").atMost(timeout)
			.pollInterval(POLL)
			.until(() -> lines(word, from).stream().filter(condition).findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	UplinkMemberJvm awaitReady() {
		await(this.id + " is ready").atMost(START_TIMEOUT)
			.pollInterval(POLL)
			.until(() -> !lines("READY").isEmpty() || !lines("FAILED").isEmpty() || !this.jvm.isAlive());
		if (lines("READY").isEmpty()) {
			throw new AssertionError(this.id + " did not start: " + lines("FAILED") + " (" + this.jvm + ")");
		}
		return this;
	}

	/**
	 * Return the role the member printed last.
	 * @return {@code LISTENER} or {@code CLIENT}, or empty before any
	 */
	Optional<String> role() {
		List<String> roles = lines("ROLE");
		return roles.isEmpty() ? Optional.empty() : Optional.of(roles.get(roles.size() - 1).split(" ")[1]);
	}

	boolean isHub() {
		return role().filter("LISTENER"::equals).isPresent();
	}

	/**
	 * Return the texts of the messages received whose text starts with a prefix, in order.
	 * @param prefix the prefix
	 * @return the texts
	 */
	List<String> texts(String prefix) {
		return received(prefix).stream().map(Received::text).toList();
	}

	List<Received> received(String prefix) {
		return lines("RECV").stream()
			.map((line) -> line.split(" ", 5))
			.filter((fields) -> fields.length == 5 && fields[4].startsWith(prefix))
			.map((fields) -> new Received(fields[1], fields[2], fields[3], fields[4]))
			.toList();
	}

	boolean isAlive() {
		return this.jvm.isAlive();
	}

	int kill() {
		return this.jvm.kill();
	}

	int awaitExit(Duration timeout) {
		return this.jvm.awaitExit(timeout);
	}

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
	 * @param origin the sender's id, qualified for a member of another host
	 * @param kind {@code broadcast}, {@code direct} or {@code request}
	 * @param type the payload type, {@code -} for raw bytes
	 * @param text the payload as text
	 */
	record Received(String origin, String kind, String type, String text) {
	}

}
