package dev.ipcsocket.coordination;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.leader.event.OnRevokedEvent;

/**
 * A sibling JVM competing for the role {@code job} with a {@link SiblingLeadership}, and running a
 * job guarded by it every so often: {@code <dir> <shared file> <interval millis>}. Each run
 * appends an {@code enter <pid> <millis>} and an {@code exit <pid> <millis>} line to the shared
 * file. It prints {@code granted <epoch nanos> <pid>} and {@code revoked <epoch nanos> <pid>} for
 * the leader events (the revoked line after 200 ms of winding down), and yields the role when it
 * reads {@code yield}.
 */
public final class LeadershipMember {

	private LeadershipMember() {
	}

	public static void main(String[] args) throws IOException {
		Path file = Path.of(args[1]);
		long pid = ProcessHandle.current().pid();
		SiblingLeadership leadership = new SiblingLeadership(SiblingLockRegistry.inDirectory(Path.of(args[0])),
				String.valueOf(pid), List.of("job"), Duration.ofMillis(500), (event) -> {
					if (event instanceof OnGrantedEvent) {
						System.out.println("granted " + epochNanos() + " " + pid);
					}
					else if (event instanceof OnRevokedEvent) {
						// a listener that takes a while to wind its work down: the next leader must wait for it
						LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
						System.out.println("revoked " + epochNanos() + " " + pid);
					}
				});
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		scheduler.scheduleAtFixedRate(() -> leadership.runIfLeader("job", () -> {
			long now = System.currentTimeMillis();
			append(file, "enter " + pid + " " + now);
			append(file, "exit " + pid + " " + now);
		}), 0, Long.parseLong(args[2]), TimeUnit.MILLISECONDS);
		leadership.start();
		System.out.println("started");
		BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
			if (line.equals("yield")) {
				leadership.yieldLeadership("job");
			}
		}
		leadership.stop();
		scheduler.shutdown();
	}

	private static long epochNanos() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000_000L + now.getNano();
	}

	private static void append(Path file, String line) {
		try {
			Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
