package dev.ipcsocket.socket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.testsupport.SiblingJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight sibling JVMs released at the same instant onto one socket path, trial after trial:
 * exactly one listens and the seven others are connected to it. The same checker runs over a
 * naive connect-else-bind to show that it catches a broken election.
 * <p>
 * The JVMs start once and contend in every trial ({@link ElectionProbe}), so each release is a
 * line written to eight stdins back to back, not eight JVM starts.
 */
class ElectionIT {

	private static final int SIBLINGS = 8;

	private static final int TRIALS = Integer.getInteger("ipc.election.trials", 20);

	private static final int NAIVE_TRIALS = 40;

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	/** Long enough for a listener that waits the whole {@link ElectionProbe#PEER_WAIT}. */
	private static final Duration ANSWER_TIMEOUT = ElectionProbe.PEER_WAIT.plusSeconds(20);

	/** Kept after the run, so that a failure can be read in the siblings' own words. */
	private static final Path LOGS = Path.of("target", "sibling-logs", "election");

	@TempDir
	static Path dir;

	private static final List<SiblingJvm> siblings = new ArrayList<>();

	@AfterAll
	static void stopSiblings() {
		siblings.forEach(SiblingJvm::close);
		siblings.clear();
	}

	@Test
	void exactlyOneOfEightSimultaneousSiblingsListensAndTheOthersConnectToIt() throws IOException {
		for (int trial = 1; trial <= TRIALS; trial++) {
			List<ProbeResult> results = runTrial("ipc", trial);
			assertThat(violation(results)).as("trial %d of %d", trial, TRIALS).isEmpty();
		}
	}

	@Test
	void naiveConnectElseBindIsCaughtByTheChecker() throws IOException {
		Optional<String> violation = Optional.empty();
		int trial = 0;
		while (violation.isEmpty() && trial < NAIVE_TRIALS) {
			trial++;
			violation = violation(runTrial("naive", trial));
		}
		assertThat(violation).as("a violation within %d naive trials", NAIVE_TRIALS).isPresent();
		System.out.println("Naive connect-else-bind caught in trial " + trial + ": " + violation.get());
	}

	/**
	 * Tell what is wrong with one election, if anything: not exactly one listener, a sibling
	 * that is not a client of that listener, or a listener that did not see every other sibling.
	 * @param results what each sibling reported
	 * @return the violation, or empty if the election was sound
	 */
	static Optional<String> violation(List<ProbeResult> results) {
		List<ProbeResult> listeners = results.stream().filter((result) -> result.role().equals("LISTENER")).toList();
		if (listeners.size() != 1) {
			return Optional.of(listeners.size() + " listeners: " + results);
		}
		ProbeResult listener = listeners.get(0);
		List<ProbeResult> astray = results.stream()
			.filter((result) -> result != listener)
			.filter((result) -> !result.role().equals("CLIENT") || result.listenerPid() != listener.pid())
			.toList();
		if (!astray.isEmpty()) {
			return Optional.of("not clients of the listener " + listener.pid() + ": " + astray);
		}
		if (listener.peers() != results.size() - 1) {
			return Optional.of("the listener saw " + listener.peers() + " peers, not " + (results.size() - 1) + ": "
					+ results);
		}
		return Optional.empty();
	}

	private static List<ProbeResult> runTrial(String algorithm, int trial) throws IOException {
		List<SiblingJvm> contenders = siblings();
		Path trialDirectory = createTrialDirectory(algorithm + "-" + trial, trial % 2 == 0);
		try {
			String go = "GO " + algorithm + " " + trialDirectory;
			contenders.forEach((sibling) -> sibling.send(go));
			List<ProbeResult> results = new ArrayList<>();
			for (SiblingJvm sibling : contenders) {
				ProbeResult result = ProbeResult.parse(sibling.awaitLine("RESULT", ANSWER_TIMEOUT));
				assertThat(result.pid()).as("pid reported by %s", sibling).isEqualTo(sibling.pid());
				results.add(result);
			}
			contenders.forEach((sibling) -> sibling.send("CLOSE"));
			contenders.forEach((sibling) -> sibling.awaitLine("CLOSED", ANSWER_TIMEOUT));
			return results;
		}
		catch (RuntimeException | AssertionError ex) {
			// siblings in the middle of a trial are no use to the next one
			stopSiblings();
			throw ex;
		}
	}

	/**
	 * A fresh directory per trial. Private ones make the listener bind in place, shared ones
	 * (0755) make it bind in a staging directory and link: both bind paths face the race.
	 */
	private static Path createTrialDirectory(String name, boolean privateDirectory) throws IOException {
		Path trialDirectory = Files.createDirectory(dir.resolve(name));
		Files.setPosixFilePermissions(trialDirectory,
				PosixFilePermissions.fromString(privateDirectory ? "rwx------" : "rwxr-xr-x"));
		return trialDirectory;
	}

	private static List<SiblingJvm> siblings() throws IOException {
		if (siblings.isEmpty()) {
			Files.createDirectories(LOGS);
			for (int i = 0; i < SIBLINGS; i++) {
				siblings.add(SiblingJvm.start(ElectionProbe.class, LOGS.resolve("sibling-" + i + ".log"),
						String.valueOf(SIBLINGS)));
			}
			try {
				siblings.forEach((sibling) -> sibling.awaitLine("READY", START_TIMEOUT));
			}
			catch (AssertionError ex) {
				stopSiblings();
				throw ex;
			}
		}
		return siblings;
	}

	/** One sibling's report on one trial, as {@link ElectionProbe} prints it. */
	record ProbeResult(String role, long pid, long listenerPid, int peers, String line) {

		static ProbeResult parse(String line) {
			Map<String, String> fields = Arrays.stream(line.split(" "))
				.filter((word) -> word.contains("="))
				.map((word) -> word.split("=", 2))
				.collect(Collectors.toMap((pair) -> pair[0], (pair) -> pair[1], (first, second) -> first));
			Function<String, Long> number = (key) -> Long.parseLong(fields.getOrDefault(key, "0"));
			return new ProbeResult(fields.getOrDefault("role", "UNKNOWN"), number.apply("pid"),
					number.apply("listenerPid"), Math.toIntExact(number.apply("peers")), line);
		}

		@Override
		public String toString() {
			return this.line;
		}

	}

}
