package dev.ipcsocket.coordination;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.IpcException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link SiblingLockRegistry} within one JVM; {@link SiblingLockIT} covers sibling JVMs.
 */
class SiblingLockRegistryTests {

	@TempDir
	Path dir;

	@Test
	void lockNamesOfAnyContentBecomeShortSafeDistinctFileNames() {
		String dots = LockFileNames.of("../../etc/passwd");
		String slash = LockFileNames.of("a/b");
		String underscore = LockFileNames.of("a_b");
		String long1 = LockFileNames.of("x".repeat(10_000) + "1");
		String long2 = LockFileNames.of("x".repeat(10_000) + "2");
		assertThat(dots).matches("[A-Za-z0-9_-][A-Za-z0-9._-]*").doesNotContain("/");
		assertThat(slash).startsWith("a_b-").isNotEqualTo(underscore);
		assertThat(long1).hasSizeLessThanOrEqualTo(62).isNotEqualTo(long2);
		assertThat(LockFileNames.of("")).matches("-[0-9a-f]{24}\\.lock");
		assertThat(LockFileNames.of("job")).isEqualTo(LockFileNames.of("job"));
	}

	@Test
	void lockIsExclusiveBetweenThreadsAndReentrantForOne() throws Exception {
		SiblingLockRegistry registry = SiblingLockRegistry.inDirectory(this.dir.resolve("locks"));
		Lock lock = registry.obtain("job");
		lock.lock();
		assertThat(lock.tryLock()).as("re-entry").isTrue();
		lock.unlock();
		assertThat(otherThreadTryLock(lock)).isFalse();
		assertThat(registry.heldLocks()).containsExactly("job");
		lock.unlock();
		assertThat(registry.heldLocks()).isEmpty();
		assertThat(otherThreadTryLock(lock)).isTrue();
	}

	@Test
	void registriesOnOneDirectoryInOneJvmShareTheirLocks() throws Exception {
		SiblingLockRegistry first = SiblingLockRegistry.inDirectory(this.dir.resolve("locks"));
		SiblingLockRegistry second = SiblingLockRegistry.inDirectory(this.dir.resolve("locks"));
		Lock lock = first.obtain("job");
		lock.lock();
		try {
			assertThat(otherThreadTryLock(second.obtain("job"))).isFalse();
		}
		finally {
			lock.unlock();
		}
	}

	@Test
	void waiterGetsTheLockWhenItsHolderReleasesIt() throws Exception {
		Lock lock = SiblingLockRegistry.inDirectory(this.dir.resolve("locks")).obtain("job");
		lock.lock();
		CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
			try {
				boolean acquired = lock.tryLock(10, TimeUnit.SECONDS);
				lock.unlock();
				return acquired;
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		lock.unlock();
		assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void expiredLockStillExcludesTheRegistrysNewOne() throws Exception {
		SiblingLockRegistry registry = SiblingLockRegistry.inDirectory(this.dir.resolve("locks"));
		Lock expired = registry.obtain("job");
		expired.lock();
		expired.unlock();
		registry.expireUnusedOlderThan(-1);
		Lock current = registry.obtain("job");
		assertThat(current).isNotSameAs(expired);
		expired.lock();
		try {
			assertThat(otherThreadTryLock(current)).isFalse();
			assertThat(registry.heldLocks()).containsExactly("job");
		}
		finally {
			expired.unlock();
		}
		assertThat(otherThreadTryLock(current)).isTrue();
	}

	@Test
	void unlockByAThreadThatHoldsNothingIsRefused() {
		Lock lock = SiblingLockRegistry.inDirectory(this.dir.resolve("locks")).obtain("job");
		assertThatExceptionOfType(IllegalMonitorStateException.class).isThrownBy(lock::unlock)
			.withMessageContaining("'job'");
	}

	@Test
	void keysOtherThanStringsAreRefused() {
		SiblingLockRegistry registry = SiblingLockRegistry.inDirectory(this.dir.resolve("locks"));
		assertThatIllegalArgumentException().isThrownBy(() -> registry.obtain(42)).withMessageContaining("String");
	}

	@Test
	void lockDirectoryOthersCanEnterIsRefused() throws IOException {
		Path open = Files.createDirectory(this.dir.resolve("open"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
		Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-x---"));
		SiblingLockRegistry registry = SiblingLockRegistry.inDirectory(open);
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> registry.obtain("job"))
			.withMessageContaining("mode 0700")
			.withMessageContaining(open.toString());
	}

	@Test
	void lockDirectoryOfASocketIsPrivateAndBesideItOnceALockIsObtained() throws IOException {
		SiblingLockRegistry registry = SiblingLockRegistry.forSocket(this.dir.resolve("app.sock"));
		assertThat(registry.getDirectory()).isEqualTo(this.dir.resolve("app.sock.locks"));
		assertThat(registry.getDirectory()).as("created only for a lock").doesNotExist();
		registry.obtain("job");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(registry.getDirectory())))
			.isEqualTo("rwx------");
		assertThat(Files.exists(this.dir.resolve("app.sock"))).as("no socket needed").isFalse();
	}

	private static boolean otherThreadTryLock(Lock lock) throws Exception {
		return CompletableFuture.supplyAsync(() -> {
			boolean acquired = lock.tryLock();
			if (acquired) {
				lock.unlock();
			}
			return acquired;
		}).get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
	}

}
