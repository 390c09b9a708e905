package dev.ipcsocket.uplink;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The RabbitMQ that {@code scripts/rabbitmq.sh start} runs on 127.0.0.1:5672 (as {@code .ci/run}
 * does), with Debian's default {@code guest} user, which may log in from loopback only. Tests
 * that need it skip without it, unless {@code IPC_REQUIRE_RABBITMQ=1} (set by {@code .ci/run})
 * makes its absence a failure.
 */
public final class LocalRabbitMq {

	public static final String HOST = "127.0.0.1";

	public static final int PORT = 5672;

	private LocalRabbitMq() {
	}

	/**
	 * Skip the calling test unless RabbitMQ answers, or fail it if it is required.
	 */
	public static void assumeRunning() {
		String problem = problem();
		if (problem != null && "1".equals(System.getenv("IPC_REQUIRE_RABBITMQ"))) {
			fail("IPC_REQUIRE_RABBITMQ=1 but " + problem + " (scripts/rabbitmq.sh start runs one)");
		}
		assumeTrue(problem == null,
				() -> problem + ": skipped (scripts/rabbitmq.sh start runs one; IPC_REQUIRE_RABBITMQ=1 fails instead)");
	}

	private static @Nullable String problem() {
		try (Connection connection = connect()) {
			return null;
		}
		catch (IOException | TimeoutException ex) {
			return "no RabbitMQ answers on " + HOST + ":" + PORT + " (" + ex + ")";
		}
	}

	public static Connection connect() throws IOException, TimeoutException {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(HOST);
		factory.setPort(PORT);
		factory.setConnectionTimeout(2000);
		return factory.newConnection("ipc-tests");
	}

	/**
	 * Return how many consumers a queue has, or -1 if it does not exist (yet).
	 * @param queue the queue's name
	 * @return its consumer count
	 */
	public static int consumers(String queue) throws IOException, TimeoutException {
		try (Connection connection = connect(); Channel channel = connection.createChannel()) {
			AMQP.Queue.DeclareOk queueState = channel.queueDeclarePassive(queue);
			return queueState.getConsumerCount();
		}
		catch (IOException ex) {
			// a passive declare of a missing queue closes the channel with 404
			return -1;
		}
	}

	/**
	 * Delete what a test's destination left on the broker: its queues, then its exchange.
	 * @param exchange the destination
	 * @param queues the queues bound to it
	 */
	public static void delete(String exchange, String... queues) throws IOException, TimeoutException {
		try (Connection connection = connect(); Channel channel = connection.createChannel()) {
			for (String queue : queues) {
				channel.queueDelete(queue);
			}
			channel.exchangeDelete(exchange);
		}
	}

}
