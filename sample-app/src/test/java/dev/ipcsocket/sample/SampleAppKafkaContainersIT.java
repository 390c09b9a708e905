package dev.ipcsocket.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.kafka.KafkaContainer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@linkplain CrossHostExchange cross-host exchange} through Kafka in a container, the
 * members {@link SampleApplication} with the Kafka binder (from the test classpath, as the jar
 * carries the RabbitMQ one). Skipped where no Docker engine runs, and where the engine has no
 * {@value #IMAGE} image and cannot pull it (a machine that reaches no registry):
 * {@code ipc-uplink}'s own tests run the same kind of exchange against a KRaft broker in the
 * test JVM without Docker.
 */
@RequiresContainerEngine
class SampleAppKafkaContainersIT {

	static final String IMAGE = "apache/kafka-native:3.8.0";

	private static final Duration WAIT = Duration.ofSeconds(180);

	private static KafkaContainer kafka;

	@TempDir
	Path dir;

	@BeforeEach
	void startKafka() {
		String problem = ContainerImages.unavailable(IMAGE);
		assumeTrue(problem == null, () -> problem + ": skipped (ipc-uplink's BrokerUplinkKafkaIT runs the exchange "
				+ "against a broker in its test JVM)");
		if (kafka == null) {
			kafka = new KafkaContainer(IMAGE);
			kafka.start();
		}
	}

	@AfterAll
	static void stopKafka() {
		if (kafka != null) {
			kafka.stop();
		}
	}

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
