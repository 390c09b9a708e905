package dev.ipcsocket.uplink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft, one node, topics of one partition) in a JVM of its own, so that a
 * test can freeze it with SIGSTOP and let it go on with SIGCONT: to its clients, a broker that is
 * down and comes back with its topics and offsets. Prints {@code BROKER <bootstrap servers>} once
 * ready; stops when its stdin ends.
 */
public final class KafkaBrokerMain {

	private KafkaBrokerMain() {
	}

	public static void main(String[] args) throws IOException {
		System.setOut(System.err);
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.afterPropertiesSet();
		java.io.PrintStream protocol = new java.io.PrintStream(
				new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
		protocol.println("BROKER " + broker.getBrokersAsString());
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		while (in.readLine() != null) {
			// nothing to do: the broker runs until stdin ends
		}
		broker.destroy();
		System.exit(0);
	}

}
