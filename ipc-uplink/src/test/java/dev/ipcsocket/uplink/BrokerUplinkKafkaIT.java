package dev.ipcsocket.uplink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.bus.BusFrame;
import dev.ipcsocket.bus.BusFrameCodec;
import dev.ipcsocket.uplink.BrokerUplink.BrokerState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The uplink against a real Kafka broker through the real Spring Cloud Stream Kafka binder, each
 * "host" a Spring application context with its own host id, its hub played by a {@link FakeHub}:
 * what the binding defaults, the synchronous producer, the record key and headers, the
 * subscription made only on {@code start} and the retries while the broker is down add up to.
 * The members' JVMs and sockets are in {@link CrossHostBusIT}.
 */
class BrokerUplinkKafkaIT {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final Path LOGS = Path.of("target", "uplink-logs", "kafka");

	private static BrokerProcess broker;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final AtomicInteger probes = new AtomicInteger();

	@BeforeAll
	static void startBroker() throws IOException {
		broker = BrokerProcess.start(LOGS);
	}

	@AfterAll
	static void stopBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	@AfterEach
	void closeHosts() {
		// no socket here to stop the uplinks as a hub does when it closes
		this.contexts.forEach((context) -> context.getBean(BrokerUplink.class).stop());
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void broadcastsAndDirectMessagesCrossInOrderOnceAndEchoesAreDropped() {
		BrokerUplink a = host("a", "t-cross");
		BrokerUplink b = host("b", "t-cross");
		FakeHub hubA = new FakeHub("app");
		FakeHub hubB = new FakeHub("app");
		a.start(hubA);
		b.start(hubB);
		awaitLink(a, hubB);
		awaitLink(b, hubA);
		int before = hubB.delivered.size();

		List<BusFrame.Data> sent = new ArrayList<>();
		for (int i = 1; i <= 100; i++) {
			sent.add(FakeHub.message("m1", 1000 + i, "", "a" + i));
		}
		sent.add(FakeHub.message("m1", 2000, "b:app:m7", "direct-to-b"));
		sent.add(FakeHub.message("m1", 2001, "c:app:m7", "direct-to-c"));
		sent.add(FakeHub.message("m1", 2002, "b:other:m7", "other-application"));
		sent.forEach(a::send);
		for (int i = 1; i <= 50; i++) {
			b.send(FakeHub.message("m2", 5000 + i, "", "b" + i));
		}

		List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, 100).mapToObj((i) -> "a" + i).toList());
		expected.add("direct-to-b");
		await("b receives a's messages").atMost(WAIT).until(() -> hubB.deliveredTexts().contains("direct-to-b"));
		List<BusFrame.Data> atB = hubB.delivered.subList(before, hubB.delivered.size()).stream()
			.filter((data) -> !FakeHub.text(data).startsWith("probe"))
			.toList();
		assertThat(atB).extracting(FakeHub::text).containsExactlyElementsOf(expected);
		assertThat(atB).allSatisfy((data) -> assertThat(data.origin()).isEqualTo("a:app:m1"));
		assertThat(atB.get(0).target()).isEmpty();
		assertThat(atB.get(100).target()).isEqualTo("m7");
		await("a receives b's messages").atMost(WAIT).until(() -> hubA.deliveredTexts().contains("b50"));
		assertThat(hubA.deliveredTexts()).filteredOn((text) -> text.startsWith("b"))
			.containsExactlyElementsOf(IntStream.rangeClosed(1, 50).mapToObj((i) -> "b" + i).toList());
		assertThat(hubA.deliveredTexts()).noneMatch((text) -> text.startsWith("a") || text.startsWith("direct"));
		// every message handed over is confirmed, in the order handed over
		await().atMost(WAIT).until(() -> hubA.uplinked.containsAll(sent));
		assertThat(hubA.uplinked.stream().filter(sent::contains).toList()).containsExactlyElementsOf(sent);
		await("a drops its own records").atMost(WAIT)
			.until(() -> a.counters().count(UplinkResult.ECHO) >= sent.size());
		await().atMost(WAIT).until(() -> b.counters().count(UplinkResult.IGNORED) >= 2);
		assertThat(b.counters().count(UplinkResult.FAILED)).isZero();
		assertThat(a.state().broker()).isEqualTo(BrokerState.UP);
	}

	@Test
	void whileTheBrokerIsDownMessagesWaitAndFollowInOrderWhenItIsBack() {
		BrokerUplink a = host("a", "t-outage", "--ipc.uplink.send-timeout=2s");
		BrokerUplink b = host("b", "t-outage");
		FakeHub hubA = new FakeHub("app");
		FakeHub hubB = new FakeHub("app");
		a.start(hubA);
		b.start(hubB);
		awaitLink(a, hubB);

		broker.freeze();
		try {
			List<BusFrame.Data> sent = new ArrayList<>();
			long start = System.nanoTime();
			for (int i = 1; i <= 30; i++) {
				BusFrame.Data data = FakeHub.message("m1", 3000 + i, "", "o" + i);
				sent.add(data);
				a.send(data);
			}
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("30 sends while the broker is down")
				.isLessThan(Duration.ofSeconds(1));
			await("a sees the broker down").atMost(WAIT).until(() -> a.state().broker() == BrokerState.DOWN);
			assertThat(a.state().buffered()).isGreaterThan(0);
		}
		finally {
			broker.thaw();
		}
		List<String> expected = IntStream.rangeClosed(1, 30).mapToObj((i) -> "o" + i).toList();
		await("b receives what waited").atMost(WAIT)
			.until(() -> hubB.deliveredTexts().containsAll(expected));
		// a send that timed out may have reached the broker after all: repeats are possible (the
		// members drop them), gaps and reordering are not
		assertThat(hubB.deliveredTexts().stream().filter(expected::contains).distinct().toList())
			.containsExactlyElementsOf(expected);
		await().atMost(WAIT).until(() -> a.state().buffered() == 0 && a.state().broker() == BrokerState.UP);
		assertThat(a.counters().count(UplinkResult.FAILED)).isPositive();
	}

	@Test
	void recordsCarryTheEnvelopeAsPayloadPlainHeadersAndTheSenderAsKey() {
		BrokerUplink a = host("a", "t-record");
		FakeHub hubA = new FakeHub("app");
		a.start(hubA);
		BusFrame.Data data = FakeHub.message("m1", 42, "b:app:m2", "payload");
		a.send(data);
		await().atMost(WAIT).until(() -> hubA.uplinked.contains(data));

		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.assign(List.of(new TopicPartition("t-record", 0)));
			List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
			await().atMost(WAIT).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
				return !records.isEmpty();
			});
			ConsumerRecord<byte[], byte[]> record = records.get(0);
			assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("a:app:m1");
			assertThat(record.value()).isEqualTo(BusFrameCodec.encode(new BusFrame.Data(BusFrame.Kind.MESSAGE,
					"a:app:m1", "b:app:m2", 42, 0, "", "payload".getBytes(StandardCharsets.UTF_8))));
			assertThat(header(record, UplinkHeaders.ORIGIN_HOST)).isEqualTo("a");
			assertThat(header(record, UplinkHeaders.ORIGIN)).isEqualTo("a:app:m1");
			assertThat(header(record, UplinkHeaders.MESSAGE_ID)).isEqualTo("a:app:m1:42");
			assertThat(header(record, UplinkHeaders.HOPS)).isEqualTo("1");
		}
	}

	private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	/** Send probes from one host until the other receives one: both ends are bound and reading. */
	private void awaitLink(BrokerUplink from, FakeHub to) {
		await("a probe crosses").atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
			from.send(FakeHub.message("prober", this.probes.incrementAndGet(), "", "probe"));
			return to.deliveredTexts().contains("probe");
		});
	}

	private BrokerUplink host(String hostId, String destination, String... more) {
		List<String> args = new ArrayList<>(List.of("--ipc.uplink.enabled=true", "--ipc.uplink.host-id=" + hostId,
				"--ipc.uplink.destination=" + destination, "--spring.application.name=app",
				"--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
				// the RabbitMQ binder is on the class path too (UplinkBinderChoiceIT)
				"--spring.cloud.stream.default-binder=kafka"));
		args.addAll(List.of(more));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(UplinkOnly.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.run(args.toArray(String[]::new));
		this.contexts.add(context);
		return context.getBean(BrokerUplink.class);
	}

	/** The uplink and Spring Cloud Stream, with a stand-in for the socket. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class UplinkOnly {

		@Bean
		IPCSocket ipcSocket() {
			IPCSocket socket = mock(IPCSocket.class);
			given(socket.instanceId()).willReturn("hub");
			return socket;
		}

	}

}
