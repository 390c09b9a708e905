package dev.ipcsocket.coordination;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * A ShedLock {@link LockProvider} over a {@link SiblingLockRegistry}: a task runs while its
 * runner holds the sibling lock {@code shedlock:<name>}, so a runner that dies frees the task at
 * once. {@code lockAtLeastFor} is kept in a file beside the lock and honoured by later
 * attempts; {@code lockAtMostFor} is not needed (a live runner keeps the lock until it returns, a
 * dead one loses it at once) and is ignored.
 */
public final class SiblingShedLockProvider implements LockProvider {

	private static final String PREFIX = "shedlock:";

	private final SiblingLockRegistry registry;

	private final Clock clock;

	public SiblingShedLockProvider(SiblingLockRegistry registry) {
		this(registry, Clock.systemUTC());
	}

	SiblingShedLockProvider(SiblingLockRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	@Override
	public Optional<SimpleLock> lock(LockConfiguration configuration) {
		String name = PREFIX + configuration.getName();
		SiblingLock lock = this.registry.obtain(name);
		if (!lock.tryLock()) {
			return Optional.empty();
		}
		Path until = this.registry.getDirectory().resolve(LockFileNames.of(name).replaceFirst("\\.lock$", ".until"));
		if (this.clock.instant().isBefore(readUntil(until))) {
			lock.unlock();
			return Optional.empty();
		}
		return Optional.of(() -> {
			try {
				if (this.clock.instant().isBefore(configuration.getLockAtLeastUntil())) {
					writeUntil(until, configuration.getLockAtLeastUntil());
				}
			}
			finally {
				lock.unlock();
			}
		});
	}

	private static Instant readUntil(Path file) {
		try {
			return Instant.parse(Files.readString(file, StandardCharsets.UTF_8).trim());
		}
		catch (NoSuchFileException ex) {
			return Instant.MIN;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the ShedLock time " + file, ex);
		}
	}

	private static void writeUntil(Path file, Instant until) {
		try {
			if (Files.isSymbolicLink(file) || (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
					&& !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))) {
				throw new IOException("it is not a regular file");
			}
			Files.writeString(file, until.toString(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the ShedLock time " + file, ex);
		}
	}

}
