package dev.ipcsocket.uplink;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.cloud.stream.binder.Binder;
import org.springframework.cloud.stream.binder.rabbit.RabbitMessageChannelBinder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.ClassUtils;

/**
 * RabbitMQ's publisher confirms for the uplink's records, when the RabbitMQ binder binds its
 * output ({@link PublishConfirmation}): the RabbitMQ binder hands a record to the broker and
 * returns before the broker has it. With a correlation header
 * ({@code use-confirm-header}, set by {@link IpcUplinkEnvironmentPostProcessor} with
 * {@code spring.rabbitmq.publisher-confirm-type=correlated}) the sender waits for the broker's
 * ack, so a record the broker refuses or never confirms is retried rather than lost.
 */
final class RabbitPublishConfirms {

	/** Whether the RabbitMQ binder is on the classpath. */
	static final boolean PRESENT = ClassUtils.isPresent(
			"org.springframework.cloud.stream.binder.rabbit.RabbitMessageChannelBinder",
			RabbitPublishConfirms.class.getClassLoader());

	private RabbitPublishConfirms() {
	}

	/**
	 * Return whether a binder is RabbitMQ's.
	 * @param binder the binder
	 * @return whether it is
	 */
	static boolean isRabbit(Binder<?, ?, ?> binder) {
		return binder instanceof RabbitMessageChannelBinder;
	}

	/**
	 * Add a correlation to a record.
	 * @param record the record
	 * @param id the record's id, for the broker's answer
	 * @return the record with its correlation
	 */
	static Message<byte[]> correlate(Message<byte[]> record, String id) {
		return MessageBuilder.fromMessage(record)
			.setHeader(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION, new CorrelationData(id))
			.build();
	}

	/**
	 * Wait until the broker confirms a correlated record.
	 * @param record the record as sent
	 * @param timeout how long to wait
	 * @throws MessageDeliveryException if the broker refused it, returned it or did not answer in time
	 */
	static void awaitConfirm(Message<byte[]> record, Duration timeout) {
		CorrelationData correlation = record.getHeaders()
			.get(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION, CorrelationData.class);
		if (correlation == null) {
			return;
		}
		CorrelationData.Confirm confirm;
		try {
			confirm = correlation.getFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new MessageDeliveryException(record, "RabbitMQ did not confirm the record within " + timeout
					+ " (is spring.rabbitmq.publisher-confirm-type correlated?)");
		}
		catch (ExecutionException ex) {
			throw new MessageDeliveryException(record, "RabbitMQ confirmation failed: " + ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MessageDeliveryException(record, "interrupted waiting for RabbitMQ's confirmation");
		}
		if (!confirm.ack()) {
			throw new MessageDeliveryException(record, "RabbitMQ refused the record: " + confirm.reason());
		}
	}

}
