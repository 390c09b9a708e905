package dev.ipcsocket.uplink;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.ipcsocket.bus.BusFrame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both binders, Kafka and RabbitMQ, on one class path as in any multi-binder application: the
 * uplink waits for the confirmation of the binder Spring Cloud Stream binds its output to, chosen
 * by the default binder or by the binding's own {@code binder} property, each in turn. Kafka is a
 * real broker in a JVM of its own; RabbitMQ the one {@code scripts/rabbitmq.sh start} runs (its
 * tests skip without it, unless {@code IPC_REQUIRE_RABBITMQ=1}).
 */
class UplinkBinderChoiceIT {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final Path LOGS = Path.of("target", "uplink-logs", "binder-choice");

	private static BrokerProcess kafka;

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final List<String> rabbitDestinations = new ArrayList<>();

	private final AtomicInteger probes = new AtomicInteger();

	@BeforeAll
	static void startKafka() throws IOException {
		kafka = BrokerProcess.start(LOGS);
	}

	@AfterAll
	static void stopKafka() {
		if (kafka != null) {
			kafka.close();
		}
	}

	@AfterEach
	void closeHosts() throws IOException, TimeoutException {
		// no socket here to stop the uplinks as a hub does when it closes
		this.contexts.forEach((context) -> context.getBean(BrokerUplink.class).stop());
		this.contexts.forEach(ConfigurableApplicationContext::close);
		for (String destination : this.rabbitDestinations) {
			LocalRabbitMq.delete(destination, destination + "." + hostId("a"), destination + "." + hostId("b"));
		}
	}

	@Test
	void kafkaAsTheDefaultBinderConfirmsThroughKafka() {
		crossesAndIsConfirmed("t-default-kafka-" + this.run, "--spring.cloud.stream.default-binder=kafka");
	}

	@Test
	void kafkaNamedOnTheBindingsWinsOverARabbitDefault() {
		crossesAndIsConfirmed("t-binding-kafka-" + this.run, "--spring.cloud.stream.default-binder=rabbit",
				"--spring.cloud.stream.bindings." + StreamBrokerLink.INPUT + ".binder=kafka",
				"--spring.cloud.stream.bindings." + StreamBrokerLink.OUTPUT + ".binder=kafka");
	}

	@Test
	void rabbitAsTheDefaultBinderConfirmsThroughPublisherConfirms() {
		LocalRabbitMq.assumeRunning();
		crossesAndIsConfirmed(rabbitDestination("default-rabbit"), "--spring.cloud.stream.default-binder=rabbit");
	}

	@Test
	void rabbitNamedOnTheBindingsWinsOverAKafkaDefault() {
		LocalRabbitMq.assumeRunning();
		crossesAndIsConfirmed(rabbitDestination("binding-rabbit"), "--spring.cloud.stream.default-binder=kafka",
				"--spring.cloud.stream.bindings." + StreamBrokerLink.INPUT + ".binder=rabbit",
				"--spring.cloud.stream.bindings." + StreamBrokerLink.OUTPUT + ".binder=rabbit");
	}

	@Test
	void throughRabbitARecordWithoutAPublisherConfirmIsNotCountedAsSent() {
		LocalRabbitMq.assumeRunning();
		BrokerUplink a = host("a", rabbitDestination("no-confirms"), "--spring.cloud.stream.default-binder=kafka",
				"--spring.cloud.stream.bindings." + StreamBrokerLink.OUTPUT + ".binder=rabbit",
				"--spring.rabbitmq.publisher-confirm-type=none");
		FakeHub hubA = new FakeHub("app");
		a.start(hubA);
		BusFrame.Data data = FakeHub.message("m1", 1, "", "unconfirmed");
		a.send(data);

		await("the send times out waiting for RabbitMQ's confirm").atMost(WAIT)
			.until(() -> a.counters().count(UplinkResult.FAILED) >= 2);
		assertThat(hubA.uplinked).doesNotContain(data);
	}

	/** A probe crosses from a to b and back, then ten messages from a, each confirmed in order. */
	private void crossesAndIsConfirmed(String destination, String... binders) {
		BrokerUplink a = host("a", destination, binders);
		BrokerUplink b = host("b", destination, binders);
		FakeHub hubA = new FakeHub("app");
		FakeHub hubB = new FakeHub("app");
		a.start(hubA);
		b.start(hubB);
		awaitLink(a, hubB);
		awaitLink(b, hubA);

		List<BusFrame.Data> sent = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			sent.add(FakeHub.message("m1", 1000 + i, "", "a" + i));
		}
		sent.forEach(a::send);

		await("b receives a's messages").atMost(WAIT).until(() -> hubB.deliveredTexts().contains("a10"));
		assertThat(hubB.deliveredTexts()).filteredOn((text) -> text.matches("a\\d+"))
			.containsExactly("a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10");
		await("a's messages are confirmed").atMost(WAIT).until(() -> hubA.uplinked.containsAll(sent));
		assertThat(hubA.uplinked.stream().filter(sent::contains).toList()).containsExactlyElementsOf(sent);
	}

	/** Send probes from one host until the other receives one: both ends are bound and reading. */
	private void awaitLink(BrokerUplink from, FakeHub to) {
		await("a probe crosses").atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
			from.send(FakeHub.message("prober", this.probes.incrementAndGet(), "", "probe"));
			return to.deliveredTexts().contains("probe");
		});
	}

	private String rabbitDestination(String name) {
		String destination = "ipc-it-" + name + "-" + this.run;
		this.rabbitDestinations.add(destination);
		return destination;
	}

	private String hostId(String host) {
		return host + "-" + this.run;
	}

	private BrokerUplink host(String host, String destination, String... more) {
		List<String> args = new ArrayList<>(List.of("--ipc.uplink.enabled=true", "--ipc.uplink.host-id=" + hostId(host),
				"--ipc.uplink.destination=" + destination, "--spring.application.name=app",
				"--ipc.uplink.send-timeout=2s", "--spring.cloud.stream.kafka.binder.brokers=" + kafka.bootstrapServers(),
				"--spring.rabbitmq.host=" + LocalRabbitMq.HOST, "--spring.rabbitmq.port=" + LocalRabbitMq.PORT));
		args.addAll(List.of(more));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BrokerUplinkKafkaIT.UplinkOnly.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.run(args.toArray(String[]::new));
		this.contexts.add(context);
		return context.getBean(BrokerUplink.class);
	}

}
