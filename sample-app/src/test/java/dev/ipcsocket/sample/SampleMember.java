package dev.ipcsocket.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One sample app in its own JVM, started from the repackaged jar: what it prints on standard
 * output is kept line by line, its standard error goes to {@code <name>.err} in a directory of
 * the test, and {@link #type} writes a line to its standard input.
 */
final class SampleMember {

	private final Process process;

	private final Path errors;

	private final PrintStream stdin;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private SampleMember(Process process, Path errors) {
		this.process = process;
		this.errors = errors;
		this.stdin = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
		Thread reader = new Thread(this::readOutput, "member-stdout-" + process.pid());
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Start the sample jar.
	 * @param logDirectory where its standard error goes
	 * @param name the member's name in the test, names its log file
	 * @param arguments the application's arguments
	 * @return the running member
	 * @throws IOException if the JVM cannot be started
	 */
	static SampleMember start(Path logDirectory, String name, String... arguments) throws IOException {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the repackaged sample jar (mvn verify builds it)").exists();
		return start(logDirectory, name, List.of("-jar", jar.toString()), arguments);
	}

	/**
	 * Start {@link SampleApplication} from the test classpath, which has the Kafka binder too.
	 * @param logDirectory where its standard error goes
	 * @param name the member's name in the test, names its log file
	 * @param arguments the application's arguments
	 * @return the running member
	 * @throws IOException if the JVM cannot be started
	 */
	static SampleMember startFromTestClasspath(Path logDirectory, String name, String... arguments)
			throws IOException {
		return start(logDirectory, name,
				List.of("-cp", System.getProperty("java.class.path"), SampleApplication.class.getName()), arguments);
	}

	private static SampleMember start(Path logDirectory, String name, List<String> launch, String... arguments)
			throws IOException {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
		command.addAll(launch);
		command.addAll(List.of(arguments));
		Path errors = logDirectory.resolve(name + ".err");
		Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
		return new SampleMember(process, errors);
	}

	private void readOutput() {
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				this.lines.add(line);
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	Process process() {
		return this.process;
	}

	List<String> lines() {
		return this.lines;
	}

	boolean printed(String part) {
		return this.lines.stream().anyMatch((line) -> line.contains(part));
	}

	/**
	 * Return the value of a {@code key=value} field of the first printed line that has it.
	 * @param key the field's name
	 * @return its value, or {@code null} if no line has it yet
	 */
	String field(String key) {
		String prefix = key + "=";
		for (String line : this.lines) {
			for (String word : line.split(" ")) {
				if (word.startsWith(prefix)) {
					return word.substring(prefix.length());
				}
			}
		}
		return null;
	}

	List<String> errorLines() throws IOException {
		return Files.readAllLines(this.errors);
	}

	void type(String line) {
		this.stdin.println(line);
	}

	void stop() {
		this.process.destroyForcibly();
	}

}
