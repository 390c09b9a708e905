package dev.ipcsocket.benchmarks.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.integration.dsl.IntegrationFlow;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.benchmarks.MessageReactor;
import dev.ipcsocket.messaging.IpcChannels;

/**
 * A Spring Boot application whose only IPC configuration is {@code ipc.path}. With
 * {@code bench.api=events} it answers from an {@code @EventListener} through the
 * {@link IPCSocket} bean; with {@code bench.api=channels} from an integration flow between the
 * inbound and outbound channels. The {@link MessageReactor} bean decides the answers.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class BenchmarkApplication {

	@Bean
	ElectionClock electionClock() {
		return new ElectionClock();
	}

	@Bean
	@ConditionalOnProperty(name = "bench.api", havingValue = "events")
	EventListenerReplies eventListenerReplies(MessageReactor reactor, IPCSocket socket) {
		return new EventListenerReplies(reactor, socket);
	}

	@Bean
	@ConditionalOnProperty(name = "bench.api", havingValue = "channels")
	IntegrationFlow channelReplies(MessageReactor reactor) {
		return IntegrationFlow.from(IpcChannels.INBOUND)
			.handle(byte[].class, (payload, headers) -> reactor.onMessage(payload))
			.channel(IpcChannels.OUTBOUND)
			.get();
	}

	/** Answers each message from an {@code @EventListener}, as the README shows. */
	static final class EventListenerReplies {

		private final MessageReactor reactor;

		private final IPCSocket socket;

		EventListenerReplies(MessageReactor reactor, IPCSocket socket) {
			this.reactor = reactor;
			this.socket = socket;
		}

		@EventListener
		void on(IpcDataEvent event) {
			byte[] reply = this.reactor.onMessage(event.getPayload());
			if (reply != null) {
				this.socket.send(reply);
			}
		}

	}

}
