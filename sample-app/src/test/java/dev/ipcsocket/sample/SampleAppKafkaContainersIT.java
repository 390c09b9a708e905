package dev.ipcsocket.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
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
		// each host's consumer group (named after the host) has one member: its hub
		new CrossHostExchange(this::start, WAIT).run("host-a", "host-b",
				() -> members("host-a") == 1 && members("host-b") == 1);
	}

	private static int members(String group) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
			ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get();
			return description.members().size();
		}
		catch (ExecutionException ex) {
			// no such group yet
			return 0;
		}
	}

}
