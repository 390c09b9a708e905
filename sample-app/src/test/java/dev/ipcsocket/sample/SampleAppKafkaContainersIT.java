package dev.ipcsocket.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The {@linkplain CrossHostExchange cross-host exchange} through Kafka in a container, the
 * members {@link SampleApplication} with the Kafka binder (from the test classpath, as the jar
 * carries the RabbitMQ one). Skipped where no Docker engine runs; {@code ipc-uplink}'s own tests
 * run the same kind of exchange against a KRaft broker in the test JVM without Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class SampleAppKafkaContainersIT {

	private static final Duration WAIT = Duration.ofSeconds(180);

	@Container
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka-native:3.8.0");

	@TempDir
	Path dir;

	private SampleMember start(String hostId, String name) throws IOException {
		return SampleMember.startFromTestClasspath(this.dir, name,
				"--ipc.path=" + this.dir.resolve(hostId).resolve("app.sock"), "--ipc.uplink.enabled=true",
				"--ipc.uplink.host-id=" + hostId, "--ipc.uplink.destination=ipc-it",
				"--spring.cloud.stream.default-binder=kafka",
				"--spring.cloud.stream.kafka.binder.brokers=" + kafka.getBootstrapServers());
	}

	@Test
	void linesCrossHostsThroughKafkaInAContainer() throws Exception {
		// the uplink's Kafka consumer is assigned its partitions (no group membership to ask the
		// broker about): the hubs' "receives from" lines are the signal
		new CrossHostExchange(this::start, WAIT).run("host-a", "host-b", () -> true);
	}

}
