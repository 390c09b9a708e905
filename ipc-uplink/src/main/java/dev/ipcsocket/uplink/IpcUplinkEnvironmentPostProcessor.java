package dev.ipcsocket.uplink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.ipcsocket.IpcSocketSettings;

/**
 * When {@code ipc.uplink.enabled=true}, adds defaults, below every other property source, for
 * the uplink's two Spring Cloud Stream bindings and their Kafka producer and consumer: the
 * destination and this host's consumer group, raw bytes in and out, a synchronous producer
 * whose sends time out after {@code ipc.uplink.send-timeout}, the sender's qualified id as the
 * record key, and a consumer that reads its partitions without group rebalancing (only one hub
 * per host consumes at a time) from the latest offset the first time; with the RabbitMQ binder on
 * the classpath, publisher confirms, which the sender waits for when that binder binds the output
 * ({@link PublishConfirmation}). Any of them can be set
 * differently with the usual {@code spring.cloud.stream.*} properties.
 */
public final class IpcUplinkEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** Name of the property source this adds. */
	public static final String PROPERTY_SOURCE_NAME = "ipcUplinkDefaults";

	private static final String IN = "spring.cloud.stream.bindings." + StreamBrokerLink.INPUT + ".";

	private static final String OUT = "spring.cloud.stream.bindings." + StreamBrokerLink.OUTPUT + ".";

	private static final String KAFKA_IN = "spring.cloud.stream.kafka.bindings." + StreamBrokerLink.INPUT + ".consumer.";

	private static final String KAFKA_OUT = "spring.cloud.stream.kafka.bindings." + StreamBrokerLink.OUTPUT
			+ ".producer.";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (!binder.bind("ipc.uplink.enabled", Boolean.class).orElse(false)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (!environment.containsProperty("ipc.uplink.host-id")) {
			defaults.put("ipc.uplink.host-id", localHostName());
		}
		defaults.put("ipc.uplink.destination", "ipc-${ipc.application-id:${spring.application.name:"
				+ IpcSocketSettings.DEFAULT_APPLICATION_ID + "}}");
		defaults.put(IN + "destination", "${ipc.uplink.destination}");
		defaults.put(IN + "group", "${ipc.uplink.host-id}");
		defaults.put(IN + "content-type", "application/octet-stream");
		// the handler never throws: a retry would only repeat a record that was counted and logged
		defaults.put(IN + "consumer.max-attempts", "1");
		defaults.put(OUT + "destination", "${ipc.uplink.destination}");
		defaults.put(OUT + "content-type", "application/octet-stream");

		long timeout = binder.bind("ipc.uplink.send-timeout", Duration.class).orElse(Duration.ofSeconds(10)).toMillis();
		// a record is confirmed or failed within the timeout, never dropped later with a log line
		defaults.put(KAFKA_OUT + "sync", "true");
		defaults.put(KAFKA_OUT + "send-timeout-expression", String.valueOf(timeout));
		defaults.put(KAFKA_OUT + "configuration.max.block.ms", String.valueOf(timeout));
		defaults.put(KAFKA_OUT + "configuration.request.timeout.ms", String.valueOf(timeout));
		defaults.put(KAFKA_OUT + "configuration.delivery.timeout.ms", String.valueOf(timeout));
		defaults.put(KAFKA_OUT + "configuration.linger.ms", "0");
		// one sender's records land in one partition, in order
		defaults.put(KAFKA_OUT + "message-key-expression",
				"headers['" + UplinkHeaders.ORIGIN + "'].getBytes('UTF-8')");
		// one consumer per host at a time (the hub): no group rebalancing to wait for after a
		// re-election, the new hub resumes at the committed offsets at once
		defaults.put(KAFKA_IN + "auto-rebalance-enabled", "false");
		defaults.put(KAFKA_IN + "start-offset", "latest");
		if (RabbitPublishConfirms.PRESENT) {
			// RabbitMQ confirms each record; the sender waits for it when the RabbitMQ binder binds
			// the output, whichever other binders are on the classpath (PublishConfirmation)
			defaults.put("spring.rabbitmq.publisher-confirm-type", "correlated");
			defaults.put("spring.cloud.stream.rabbit.bindings." + StreamBrokerLink.OUTPUT + ".producer.use-confirm-header",
					"true");
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	/**
	 * Return the name of this host, the default host id.
	 * @return the host name, or {@code localhost} if it cannot be found
	 */
	static String localHostName() {
		String name;
		try {
			name = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			name = System.getenv().getOrDefault("HOSTNAME", "localhost");
		}
		return name.replace(':', '-');
	}

}
