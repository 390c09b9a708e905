package dev.ipcsocket.coordination;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SiblingShedLockProvider}.
 */
class SiblingShedLockProviderTests {

	@TempDir
	Path dir;

	private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private SiblingShedLockProvider provider() {
		return new SiblingShedLockProvider(SiblingLockRegistry.inDirectory(this.dir.resolve("locks")), this.clock);
	}

	private LockConfiguration task(Duration atLeast) {
		return new LockConfiguration(this.clock.instant(), "report", Duration.ofMinutes(10), atLeast);
	}

	@Test
	void taskRunsOnOneRunnerAtATime() throws Exception {
		SiblingShedLockProvider provider = provider();
		Optional<SimpleLock> first = provider.lock(task(Duration.ZERO));
		assertThat(first).isPresent();
		assertThat(otherThreadLocks(provider, task(Duration.ZERO))).isFalse();
		first.get().unlock();
		assertThat(otherThreadLocks(provider, task(Duration.ZERO))).isTrue();
	}

	@Test
	void lockAtLeastForKeepsOthersOutAfterTheTaskReturns() throws Exception {
		SiblingShedLockProvider provider = provider();
		provider.lock(task(Duration.ofSeconds(30))).orElseThrow().unlock();
		assertThat(otherThreadLocks(provider, task(Duration.ZERO))).isFalse();
		this.clock.now = this.clock.now.plusSeconds(31);
		assertThat(otherThreadLocks(provider, task(Duration.ZERO))).isTrue();
	}

	private static boolean otherThreadLocks(SiblingShedLockProvider provider, LockConfiguration configuration)
			throws Exception {
		return CompletableFuture.supplyAsync(() -> {
			Optional<SimpleLock> lock = provider.lock(configuration);
			lock.ifPresent(SimpleLock::unlock);
			return lock.isPresent();
		}).get(10, TimeUnit.SECONDS);
	}

	private static final class SettableClock extends Clock {

		private volatile Instant now;

		SettableClock(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
