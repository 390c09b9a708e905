package dev.ipcsocket.uplink;

import java.time.Duration;

import org.springframework.cloud.stream.binder.Binder;
import org.springframework.messaging.Message;

/**
 * How the uplink learns that the broker has a record: by the binder that Spring Cloud Stream
 * binds the uplink's output binding to, so that an application with several binders on its class
 * path waits for the confirmation of the broker its records actually go to.
 */
enum PublishConfirmation {

	/**
	 * RabbitMQ's publisher confirms: the RabbitMQ binder returns before the broker has the
	 * record, so the record carries a correlation and the sender waits for the broker's ack.
	 */
	RABBIT_PUBLISHER_CONFIRMS {

		@Override
		Message<byte[]> prepare(Message<byte[]> record, String id) {
			return RabbitPublishConfirms.correlate(record, id);
		}

		@Override
		void await(Message<byte[]> record, Duration timeout) {
			RabbitPublishConfirms.awaitConfirm(record, timeout);
		}

	},

	/**
	 * The binder's send itself: it returns once the broker has the record, or throws, as the
	 * Kafka binder's synchronous producer does (the uplink's default for its output binding). So
	 * does any other binder whose send waits for its broker.
	 */
	SEND_RESULT {

		@Override
		Message<byte[]> prepare(Message<byte[]> record, String id) {
			return record;
		}

		@Override
		void await(Message<byte[]> record, Duration timeout) {
			// the send has returned: the broker has the record
		}

	};

	/**
	 * Prepare a record for this confirmation, before it is sent.
	 * @param record the record
	 * @param id the record's id, for the broker's answer
	 * @return the record to send
	 */
	abstract Message<byte[]> prepare(Message<byte[]> record, String id);

	/**
	 * Wait until the broker confirms a record that was sent.
	 * @param record the record as sent
	 * @param timeout how long to wait
	 * @throws org.springframework.messaging.MessageDeliveryException if the broker did not
	 * confirm it
	 */
	abstract void await(Message<byte[]> record, Duration timeout);

	/**
	 * Return the confirmation of a binder.
	 * @param binder the binder that binds the output binding
	 * @param binding the output binding's name
	 * @return how that binder's broker confirms a record
	 * @throws IllegalStateException if the binder is Kafka's with an asynchronous producer
	 */
	static PublishConfirmation of(Binder<?, ?, ?> binder, String binding) {
		if (RabbitPublishConfirms.PRESENT && RabbitPublishConfirms.isRabbit(binder)) {
			return RABBIT_PUBLISHER_CONFIRMS;
		}
		if (KafkaSendResults.PRESENT && KafkaSendResults.isKafka(binder)) {
			KafkaSendResults.requireSynchronous(binder, binding);
		}
		return SEND_RESULT;
	}

}
