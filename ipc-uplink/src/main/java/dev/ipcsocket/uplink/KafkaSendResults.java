package dev.ipcsocket.uplink;

import org.springframework.cloud.stream.binder.Binder;
import org.springframework.cloud.stream.binder.kafka.KafkaMessageChannelBinder;
import org.springframework.cloud.stream.binder.kafka.properties.KafkaProducerProperties;
import org.springframework.util.ClassUtils;

/**
 * Kafka's answer to the uplink's records: with a synchronous producer ({@code sync}, set by
 * {@link IpcUplinkEnvironmentPostProcessor}) the Kafka binder's send waits for the send result
 * and throws if Kafka did not take the record within the send timeout, so the send's return is the
 * confirmation. An asynchronous producer would return before Kafka has the record and report a
 * failure only to an error channel: the uplink refuses it rather than count such records as sent.
 */
final class KafkaSendResults {

	/** Whether the Kafka binder is on the classpath. */
	static final boolean PRESENT = ClassUtils.isPresent(
			"org.springframework.cloud.stream.binder.kafka.KafkaMessageChannelBinder",
			KafkaSendResults.class.getClassLoader());

	private KafkaSendResults() {
	}

	/**
	 * Return whether a binder is Kafka's.
	 * @param binder the binder
	 * @return whether it is
	 */
	static boolean isKafka(Binder<?, ?, ?> binder) {
		return binder instanceof KafkaMessageChannelBinder;
	}

	/**
	 * Check that the Kafka binder sends a binding's records synchronously.
	 * @param binder the Kafka binder
	 * @param binding the output binding
	 * @throws IllegalStateException if its producer is asynchronous
	 */
	static void requireSynchronous(Binder<?, ?, ?> binder, String binding) {
		KafkaProducerProperties producer = ((KafkaMessageChannelBinder) binder).getExtendedProducerProperties(binding);
		if (!producer.isSync()) {
			throw new IllegalStateException("spring.cloud.stream.kafka.bindings." + binding
					+ ".producer.sync is false: the uplink counts a record as sent only once Kafka has it, "
					+ "which needs the synchronous producer; remove the setting (the uplink sets it to true)");
		}
	}

}
