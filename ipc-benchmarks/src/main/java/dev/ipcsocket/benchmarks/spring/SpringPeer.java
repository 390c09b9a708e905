package dev.ipcsocket.benchmarks.spring;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcListenerThread;
import dev.ipcsocket.benchmarks.MessageReactor;
import dev.ipcsocket.messaging.IpcChannels;

/**
 * One running {@link BenchmarkApplication} and the way its user sends: through the
 * {@link IPCSocket} bean ({@code events}) or the outbound channel ({@code channels}).
 *
 * @param context the running context
 * @param port sends one message to the siblings
 * @param runStartedNanos when {@code SpringApplication.run} was called
 */
public record SpringPeer(ConfigurableApplicationContext context, Consumer<byte[]> port, long runStartedNanos)
		implements AutoCloseable {

	/**
	 * Start the application on a path.
	 * @param api {@code events} or {@code channels}
	 * @param listenerThread the value of {@code ipc.listener-thread}
	 * @param path the socket path
	 * @param reactor decides the replies
	 * @return the running peer
	 */
	public static SpringPeer start(String api, IpcListenerThread listenerThread, Path path, MessageReactor reactor) {
		long started = System.nanoTime();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchmarkApplication.class)
			.web(WebApplicationType.NONE)
			.initializers((ctx) -> ctx.getBeanFactory().registerSingleton("messageReactor", reactor))
			.run("--ipc.path=" + path, "--ipc.listener-thread=" + listenerThread.name().toLowerCase(Locale.ROOT),
					"--bench.api=" + api, "--spring.main.banner-mode=off",
					"--logging.level.root=WARN", "--spring.integration.management.default-logging-enabled=false");
		return new SpringPeer(context, portOf(api, context), started);
	}

	private static Consumer<byte[]> portOf(String api, ConfigurableApplicationContext context) {
		if ("channels".equals(api)) {
			MessageChannel outbound = context.getBean(IpcChannels.OUTBOUND, MessageChannel.class);
			return (payload) -> outbound.send(MessageBuilder.withPayload(payload).build());
		}
		IPCSocket socket = context.getBean(IPCSocket.class);
		return socket::send;
	}

	public ElectionClock electionClock() {
		return this.context.getBean(ElectionClock.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
