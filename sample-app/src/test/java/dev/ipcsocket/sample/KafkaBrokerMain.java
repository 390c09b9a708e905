package dev.ipcsocket.sample;

import java.util.concurrent.CountDownLatch;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft, one node, topics of one partition) for {@link KafkaBrokerContainer}:
 * prints {@code BROKER <bootstrap servers>} once ready and runs until the JVM is stopped.
 */
public final class KafkaBrokerMain {

	private KafkaBrokerMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.afterPropertiesSet();
		System.out.println("BROKER " + broker.getBrokersAsString());
		new CountDownLatch(1).await();
	}

}
