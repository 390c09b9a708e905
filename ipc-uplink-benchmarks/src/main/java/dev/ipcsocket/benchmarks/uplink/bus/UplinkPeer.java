package dev.ipcsocket.benchmarks.uplink.bus;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.benchmarks.uplink.PingPongPeer;
import dev.ipcsocket.benchmarks.uplink.RoundTrips;

/**
 * The same ping/pong as a user of the bus writes it, one host each: {@link IPCSocket#send}
 * broadcasts, an {@code @EventListener} receives. Started with {@code ipc.uplink.enabled=true},
 * a host id of its own and the only member of its socket path, so it is its host's hub and the
 * messages cross through its uplink.
 */
@SpringBootApplication
public class UplinkPeer {

	public static void main(String[] args) {
		PingPongPeer.run(UplinkPeer.class, (context) -> context.getBean(IPCSocket.class)::send, args);
	}

	@Bean
	RoundTrips roundTrips(@Value("${bench.payload:64}") int payloadSize) {
		return new RoundTrips(payloadSize);
	}

	@Bean
	Responder responder(RoundTrips roundTrips, IPCSocket socket) {
		return new Responder(roundTrips, socket);
	}

	static final class Responder {

		private final RoundTrips roundTrips;

		private final IPCSocket socket;

		Responder(RoundTrips roundTrips, IPCSocket socket) {
			this.roundTrips = roundTrips;
			this.socket = socket;
		}

		@EventListener
		void on(IpcDataEvent event) {
			this.roundTrips.received(event.getPayload(), this.socket::send);
		}

	}

}
