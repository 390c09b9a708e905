package dev.ipcsocket.sample;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cross-host exchange that every broker test runs, whatever the broker: two hosts (socket
 * directories with host ids of their own) with two sample JVMs each. A line typed on one host is
 * printed by every member of both hosts but its sender, never twice; a line addressed to a
 * {@code host:application:instance} id is printed by that member only.
 */
final class CrossHostExchange {

	/** Starts one member of a host. */
	@FunctionalInterface
	interface Launcher {

		SampleMember start(String hostId, String name) throws IOException;

	}

	private final Launcher launcher;

	private final Duration wait;

	CrossHostExchange(Launcher launcher, Duration wait) {
		this.launcher = launcher;
		this.wait = wait;
	}

	/**
	 * Run the exchange.
	 * @param hostA the first host's id
	 * @param hostB the second host's id
	 * @param uplinksReady whether the broker has both hubs' subscriptions, asked once both hubs
	 * have logged that their uplink receives
	 * @return the members, to stop
	 */
	List<SampleMember> run(String hostA, String hostB, Callable<Boolean> uplinksReady) throws Exception {
		SampleMember a1 = this.launcher.start(hostA, "a1");
		SampleMember b1 = this.launcher.start(hostB, "b1");
		try {
			await().atMost(this.wait).until(() -> a1.printed("role=LISTENER") && b1.printed("role=LISTENER"));
		}
		catch (RuntimeException ex) {
			a1.stop();
			b1.stop();
			throw ex;
		}
		SampleMember a2 = this.launcher.start(hostA, "a2");
		SampleMember b2 = this.launcher.start(hostB, "b2");
		List<SampleMember> members = List.of(a1, a2, b1, b2);
		try {
			exchange(hostB, a1, a2, b1, b2, uplinksReady);
		}
		finally {
			members.forEach(SampleMember::stop);
		}
		return members;
	}

	private static boolean receives(SampleMember hub) throws IOException {
		return hub.errorLines().stream().anyMatch((line) -> line.contains("Broker uplink of host '")
				&& line.contains("' receives from "));
	}

	private void exchange(String hostB, SampleMember a1, SampleMember a2, SampleMember b1, SampleMember b2,
			Callable<Boolean> uplinksReady) throws IOException {
		await().atMost(this.wait).until(() -> a2.printed("role=CLIENT") && b2.printed("role=CLIENT"));
		// each hub says when its uplink receives, what the broker says is up to the caller
		await().atMost(this.wait).until(() -> receives(a1) && receives(b1));
		await().atMost(this.wait).until(uplinksReady);
		await().atMost(this.wait)
			.until(() -> a1.errorLines().stream().anyMatch((line) -> line.startsWith("ipc connected"))
					&& b1.errorLines().stream().anyMatch((line) -> line.startsWith("ipc connected")));

		a2.type("broadcast from a2");
		b2.type("broadcast from b2, with ünïcödé");

		await().atMost(this.wait).untilAsserted(() -> {
			assertThat(a1.lines()).contains("broadcast from a2", "broadcast from b2, with ünïcödé");
			assertThat(b1.lines()).contains("broadcast from a2", "broadcast from b2, with ünïcödé");
			assertThat(a2.lines()).contains("broadcast from b2, with ünïcödé");
			assertThat(b2.lines()).contains("broadcast from a2");
		});

		String b2Id = b2.field("id");
		assertThat(b2Id).as("b2's qualified id, printed with its role").startsWith(hostB + ":");
		a1.type("@" + b2Id + " direct from a1 to b2");
		a1.type("broadcast from a1 after the direct line");

		await().atMost(this.wait)
			.until(() -> b2.lines().contains("direct from a1 to b2")
					&& b1.lines().contains("broadcast from a1 after the direct line")
					&& a2.lines().contains("broadcast from a1 after the direct line"));
		// one sender, one path: a1's later broadcast came after its direct line, so a direct line
		// that went astray would be there by now
		assertThat(b1.lines()).doesNotContain("direct from a1 to b2");
		assertThat(a2.lines()).doesNotContain("direct from a1 to b2");
		// never an echo, never a duplicate
		assertThat(a2.lines()).doesNotContain("broadcast from a2");
		assertThat(b2.lines()).doesNotContain("broadcast from b2, with ünïcödé");
		assertThat(a1.lines()).doesNotContain("broadcast from a1 after the direct line");
		for (SampleMember member : List.of(a1, a2, b1, b2)) {
			assertThat(member.lines()).doesNotHaveDuplicates();
		}
	}

}
