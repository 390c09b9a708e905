package dev.ipcsocket.uplink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Which confirmation the uplink waits for, with both binders on the class path: the one of the
 * binder Spring Cloud Stream binds the output binding to, resolved as it resolves it (the
 * binding's {@code binder}, else the default binder). No broker is needed to tell; the records
 * themselves cross in {@link UplinkBinderChoiceIT}.
 */
class UplinkBinderChoiceTests {

	private static final String OUTPUT_BINDER = "--spring.cloud.stream.bindings." + StreamBrokerLink.OUTPUT
			+ ".binder=";

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void kafkaAsTheDefaultBinderConfirmsByTheSendResult() {
		assertThat(confirmation("--spring.cloud.stream.default-binder=kafka"))
			.isEqualTo(PublishConfirmation.SEND_RESULT);
	}

	@Test
	void rabbitAsTheDefaultBinderConfirmsByPublisherConfirms() {
		assertThat(confirmation("--spring.cloud.stream.default-binder=rabbit"))
			.isEqualTo(PublishConfirmation.RABBIT_PUBLISHER_CONFIRMS);
	}

	@Test
	void theOutputBindingsOwnBinderWinsOverTheDefault() {
		assertThat(confirmation("--spring.cloud.stream.default-binder=rabbit", OUTPUT_BINDER + "kafka"))
			.isEqualTo(PublishConfirmation.SEND_RESULT);
		assertThat(confirmation("--spring.cloud.stream.default-binder=kafka", OUTPUT_BINDER + "rabbit"))
			.isEqualTo(PublishConfirmation.RABBIT_PUBLISHER_CONFIRMS);
	}

	@Test
	void aBinderOfTheApplicationsOwnNamingIsKnownByItsType() {
		assertThat(confirmation("--spring.cloud.stream.binders.orders.type=rabbit",
				"--spring.cloud.stream.binders.events.type=kafka", "--spring.cloud.stream.default-binder=events",
				OUTPUT_BINDER + "orders"))
			.isEqualTo(PublishConfirmation.RABBIT_PUBLISHER_CONFIRMS);
	}

	@Test
	void anAsynchronousKafkaProducerIsRefusedNamingTheProperty() {
		assertThatIllegalStateException()
			.isThrownBy(() -> confirmation("--spring.cloud.stream.default-binder=kafka",
					"--spring.cloud.stream.kafka.bindings." + StreamBrokerLink.OUTPUT + ".producer.sync=false"))
			.withMessageContaining("spring.cloud.stream.kafka.bindings.ipcUplink-out-0.producer.sync is false");
	}

	@Test
	void withTwoBindersAndNoChoiceSpringCloudStreamsOwnErrorSaysSo() {
		assertThatIllegalStateException().isThrownBy(this::confirmation)
			.withMessageContaining("no default binder has been set");
	}

	private PublishConfirmation confirmation(String... args) {
		List<String> all = new ArrayList<>(List.of("--ipc.uplink.enabled=true", "--ipc.uplink.host-id=h1"));
		all.addAll(List.of(args));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BrokerUplinkKafkaIT.UplinkOnly.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.run(all.toArray(String[]::new));
		this.contexts.add(context);
		return new StreamBrokerLink(context.getBean(StreamBridge.class), context.getBean(BindingService.class),
				context.getBean(BinderFactory.class), context.getBean(BindingServiceProperties.class), "d",
				Duration.ofSeconds(1))
			.confirmation();
	}

}
