package dev.ipcsocket.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Lowers to WARN, as defaults that any {@code logging.level.*} setting of the application
 * overrides, the loggers whose INFO lines a start and a stop of the IPC socket would otherwise
 * add to its one role line and its one "left the bus" line: Spring Integration's set-up of its
 * default beans and channel subscriptions, and its connection factories' lines about a TCP
 * port that a Unix socket does not have (logged under the names of our factory classes).
 * Warnings and errors of these loggers still show.
 */
final class IpcLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** The loggers whose level this sets, unless the application sets it. */
	static final List<String> QUIET_LOGGERS = List.of("dev.ipcsocket.transport.UnixServerConnectionFactory",
			"dev.ipcsocket.transport.UnixClientConnectionFactory",
			"org.springframework.integration.config.DefaultConfiguringBeanFactoryPostProcessor",
			"org.springframework.integration.endpoint.EventDrivenConsumer",
			"org.springframework.integration.channel.DirectChannel",
			"org.springframework.integration.channel.PublishSubscribeChannel");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> levels = new LinkedHashMap<>();
		for (String logger : QUIET_LOGGERS) {
			String property = "logging.level." + logger;
			if (!environment.containsProperty(property)) {
				levels.put(property, "warn");
			}
		}
		if (!levels.isEmpty()) {
			DefaultPropertiesPropertySource.addOrMerge(levels, environment.getPropertySources());
		}
	}

}
