package dev.ipcsocket.uplink;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * What the uplink's sender makes of RabbitMQ's answer to a record (the answer itself comes from
 * a real broker in {@code SampleAppRabbitIT}).
 */
class RabbitPublishConfirmsTests {

	private static final Duration TIMEOUT = Duration.ofMillis(200);

	private final Message<byte[]> record = RabbitPublishConfirms
		.correlate(MessageBuilder.withPayload(new byte[] { 1 }).build(), "a:app:a1:7");

	private CorrelationData correlation() {
		return this.record.getHeaders().get(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION, CorrelationData.class);
	}

	@Test
	void anAckedRecordIsSent() {
		correlation().getFuture().complete(new CorrelationData.Confirm(true, null));
		assertThatNoException().isThrownBy(() -> RabbitPublishConfirms.awaitConfirm(this.record, TIMEOUT));
	}

	@Test
	void aNackedRecordFailsSoThatItIsRetried() {
		correlation().getFuture().complete(new CorrelationData.Confirm(false, "queue full"));
		assertThatExceptionOfType(MessageDeliveryException.class)
			.isThrownBy(() -> RabbitPublishConfirms.awaitConfirm(this.record, TIMEOUT))
			.withMessageContaining("queue full");
	}

	@Test
	void anUnansweredRecordFailsAfterTheTimeout() {
		assertThatExceptionOfType(MessageDeliveryException.class)
			.isThrownBy(() -> RabbitPublishConfirms.awaitConfirm(this.record, TIMEOUT))
			.withMessageContaining("did not confirm");
	}

}
