package dev.ipcsocket.uplink;

import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.stream.binder.Binder;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.support.MessageBuilder;

/**
 * A {@link BrokerLink} through Spring Cloud Stream: records go out through {@link StreamBridge}
 * on the binding {@value #OUTPUT}; the binding {@value #INPUT} is bound only while subscribed,
 * through the {@link BindingService}, so that a member that is not the hub never connects to
 * the broker to consume, nor provisions anything for it. Both bindings are configured with the
 * usual {@code spring.cloud.stream.bindings.<name>.*} properties.
 * <p>
 * A send returns once the broker confirmed the record, the way the binder of the output binding
 * confirms ({@link PublishConfirmation}): that binder is the one Spring Cloud Stream picks for the
 * binding, as {@link StreamBridge} does (the binding's {@code binder} property, else the default
 * binder, else the only binder on the classpath), looked up on the first send.
 */
final class StreamBrokerLink implements BrokerLink {

	private static final Log logger = LogFactory.getLog(StreamBrokerLink.class);

	/** The input binding: this host's consumer group on the shared destination. */
	static final String INPUT = "ipcUplink-in-0";

	/** The output binding, to the shared destination. */
	static final String OUTPUT = "ipcUplink-out-0";

	private final StreamBridge bridge;

	private final BindingService bindings;

	private final BinderFactory binders;

	private final BindingServiceProperties bindingProperties;

	private final String destination;

	/** How long a send may wait for the broker's confirmation. */
	private final Duration sendTimeout;

	/** How the output binding's broker confirms a record, once its binder is known. */
	private volatile @Nullable PublishConfirmation confirmation;

	StreamBrokerLink(StreamBridge bridge, BindingService bindings, BinderFactory binders,
			BindingServiceProperties bindingProperties, String destination, Duration sendTimeout) {
		this.bridge = bridge;
		this.bindings = bindings;
		this.binders = binders;
		this.bindingProperties = bindingProperties;
		this.destination = destination;
		this.sendTimeout = sendTimeout;
	}

	@Override
	public void send(byte[] payload, Map<String, Object> headers) {
		PublishConfirmation confirmation = confirmation();
		Message<byte[]> record = confirmation.prepare(MessageBuilder.withPayload(payload).copyHeaders(headers).build(),
				String.valueOf(headers.get(UplinkHeaders.MESSAGE_ID)));
		if (!this.bridge.send(OUTPUT, record)) {
			throw new MessageDeliveryException(record, "the binding " + OUTPUT + " did not take the record");
		}
		confirmation.await(record, this.sendTimeout);
	}

	/**
	 * Return how the output binding's broker confirms a record, looking its binder up the first
	 * time: the binder factory gives the same binder instance as to {@link StreamBridge}.
	 * @return the confirmation
	 * @throws IllegalStateException if Spring Cloud Stream cannot tell which binder binds the output
	 */
	PublishConfirmation confirmation() {
		PublishConfirmation known = this.confirmation;
		if (known == null) {
			String binderName = this.bindingProperties.getBinder(OUTPUT);
			Binder<MessageChannel, ?, ?> binder = this.binders.getBinder(binderName, MessageChannel.class);
			known = PublishConfirmation.of(binder, OUTPUT);
			this.confirmation = known;
			logger.info("The binding " + OUTPUT + " goes through " + binder.getClass().getSimpleName()
					+ ((binderName != null) ? " (binder '" + binderName + "')" : "")
					+ ": a record counts as sent on " + ((known == PublishConfirmation.RABBIT_PUBLISHER_CONFIRMS)
							? "RabbitMQ's publisher confirm" : "the return of the binder's send"));
		}
		return known;
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
