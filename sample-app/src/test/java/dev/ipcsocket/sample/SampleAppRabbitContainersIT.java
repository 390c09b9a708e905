package dev.ipcsocket.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.rabbitmq.RabbitMQContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An uplinked application tested against RabbitMQ in a container, the way the README shows: the
 * sample application under test (host {@code host-a}) gets the broker through
 * {@code @ServiceConnection}, with no {@code spring.rabbitmq.*} property; the sample jar on a
 * second host ({@code host-b}) gets the same connection details from the test's context. A line
 * sent on either host is printed on the other. (The test classpath has the Kafka binder too, for
 * {@link SampleAppKafkaContainersIT}: the default binder is named.) {@link SampleAppRabbitIT} runs the full
 * four-member exchange against the RabbitMQ that {@code .ci/run} starts.
 */
@RequiresContainerEngine
@SpringBootTest(classes = { SampleApplication.class, SampleAppRabbitContainersIT.Received.class },
		properties = { "sample.stdin=false", "ipc.uplink.enabled=true", "ipc.uplink.host-id=host-a",
				"ipc.uplink.destination=ipc-it", "spring.cloud.stream.default-binder=rabbit" })
class SampleAppRabbitContainersIT {

	private static final Duration WAIT = Duration.ofSeconds(180);

	@Container
	@ServiceConnection
	static final RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:3.10-management");

	@TempDir
	static Path dir;

	@DynamicPropertySource
	static void ipc(DynamicPropertyRegistry registry) {
		registry.add("ipc.path", () -> dir.resolve("host-a").resolve("app.sock").toString());
	}

	@Autowired
	RabbitConnectionDetails broker;

	@Autowired
	IPCSocket socket;

	@Autowired
	Received received;

	@Test
	void linesCrossHostsThroughRabbitMqInAContainer() throws Exception {
		RabbitConnectionDetails.Address address = this.broker.getFirstAddress();
		SampleMember hostB = SampleMember.start(dir, "b1", "--ipc.path=" + dir.resolve("host-b").resolve("app.sock"),
				"--ipc.uplink.enabled=true", "--ipc.uplink.host-id=host-b", "--ipc.uplink.destination=ipc-it",
				"--spring.rabbitmq.host=" + address.host(), "--spring.rabbitmq.port=" + address.port(),
				"--spring.rabbitmq.username=" + this.broker.getUsername(),
				"--spring.rabbitmq.password=" + this.broker.getPassword());
		try {
			await().atMost(WAIT).until(() -> hostB.printed("role=LISTENER"));
			// each host's queue has its hub's consumer: a line sent from now on is not dropped
			await().atMost(WAIT).until(() -> consumers("ipc-it.host-a") == 1 && consumers("ipc-it.host-b") == 1);

			this.socket.send("from host a");
			hostB.type("from host b");

			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(hostB.lines()).contains("from host a");
				assertThat(this.received.lines).contains("from host b");
			});
		}
		finally {
			hostB.stop();
		}
	}

	private int consumers(String queue) throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		RabbitConnectionDetails.Address address = this.broker.getFirstAddress();
		factory.setHost(address.host());
		factory.setPort(address.port());
		factory.setUsername(this.broker.getUsername());
		factory.setPassword(this.broker.getPassword());
		try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
			return channel.queueDeclarePassive(queue).getConsumerCount();
		}
		catch (IOException ex) {
			// a passive declare of a missing queue closes the channel with 404
			return -1;
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
