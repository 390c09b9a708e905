package dev.ipcsocket.uplink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.ipcsocket.testsupport.SiblingJvm;

/**
 * A {@link KafkaBrokerMain} in a JVM of its own, seen from the test: its bootstrap servers, and
 * SIGSTOP and SIGCONT to take it down and bring it back with its topics and offsets.
 */
final class BrokerProcess implements AutoCloseable {

	private final SiblingJvm jvm;

	private final String bootstrapServers;

	private BrokerProcess(SiblingJvm jvm, String bootstrapServers) {
		this.jvm = jvm;
		this.bootstrapServers = bootstrapServers;
	}

	static BrokerProcess start(Path logs) throws IOException {
		Files.createDirectories(logs);
		SiblingJvm jvm = SiblingJvm.start(KafkaBrokerMain.class, logs.resolve("kafka.log"), List.of("-Xmx384m"), null);
		try {
			String line = jvm.awaitLine("BROKER", Duration.ofSeconds(60));
			return new BrokerProcess(jvm, line.substring("BROKER ".length()).trim());
		}
		catch (RuntimeException | AssertionError ex) {
			jvm.close();
			throw ex;
		}
	}

	String bootstrapServers() {
		return this.bootstrapServers;
	}

	/** Freeze the broker: connections stay open, nothing is answered. */
	void freeze() {
		signal("STOP");
	}

	/** Let the broker go on where it stopped. */
	void thaw() {
		signal("CONT");
	}

	private void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(this.jvm.pid())).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new AssertionError("kill -" + signal + " " + this.jvm.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new AssertionError("cannot run kill -" + signal, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", ex);
		}
	}

	@Override
	public void close() {
		thaw();
		this.jvm.close();
	}

}
