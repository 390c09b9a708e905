package dev.ipcsocket.uplink;

import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;

import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.support.MessageBuilder;

/**
 * A {@link BrokerLink} through Spring Cloud Stream: records go out through {@link StreamBridge}
 * on the binding {@value #OUTPUT}; the binding {@value #INPUT} is bound only while subscribed,
 * through the {@link BindingService}, so that a member that is not the hub never connects to
 * the broker to consume, nor provisions anything for it. Both bindings are configured with the
 * usual {@code spring.cloud.stream.bindings.<name>.*} properties.
 */
final class StreamBrokerLink implements BrokerLink {

	/** The input binding: this host's consumer group on the shared destination. */
	static final String INPUT = "ipcUplink-in-0";

	/** The output binding, to the shared destination. */
	static final String OUTPUT = "ipcUplink-out-0";

	private final StreamBridge bridge;

	private final BindingService bindings;

	private final String destination;

	/** How long a send may wait for the broker's confirmation. */
	private final Duration sendTimeout;

	StreamBrokerLink(StreamBridge bridge, BindingService bindings, String destination, Duration sendTimeout) {
		this.bridge = bridge;
		this.sendTimeout = sendTimeout;
		this.bindings = bindings;
		this.destination = destination;
	}

	@Override
	public void send(byte[] payload, Map<String, Object> headers) {
		Message<byte[]> record = MessageBuilder.withPayload(payload).copyHeaders(headers).build();
		if (RabbitPublishConfirms.PRESENT) {
			record = RabbitPublishConfirms.correlate(record, String.valueOf(headers.get(UplinkHeaders.MESSAGE_ID)));
		}
		if (!this.bridge.send(OUTPUT, record)) {
			throw new MessageDeliveryException(record, "the binding " + OUTPUT + " did not take the record");
		}
		if (RabbitPublishConfirms.PRESENT) {
			RabbitPublishConfirms.awaitConfirm(record, this.sendTimeout);
		}
	}

	@Override
	public void subscribe(BiConsumer<Object, Map<String, Object>> receiver) {
		DirectChannel input = new DirectChannel();
		input.setBeanName(INPUT);
		input.subscribe((record) -> receiver.accept(record.getPayload(), record.getHeaders()));
		this.bindings.bindConsumer(input, INPUT);
	}

	@Override
	public void unsubscribe() {
		if (this.bindings.getConsumerBindings(INPUT) != null) {
			this.bindings.unbindConsumers(INPUT);
		}
	}

	@Override
	public String describe() {
		return this.destination;
	}

}
