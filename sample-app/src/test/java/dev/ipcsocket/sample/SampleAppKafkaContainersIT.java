package dev.ipcsocket.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The uplinked sample app through Kafka in a container ({@link KafkaBrokerContainer}): the
 * application under test on host {@code host-a} with the Kafka binder (from the test classpath,
 * as the jar carries the RabbitMQ one), a sample JVM on host {@code host-b}; a line sent on either
 * host is printed on the other. The uplink's Kafka consumer is assigned its partitions, with no
 * group membership to ask the broker about, so each side sends until the other has it.
 * {@code ipc-uplink}'s {@code BrokerUplinkKafkaIT} runs the full exchange against a broker in its
 * test JVM.
 */
@RequiresContainerEngine
@SpringBootTest(classes = { SampleApplication.class, SampleAppKafkaContainersIT.Received.class },
		properties = { "sample.stdin=false", "ipc.uplink.enabled=true", "ipc.uplink.host-id=host-a",
				"ipc.uplink.destination=ipc-it", "spring.cloud.stream.default-binder=kafka" })
class SampleAppKafkaContainersIT {

	private static final Duration WAIT = Duration.ofSeconds(180);

	@Container
	static final KafkaBrokerContainer kafka = new KafkaBrokerContainer(WAIT);

	@TempDir
	static Path dir;

	@DynamicPropertySource
	static void ipcAndKafka(DynamicPropertyRegistry registry) {
		registry.add("ipc.path", () -> dir.resolve("host-a").resolve("app.sock").toString());
		registry.add("spring.cloud.stream.kafka.binder.brokers", kafka::bootstrapServers);
	}

	@Autowired
	IPCSocket socket;

	@Autowired
	Received received;

	@Test
	void linesCrossHostsThroughKafkaInAContainer() throws Exception {
		SampleMember hostB = SampleMember.startFromTestClasspath(dir, "b1",
				"--ipc.path=" + dir.resolve("host-b").resolve("app.sock"), "--ipc.uplink.enabled=true",
				"--ipc.uplink.host-id=host-b", "--ipc.uplink.destination=ipc-it",
				"--spring.cloud.stream.default-binder=kafka",
				"--spring.cloud.stream.kafka.binder.brokers=" + kafka.bootstrapServers());
		try {
			await().atMost(WAIT).until(() -> hostB.printed("role=LISTENER"));
			await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
				this.socket.send("from host a");
				assertThat(hostB.lines()).contains("from host a");
			});
			await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
				hostB.type("from host b");
				assertThat(this.received.lines).contains("from host b");
			});
		}
		finally {
			hostB.stop();
		}
	}

	/** What the application under test received from its siblings, here or on the other host. */
	@TestComponent
	static class Received {

		final List<String> lines = new CopyOnWriteArrayList<>();

		@EventListener
		void on(IpcDataEvent event) {
			this.lines.add(event.getText());
		}

	}

}
