package dev.ipcsocket.autoconfigure;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMemberJoinedEvent;
import dev.ipcsocket.IpcMemberLeftEvent;
import dev.ipcsocket.IpcMessage;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcRequestEvent;
import dev.ipcsocket.IpcRoleDecidedEvent;
import dev.ipcsocket.autoconfigure.orders.OrderPlaced;
import dev.ipcsocket.autoconfigure.orders.OrderQuery;
import dev.ipcsocket.autoconfigure.orders.OrderStatus;
import dev.ipcsocket.messaging.IpcListener;
import dev.ipcsocket.messaging.IpcTemplate;

/**
 * A bus member in a JVM of its own, for the multi-JVM tests: a Spring Boot application with
 * auto-configuration and nothing else, configured by its arguments ({@code --ipc.path},
 * {@code --ipc.instance-id}, {@code --ipc.trusted-packages}, ...). It reads commands on stdin and
 * prints one line per fact on stdout; logs go to stderr. Message texts are single words.
 * <p>
 * Printed:
 * <ul>
 * <li>{@code READY <instance id> pid=<pid>} once started; {@code FAILED <code> <message>} if
 * the start failed, after which it exits with status 1</li>
 * <li>{@code ROLE <LISTENER|CLIENT> at=<µs>} on every {@link IpcRoleDecidedEvent}, with the wall
 * clock in microseconds since the epoch, so the test can time a re-election</li>
 * <li>{@code RECV <origin> <broadcast|direct|request> <type|-> <text>} on every
 * {@link IpcDataEvent}</li>
 * <li>{@code TYPED <placed by> OrderPlaced <order id>} when an {@code @EventListener} receives an
 * {@link OrderPlaced}</li>
 * <li>{@code ERROR <code> <undelivered=<text>|-> <message>} on every {@link IpcErrorEvent}</li>
 * <li>{@code JOINED <id>} and {@code LEFT <id> <clean|crash>} on membership events</li>
 * <li>{@code SEND-FAILED <code> <text> <message>} when a send throws</li>
 * </ul>
 * Commands and their answers:
 * <ul>
 * <li>{@code SEND <text>}, {@code SENDTO <id> <text>}: raw messages</li>
 * <li>{@code PUBLISH <order id>}: an {@link OrderPlaced} through {@link IpcTemplate#publish}</li>
 * <li>{@code REQUEST <id> <order id> [<timeout ms>]}: an {@link OrderQuery} through
 * {@link IpcTemplate#sendAndReceive}; answers {@code REPLY <answered by> <order id>} or
 * {@code REQUEST-FAILED <code> <message>}. Every member answers queries from an
 * {@code @EventListener} return value.</li>
 * <li>{@code TRICKLE <prefix> <burst> <count> <interval ms>}: sends {@code <prefix>1} to
 * {@code <prefix><burst>} back to back, then the rest up to {@code <prefix><count>} one every
 * interval, on a thread of its own so that other commands go on; answers
 * {@code TRICKLED <prefix> <count>} after the last</li>
 * <li>{@code PEERS}: answers {@code PEERS <id,id,...>}, sorted</li>
 * <li>{@code SYNC <token>}: answers {@code SYNC <token>} once every command before it is done</li>
 * <li>{@code QUIT}: closes the application (saying goodbye) and exits</li>
 * </ul>
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class BusMemberApplication {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	/** The original stdout, for the protocol alone: logging goes to stderr. */
	private static final PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
			StandardCharsets.UTF_8);

	public static void main(String[] args) throws IOException {
		System.setOut(System.err);
		ConfigurableApplicationContext context;
		try {
			context = new SpringApplicationBuilder(BusMemberApplication.class).web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.run(args);
		}
		catch (RuntimeException ex) {
			IpcException cause = ipcCause(ex);
			protocol.println((cause != null) ? "FAILED " + cause.code() + " " + oneLine(cause.getMessage())
					: "FAILED 0 " + oneLine(String.valueOf(ex)));
			System.exit(1);
			return;
		}
		Member member = context.getBean(Member.class);
		protocol.println("READY " + member.socket.instanceId() + " pid=" + ProcessHandle.current().pid());
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		for (String line = commands.readLine(); line != null && !line.equals("QUIT"); line = commands.readLine()) {
			member.run(line.split(" "));
		}
		context.close();
		System.exit(0);
	}

	@Bean
	Member member(IPCSocket socket, IpcTemplate template) {
		return new Member(socket, template);
	}

	private static @Nullable IpcException ipcCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IpcException ipc) {
				return ipc;
			}
		}
		return null;
	}

	private static String oneLine(@Nullable String text) {
		return String.valueOf(text).replace('\n', ' ');
	}

	/** Prints the events and runs the commands. */
	static final class Member {

		private final IPCSocket socket;

		private final IpcTemplate template;

		private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "member-trickle");
			thread.setDaemon(true);
			return thread;
		});

		Member(IPCSocket socket, IpcTemplate template) {
			this.socket = socket;
			this.template = template;
		}

		@EventListener
		void on(IpcRoleDecidedEvent event) {
			Instant now = Instant.now();
			protocol.println("ROLE " + event.role() + " at=" + (now.getEpochSecond() * 1_000_000 + now.getNano() / 1000));
		}

		@EventListener
		void on(IpcDataEvent event) {
			String kind = (event instanceof IpcRequestEvent) ? "request" : event.isDirect() ? "direct" : "broadcast";
			String type = event.getType().isEmpty() ? "-" : event.getType();
			protocol.println("RECV " + event.getPeer().id() + " " + kind + " " + type + " " + event.getText());
		}

		@EventListener
		void on(OrderPlaced order) {
			protocol.println("TYPED " + order.placedBy() + " OrderPlaced " + order.orderId());
		}

		@IpcListener
		OrderStatus on(OrderQuery query) {
			return new OrderStatus(query.orderId(), this.socket.instanceId());
		}

		@EventListener
		void on(IpcErrorEvent event) {
			IpcMessage undelivered = event.getUndelivered();
			protocol.println("ERROR " + event.getCode() + " "
					+ ((undelivered != null) ? "undelivered=" + undelivered.text() : "-") + " "
					+ oneLine(event.getException().getMessage()));
		}

		@EventListener
		void on(IpcMemberJoinedEvent event) {
			protocol.println("JOINED " + event.getMember().id());
		}

		@EventListener
		void on(IpcMemberLeftEvent event) {
			protocol.println("LEFT " + event.getMember().id() + " " + (event.isClean() ? "clean" : "crash"));
		}

		void run(String[] command) {
			switch (command[0]) {
				case "SEND" -> send(null, command[1]);
				case "SENDTO" -> send(command[1], command[2]);
				case "PUBLISH" -> publish(command[1]);
				case "REQUEST" -> request(command[1], command[2],
						(command.length > 3) ? Duration.ofMillis(Long.parseLong(command[3])) : REQUEST_TIMEOUT);
				case "TRICKLE" -> this.trickler.execute(() -> trickle(command[1], Integer.parseInt(command[2]),
						Integer.parseInt(command[3]), Long.parseLong(command[4]), 1));
				case "PEERS" -> protocol.println("PEERS " + this.socket.peers()
					.stream()
					.map(IpcPeer::id)
					.sorted()
					.collect(Collectors.joining(",")));
				case "SYNC" -> protocol.println("SYNC " + command[1]);
				default -> protocol.println("UNKNOWN " + String.join(" ", command));
			}
		}

		private void send(@Nullable String target, String text) {
			try {
				if (target != null) {
					this.socket.sendTo(target, text.getBytes(StandardCharsets.UTF_8));
				}
				else {
					this.socket.send(text);
				}
			}
			catch (IpcException ex) {
				protocol.println("SEND-FAILED " + ex.code() + " " + text + " " + oneLine(ex.getMessage()));
			}
		}

		private void publish(String orderId) {
			try {
				this.template.publish(new OrderPlaced(orderId, this.socket.instanceId()));
			}
			catch (IpcException ex) {
				protocol.println("SEND-FAILED " + ex.code() + " " + orderId + " " + oneLine(ex.getMessage()));
			}
		}

		private void request(String target, String orderId, Duration timeout) {
			try {
				OrderStatus status = this.template.sendAndReceive(target, new OrderQuery(orderId), OrderStatus.class,
						timeout);
				protocol.println("REPLY " + status.answeredBy() + " " + status.orderId());
			}
			catch (IpcException ex) {
				protocol.println("REQUEST-FAILED " + ex.code() + " " + oneLine(ex.getMessage()));
			}
		}

		private void trickle(String prefix, int burst, int count, long intervalMillis, int next) {
			int last = Math.max(next, Math.min(burst, count));
			for (int i = next; i <= last; i++) {
				send(null, prefix + i);
			}
			if (last < count) {
				this.trickler.schedule(() -> trickle(prefix, burst, count, intervalMillis, last + 1), intervalMillis,
						TimeUnit.MILLISECONDS);
			}
			else {
				protocol.println("TRICKLED " + prefix + " " + count);
			}
		}

	}

}
