package dev.ipcsocket.actuate;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link IpcSocketMetrics}, on real sockets.
 */
class IpcSocketMetricsTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	final Sockets sockets = new Sockets();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private IPCSocket socket() {
		return this.sockets.open(IpcSocketSettings.of(this.sockets.path()));
	}

	private RequiredSearch meter(String name) {
		return this.registry.get(name)
			.tag("role", "LISTENER")
			.tag("path", this.sockets.path().toString());
	}

	@Test
	void metersAppearOnceTheRoleIsDecidedTaggedWithRoleAndPath() {
		IPCSocket listener = socket();
		new IpcSocketMetrics(listener).bindTo(this.registry);
		assertThat(this.registry.getMeters()).as("no role yet").isEmpty();

		listener.start();

		await().atMost(WAIT).until(() -> this.registry.find("ipc.messages.sent").tag("role", "LISTENER").meter() != null);
		assertThat(meter("ipc.messages.sent").functionCounter().count()).isZero();
		assertThat(meter("ipc.peers").gauge().value()).isZero();
	}

	@Test
	void countersFollowTheSocketsStatistics() {
		IPCSocket listener = socket();
		listener.start();
		new IpcSocketMetrics(listener).bindTo(this.registry);
		IPCSocket client = socket();
		client.start();
		await().atMost(WAIT).until(listener::isConnected);

		client.send("hello");
		await().atMost(WAIT).until(() -> meter("ipc.messages.received").functionCounter().count() == 1);
		listener.send("hi");

		assertThat(meter("ipc.payload.received").functionCounter().count()).isEqualTo(5);
		assertThat(meter("ipc.payload.received").functionCounter().getId().getBaseUnit()).isEqualTo("bytes");
		assertThat(meter("ipc.messages.sent").functionCounter().count()).isEqualTo(1);
		assertThat(meter("ipc.payload.sent").functionCounter().count()).isEqualTo(2);
		assertThat(meter("ipc.connections.opened").functionCounter().count()).isEqualTo(1);
		assertThat(meter("ipc.peers").gauge().value()).isEqualTo(1);
		assertThat(meter("ipc.send").functionTimer().count()).isEqualTo(1);
		assertThat(meter("ipc.send").functionTimer().totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
		assertThat(meter("ipc.events.pending").gauge().value()).isGreaterThanOrEqualTo(0);

		client.close();
		await().atMost(WAIT).until(() -> meter("ipc.connections.closed").functionCounter().count() == 1);
	}

	@Test
	void errorsAreCountedByCode() {
		IPCSocket lonely = socket();
		lonely.start();
		new IpcSocketMetrics(lonely).bindTo(this.registry);

		// the receive buffer is off by default
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> lonely.read(1));

		assertThat(meter("ipc.errors").tag("code", "106").tag("error", "INVALID_STATE_ERROR").functionCounter().count())
			.isEqualTo(1);
		assertThat(meter("ipc.errors").tag("code", "102").functionCounter().count()).isZero();
		assertThat(this.registry.find("ipc.errors").functionCounters()).hasSize(7);
	}

}
