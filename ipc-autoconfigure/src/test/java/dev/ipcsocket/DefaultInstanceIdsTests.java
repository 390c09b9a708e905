package dev.ipcsocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DefaultInstanceIds}: two containers that both run the application as pid 1
 * get different ids, whether their host names differ or they share one (one Kubernetes pod).
 */
class DefaultInstanceIdsTests {

	@Test
	void containersWithTheSamePidButTheirOwnHostNamesGetDifferentIds() {
		assertThat(DefaultInstanceIds.of("ipc-sample", "3f9c2a1b7d4e", 1, 0x1234, 1))
			.isEqualTo("ipc-sample-3f9c2a1b7d4e-1-1234")
			.isNotEqualTo(DefaultInstanceIds.of("ipc-sample", "8a7b6c5d4e3f", 1, 0x1234, 1));
	}

	@Test
	void containersOfOnePodThatShareTheHostNameAndThePidDifferByTheRandomPart() {
		assertThat(DefaultInstanceIds.of("ipc-sample", "orders-pod-7d9f", 1, 0x0001, 1))
			.isNotEqualTo(DefaultInstanceIds.of("ipc-sample", "orders-pod-7d9f", 1, 0xbeef, 1));
	}

	@Test
	void aFurtherSocketOfTheProcessIsCounted() {
		assertThat(DefaultInstanceIds.of("orders", "build7", 4711, 0xabcd, 3)).isEqualTo("orders-build7-4711-abcd-3");
	}

	@Test
	void theHostNameGivesItsFirstLabelAndTheIdStaysWithinTheAlphabetAndLength() {
		assertThat(DefaultInstanceIds.of("orders", "build7.ci.example.org", 4711, 0xabcd, 1))
			.isEqualTo("orders-build7-4711-abcd");
		String longest = DefaultInstanceIds.of("a".repeat(100), "h\u00f6st:name-that-is-much-too-long", 4194304, 0xffff,
				99);
		assertThat(longest).hasSize(IpcMemberIds.MAX_LENGTH).endsWith("-h-st-name-that-is-mu-4194304-ffff-99");
		assertThat(IpcMemberIds.isValid(longest)).isTrue();
	}

	@Test
	void theDefaultIdOfThisProcessHasEveryPart() {
		assertThat(IpcSocketSettings.defaultInstanceId("orders"))
			.matches("orders-[A-Za-z0-9._-]{1,20}-" + ProcessHandle.current().pid() + "-[0-9a-f]{4}(-\\d+)?");
	}

}
