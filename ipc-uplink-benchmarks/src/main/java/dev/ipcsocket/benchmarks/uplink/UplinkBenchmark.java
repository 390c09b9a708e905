package dev.ipcsocket.benchmarks.uplink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.ipcsocket.benchmarks.uplink.bus.UplinkPeer;
import dev.ipcsocket.benchmarks.uplink.plain.PlainStreamPeer;

/**
 * Measures, in one run and per broker, the round trip between two simulated hosts through the
 * uplink (one hub per host, {@link UplinkPeer}) beside the same broker used directly by two plain
 * Spring Cloud Stream applications ({@link PlainStreamPeer}), and prints each as a ratio to the
 * plain one. RabbitMQ is the one on 127.0.0.1:5672 ({@code bench.sh uplink} starts it with
 * {@code scripts/rabbitmq.sh}); Kafka is a KRaft broker inside this JVM
 * ({@link EmbeddedKafkaKraftBroker}). Usage: {@code UplinkBenchmark smoke|quick|full [--brokers
 * rabbit,kafka] [--out FILE]}.
 */
public final class UplinkBenchmark {

	private static final Duration PING_TIMEOUT = Duration.ofMinutes(10);

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private final Path work;

	private final PrintWriter log;

	private final int warmup;

	private final int rounds;

	private final List<Map<String, String>> results = new ArrayList<>();

	private UplinkBenchmark(Path work, int warmup, int rounds) throws IOException {
		this.work = work;
		this.log = new PrintWriter(Files.newBufferedWriter(work.resolve("peers.log")), true);
		this.warmup = warmup;
		this.rounds = rounds;
	}

