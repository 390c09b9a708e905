package dev.ipcsocket.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The {@linkplain CrossHostExchange cross-host exchange} through RabbitMQ in a container, the
 * members the sample jar on this machine. Skipped where no Docker engine runs (as on our CI,
 * where {@link SampleAppRabbitIT} runs the same exchange against a RabbitMQ that
 * {@code .ci/run} installs and starts).
 */
@Testcontainers(disabledWithoutDocker = true)
class SampleAppRabbitContainersIT {

	private static final Duration WAIT = Duration.ofSeconds(180);

	@Container
	static final RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:4.1-alpine");

	@TempDir
	Path dir;

	private SampleMember start(String hostId, String name) throws IOException {
		return SampleMember.start(this.dir, name, "--ipc.path=" + this.dir.resolve(hostId).resolve("app.sock"),
				"--ipc.uplink.enabled=true", "--ipc.uplink.host-id=" + hostId, "--ipc.uplink.destination=ipc-it",
				"--spring.rabbitmq.host=" + rabbit.getHost(), "--spring.rabbitmq.port=" + rabbit.getAmqpPort(),
				"--spring.rabbitmq.username=" + rabbit.getAdminUsername(),
				"--spring.rabbitmq.password=" + rabbit.getAdminPassword());
	}

	@Test
	void linesCrossHostsThroughRabbitMqInAContainer() throws Exception {
		new CrossHostExchange(this::start, WAIT).run("host-a", "host-b",
				() -> consumers("ipc-it.host-a") == 1 && consumers("ipc-it.host-b") == 1);
	}

	private static int consumers(String queue) throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setUri(rabbit.getAmqpUrl());
		factory.setUsername(rabbit.getAdminUsername());
		factory.setPassword(rabbit.getAdminPassword());
		try (Connection connection = factory.newConnection(); var channel = connection.createChannel()) {
			return channel.queueDeclarePassive(queue).getConsumerCount();
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
