package dev.ipcsocket.benchmarks.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.integration.channel.PublishSubscribeChannel;

import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.messaging.IpcInboundChannelAdapter;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

/**
 * What the starter does with each received 64-byte message after framing, in memory: create the
 * {@link IpcDataEvent}, publish it to a Spring {@code @EventListener}, build the inbound channel's
 * message, and the payload conversions a listener calls.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventPublicationBenchmark {

	private final byte[] payload = new byte[64];

	private final IpcPeer peer = new IpcPeer("listener-1-1", 1, 1000, 1000);

	private Path directory;

	private UnixDomainIPCSocket socket;

	private AnnotationConfigApplicationContext context;

	private IpcInboundChannelAdapter channelAdapter;

	private IpcDataEvent event;

	@Setup
	public void start() throws IOException {
		this.directory = Files.createTempDirectory("ipc-jmh-");
		// never started: events only need its path
		this.socket = new UnixDomainIPCSocket(IpcSocketSettings.of(this.directory.resolve("s.sock")));
		this.context = new AnnotationConfigApplicationContext(Listener.class);
		PublishSubscribeChannel channel = new PublishSubscribeChannel();
		channel.subscribe((message) -> this.context.getBean(Listener.class).received++);
		this.channelAdapter = new IpcInboundChannelAdapter(channel);
		this.event = new IpcDataEvent(this.socket, IpcRole.CLIENT, new IpcMessage(this.peer, "", this.payload), false);
	}

	@TearDown
	public void stop() throws IOException {
		this.context.close();
		this.socket.close();
		Files.deleteIfExists(this.directory);
	}

	@Benchmark
	public IpcDataEvent createDataEvent() {
		return new IpcDataEvent(this.socket, IpcRole.CLIENT, new IpcMessage(this.peer, "", this.payload), false);
	}

	@Benchmark
	public void publishToEventListener() {
		this.context.publishEvent(new IpcDataEvent(this.socket, IpcRole.CLIENT, new IpcMessage(this.peer, "", this.payload), false));
	}

	@Benchmark
	public void inboundChannelAdapter() {
		this.channelAdapter.onEvent(this.event);
	}

	@Benchmark
	public byte[] getPayload() {
		return this.event.getPayload();
	}

	@Benchmark
	public String getText() {
		return this.event.getText();
	}

	@Benchmark
	public void sendStringEncoding(Blackhole blackhole) {
		blackhole.consume("sixty-four bytes of text, as a user would send it, in UTF-8 abcdef".getBytes(StandardCharsets.UTF_8));
	}

	/** A user's listener bean. */
	static class Listener {

		int received;

		@EventListener
		void on(IpcDataEvent event) {
			this.received += event.size();
		}

	}

}