	public static void main(String[] args) throws Exception {
		// the broker in this JVM logs every setting at INFO: keep the harness's output to the figures
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
			.setLevel(ch.qos.logback.classic.Level.WARN);
		String mode = (args.length > 0) ? args[0] : "quick";
		List<String> brokers = List.of("rabbit", "kafka");
		Path out = Path.of("ipc-uplink-benchmarks/target/benchmarks/uplink-results-" + mode + ".md");
		for (int i = 1; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--brokers" -> brokers = List.of(args[i + 1].split(","));
				case "--out" -> out = Path.of(args[i + 1]);
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		int[] plan = switch (mode) {
			case "smoke" -> new int[] { 20, 50 };
			case "quick" -> new int[] { 300, 1000 };
			case "full" -> new int[] { 2000, 10000 };
			default -> throw new IllegalArgumentException("mode is smoke, quick or full, not " + mode);
		};
		Path work = Files.createTempDirectory("ipc-uplink-bench",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		UplinkBenchmark benchmark = new UplinkBenchmark(work, plan[0], plan[1]);
		System.out.printf("Uplink benchmark (%s): %d warm-up and %d measured round trips of 64 bytes per path; "
				+ "peer logs in %s%n", mode, plan[0], plan[1], work.resolve("peers.log"));
		boolean failed = false;
		for (String broker : brokers) {
			failed |= !benchmark.measure(broker);
		}
		String table = benchmark.table(mode);
		System.out.println();
		System.out.println(table);
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, table);
		System.out.println("Written to " + out);
		System.exit(failed ? 1 : 0);
	}

	private boolean measure(String broker) throws Exception {
		EmbeddedKafkaKraftBroker kafka = null;
		List<String> brokerArguments = new ArrayList<>(List.of("--spring.cloud.stream.default-binder=" + broker));
		if ("kafka".equals(broker)) {
			long started = System.nanoTime();
			kafka = new EmbeddedKafkaKraftBroker(1, 1);
			kafka.afterPropertiesSet();
			System.out.printf("Kafka: KRaft broker in this JVM on %s, started in %d ms%n", kafka.getBrokersAsString(),
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
			brokerArguments.add("--spring.cloud.stream.kafka.binder.brokers=" + kafka.getBrokersAsString());
			// Kafka 4 producers wait 5 ms to batch by default: measure the path, not the batching
			brokerArguments.add("--spring.cloud.stream.kafka.binder.producer-properties.linger.ms=0");
		}
		else if ("rabbit".equals(broker)) {
			if (!rabbitAnswers()) {
				System.out.println("RabbitMQ: nothing answers on 127.0.0.1:5672 (scripts/rabbitmq.sh start): failed");
				this.results.add(Map.of("broker", broker, "path", "-", "error", "no RabbitMQ on 127.0.0.1:5672"));
				return false;
			}
			brokerArguments.addAll(List.of("--spring.rabbitmq.host=127.0.0.1", "--spring.rabbitmq.port=5672"));
		}
		else {
			throw new IllegalArgumentException("broker is rabbit or kafka, not " + broker);
		}
		try {
			boolean plain = pair(broker, "plain Spring Cloud Stream", PlainStreamPeer.class,
					plainArguments(broker, "ping"), plainArguments(broker, "pong"), brokerArguments);
			boolean uplink = pair(broker, "ipc uplink, hub to hub", UplinkPeer.class, uplinkArguments(broker, "a"),
					uplinkArguments(broker, "b"), brokerArguments);
			return plain && uplink;
		}
		finally {
			if (kafka != null) {
				kafka.destroy();
			}
			else {
				deleteRabbitLeftovers(broker);
			}
		}
	}

	private List<String> plainArguments(String broker, String role) {
		String ping = "bench-ping-" + broker + "-" + this.run;
		String pong = "bench-pong-" + broker + "-" + this.run;
		return List.of("--spring.cloud.function.definition=receive",
				"--spring.cloud.stream.bindings.receive-in-0.destination=" + ("ping".equals(role) ? pong : ping),
				"--spring.cloud.stream.bindings.receive-in-0.group=bench",
				"--bench.send-to=" + ("ping".equals(role) ? ping : pong));
	}

	private List<String> uplinkArguments(String broker, String host) throws IOException {
		Path directory = Files.createDirectories(this.work.resolve(broker + "-host-" + host));
		return List.of("--ipc.path=" + directory.resolve("app.sock"), "--ipc.uplink.enabled=true",
				"--ipc.uplink.host-id=" + hostId(broker, host), "--ipc.uplink.destination=" + uplinkDestination(broker));
	}

	private String hostId(String broker, String host) {
		return "bench-" + host + "-" + broker + "-" + this.run;
	}

	private String uplinkDestination(String broker) {
		return "ipc-bench-" + broker + "-" + this.run;
	}

	private boolean pair(String broker, String path, Class<?> application, List<String> pingArguments,
			List<String> pongArguments, List<String> brokerArguments) throws Exception {
		String label = broker + " / " + path;
		System.out.printf("%s: starting the pong and the ping JVM...%n", label);
		Process pong = start(label + " pong", application, pongArguments, brokerArguments, "pong");
		Process ping = start(label + " ping", application, pingArguments, brokerArguments, "ping");
		try {
			CompletableFuture<@Nullable String> result = collect(label + " ping", ping);
			CompletableFuture.runAsync(() -> copy(label + " pong", pong));
			String line = result.get(PING_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			Map<String, String> figures = new LinkedHashMap<>();
			figures.put("broker", broker);
			figures.put("path", path);
			if (line == null) {
				figures.put("error", "the ping JVM ended without a result");
			}
			else {
				for (String field : line.substring(RoundTrips.RESULT.length()).trim().split(" ")) {
					int equals = field.indexOf('=');
					figures.put(field.substring(0, equals), field.substring(equals + 1));
				}
			}
			this.results.add(figures);
			System.out.printf("%s: %s%n", label, figures);
			return !figures.containsKey("error");
		}
		catch (java.util.concurrent.TimeoutException ex) {
			this.results.add(Map.of("broker", broker, "path", path, "error", "no result within " + PING_TIMEOUT));
			return false;
		}
		finally {
			ping.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			pong.destroy();
			if (!pong.waitFor(30, TimeUnit.SECONDS)) {
				pong.destroyForcibly();
			}
		}
	}

	private Process start(String label, Class<?> application, List<String> arguments, List<String> brokerArguments,
			String role) throws IOException {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
				"-Xmx512m", "-cp", System.getProperty("java.class.path"), application.getName()));
		command.addAll(arguments);
		command.addAll(brokerArguments);
		command.addAll(List.of("--bench.role=" + role, "--bench.warmup=" + this.warmup, "--bench.rounds=" + this.rounds,
				"--spring.main.banner-mode=off", "--spring.main.web-application-type=none",
				"--spring.main.keep-alive=true", "--logging.level.root=WARN"));
		this.log.printf("[%s] %s%n", label, String.join(" ", command));
		return new ProcessBuilder(command).redirectErrorStream(true).start();
	}

	private CompletableFuture<@Nullable String> collect(String label, Process process) {
		return CompletableFuture.supplyAsync(() -> {
			String result = null;
			try (BufferedReader lines = reader(process)) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					this.log.printf("[%s] %s%n", label, line);
					if (line.startsWith(RoundTrips.RESULT)) {
						result = line;
					}
				}
			}
			catch (IOException ex) {
				this.log.printf("[%s] output ended: %s%n", label, ex);
			}
			return result;
		});
	}

	private void copy(String label, Process process) {
		try (BufferedReader lines = reader(process)) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				this.log.printf("[%s] %s%n", label, line);
			}
		}
		catch (IOException ex) {
			this.log.printf("[%s] output ended: %s%n", label, ex);
		}
	}

	private static BufferedReader reader(Process process) {
		return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	private static boolean rabbitAnswers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", 5672), 2000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Each run declares its own exchanges and durable queues: delete them again. */
	private void deleteRabbitLeftovers(String broker) {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setPort(5672);
		try (Connection connection = factory.newConnection("ipc-uplink-bench");
				Channel channel = connection.createChannel()) {
			String ping = "bench-ping-" + broker + "-" + this.run;
			String pong = "bench-pong-" + broker + "-" + this.run;
			String uplink = uplinkDestination(broker);
			for (String queue : List.of(ping + ".bench", pong + ".bench", uplink + "." + hostId(broker, "a"),
					uplink + "." + hostId(broker, "b"))) {
				channel.queueDelete(queue);
			}
			for (String exchange : List.of(ping, pong, uplink)) {
				channel.exchangeDelete(exchange);
			}
		}
		catch (Exception ex) {
			System.out.println("RabbitMQ: could not delete this run's queues and exchanges: " + ex);
		}
	}

	private String table(String mode) {
		StringBuilder table = new StringBuilder();
		table.append(String.format(Locale.ROOT, "Cross-host round trip, 64 bytes, %s mode (%d measured after %d warm-up), "
				+ "unpinned, one run%n%n", mode, this.rounds, this.warmup));
		table.append("| broker | path | p50 µs | p90 µs | p99 µs | max µs | p50 × plain | p99 × plain |\n");
		table.append("|---|---|---|---|---|---|---|---|\n");
		for (Map<String, String> row : this.results) {
			if (row.containsKey("error")) {
				table.append(String.format("| %s | %s | failed: %s | | | | | |%n", row.get("broker"), row.get("path"),
						row.get("error")));
				continue;
			}
			Map<String, String> plain = this.results.stream()
				.filter((other) -> other.get("broker").equals(row.get("broker")) && other.get("path").startsWith("plain")
						&& !other.containsKey("error"))
				.findFirst()
				.orElse(null);
			table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", row.get("broker"),
					row.get("path"), row.get("p50_us"), row.get("p90_us"), row.get("p99_us"), row.get("max_us"),
					ratio(row, plain, "p50_us"), ratio(row, plain, "p99_us")));
		}
		return table.toString();
	}

	private static String ratio(Map<String, String> row, @Nullable Map<String, String> plain, String key) {
		if (plain == null) {
			return "-";
		}
		return String.format(Locale.ROOT, "%.2f", Double.parseDouble(row.get(key)) / Double.parseDouble(plain.get(key)));
	}

}
