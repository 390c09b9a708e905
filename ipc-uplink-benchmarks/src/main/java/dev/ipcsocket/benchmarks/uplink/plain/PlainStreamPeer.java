package dev.ipcsocket.benchmarks.uplink.plain;

import java.util.function.Consumer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;

import dev.ipcsocket.benchmarks.uplink.PingPongPeer;
import dev.ipcsocket.benchmarks.uplink.RoundTrips;

/**
 * The obvious Spring Cloud Stream ping/pong: a {@code Consumer<Message<byte[]>>} bound to the
 * destination it listens on ({@code receive-in-0}) and {@link StreamBridge} to the other one
 * ({@code bench.send-to}). No IPC socket.
 */
@SpringBootApplication
public class PlainStreamPeer {

	public static void main(String[] args) {
		PingPongPeer.run(PlainStreamPeer.class, (context) -> {
			StreamBridge bridge = context.getBean(StreamBridge.class);
			String destination = context.getEnvironment().getRequiredProperty("bench.send-to");
			return (payload) -> bridge.send(destination, payload);
		}, args);
	}

	@Bean
	RoundTrips roundTrips(@Value("${bench.payload:64}") int payloadSize) {
		return new RoundTrips(payloadSize);
	}

	@Bean
	Consumer<Message<byte[]>> receive(RoundTrips roundTrips, StreamBridge bridge,
			@Value("${bench.send-to}") String destination) {
		return (message) -> roundTrips.received(message.getPayload(), (reply) -> bridge.send(destination, reply));
	}

}
