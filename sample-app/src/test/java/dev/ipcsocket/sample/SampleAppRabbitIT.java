package dev.ipcsocket.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.uplink.LocalRabbitMq;

/**
 * The {@linkplain CrossHostExchange cross-host exchange} through the real RabbitMQ on
 * 127.0.0.1:5672 that {@code .ci/run} starts ({@code scripts/rabbitmq.sh}), the members the
 * sample jar with the RabbitMQ binder. Skipped without RabbitMQ, failed instead when
 * {@code IPC_REQUIRE_RABBITMQ=1}. Each run uses a destination and host ids of its own and deletes
 * them from the broker afterwards.
 */
class SampleAppRabbitIT {

	/** The sample app takes 20-45 s to start on a 2-core machine that other builds keep busy. */
	private static final Duration WAIT = Duration.ofSeconds(180);

	@TempDir
	Path dir;

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private final String destination = "ipc-it-" + this.run;

	private final String hostA = "it-a-" + this.run;

	private final String hostB = "it-b-" + this.run;

	private boolean started;

	@BeforeEach
	void rabbitMq() {
		LocalRabbitMq.assumeRunning();
	}

	@AfterEach
	void deleteFromBroker() throws IOException, TimeoutException {
		if (this.started) {
			LocalRabbitMq.delete(this.destination, queue(this.hostA), queue(this.hostB));
		}
	}

	/** The binder's durable queue for a host: destination.group, the group being the host id. */
	private String queue(String hostId) {
		return this.destination + "." + hostId;
	}

	private SampleMember start(String hostId, String name) throws IOException {
		this.started = true;
		return SampleMember.start(this.dir, name, "--ipc.path=" + this.dir.resolve(hostId).resolve("app.sock"),
				"--ipc.uplink.enabled=true", "--ipc.uplink.host-id=" + hostId,
				"--ipc.uplink.destination=" + this.destination, "--spring.rabbitmq.host=" + LocalRabbitMq.HOST,
				"--spring.rabbitmq.port=" + LocalRabbitMq.PORT);
	}

	@Test
	void linesCrossHostsThroughRabbitMqBothWaysAndADirectLineReachesOnlyItsTarget() throws Exception {
		// each host's queue has exactly one consumer: its hub's, the other member stays off the broker
		new CrossHostExchange(this::start, WAIT).run(this.hostA, this.hostB,
				() -> LocalRabbitMq.consumers(queue(this.hostA)) == 1
						&& LocalRabbitMq.consumers(queue(this.hostB)) == 1);
	}

}
