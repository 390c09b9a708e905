package dev.ipcsocket.sample;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcConnectedEvent;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcDisconnectedEvent;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcRoleDecidedEvent;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.IpcMemberIds;
import dev.ipcsocket.coordination.IpcSecondInstanceEvent;
import dev.ipcsocket.coordination.SiblingLeadership;

/**
 * Sibling chat: every line read on standard input goes to the siblings on {@code ipc.path}; a
 * line {@code @<member-id> text} goes to that member only. Every message from a sibling is
 * printed on standard output, one line each. The role is printed as {@code role=LISTENER} or
 * {@code role=CLIENT} whenever it is decided, with this member's id ({@code id=}, the id others
 * address it by). With {@code --ipc.uplink.enabled=true} and a broker the siblings include the
 * members on other hosts, and the id is {@code host:application:instance}. Logs go to
 * standard error, so standard output carries only what scripts read. {@code /actuator/health}
 * (with the {@code ipc} component) and {@code /actuator/ipc} are served on a random HTTP port,
 * logged at start-up. {@code --sample.stdin=false} leaves standard input alone (tests do, as
 * Surefire talks to its forked JVM over it).
 * <p>
 * A job runs every 500 ms on the sibling that leads the role {@code job} only, and prints
 * {@code job <member-id> <n>} (its n-th run there); kill that sibling and another one takes over.
 * Started with {@code --ipc.single-instance=true} beside a running instance that has it too, it
 * hands its arguments over and exits 0; the running one prints {@code second-instance <args>}.
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

	private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

	private final Environment environment;

	private final SiblingLeadership leadership;

	private final IPCSocket socket;

	private long jobRuns;

	SampleApplication(Environment environment, SiblingLeadership leadership, IPCSocket socket) {
		this.environment = environment;
		this.leadership = leadership;
		this.socket = socket;
	}

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@EventListener
	void onRole(IpcRoleDecidedEvent event) {
		this.out.println("role=" + event.role() + " path=" + event.getPath() + " pid=" + ProcessHandle.current().pid()
				+ " id=" + memberId(event.getSocket()));
	}

	/** The id siblings address this member by: qualified with the host when the uplink is on. */
	private String memberId(IPCSocket socket) {
		if (!this.environment.getProperty("ipc.uplink.enabled", Boolean.class, false)) {
			return socket.instanceId();
		}
		String application = this.environment.getProperty("ipc.application-id",
				this.environment.getProperty("spring.application.name", IpcSocketSettings.DEFAULT_APPLICATION_ID));
		return IpcMemberIds.qualify(this.environment.getRequiredProperty("ipc.uplink.host-id"), application,
				socket.instanceId());
	}

	@Scheduled(fixedRate = 500)
	void job() {
		this.leadership.runIfLeader("job",
				() -> this.out.println("job " + this.socket.instanceId() + " " + ++this.jobRuns));
	}

	@EventListener
	void onSecondInstance(IpcSecondInstanceEvent event) {
		this.out.println("second-instance " + String.join(" ", event.getArgs()));
	}

	@EventListener
	void onMessage(IpcDataEvent event) {
		this.out.println(event.getText());
	}

	@EventListener
	void onConnected(IpcConnectedEvent event) {
		System.err.println("ipc connected " + event.getPeer());
	}

	@EventListener
	void onDisconnected(IpcDisconnectedEvent event) {
		System.err.println("ipc disconnected " + event.getPeer() + (event.isLost() ? " (lost)" : ""));
	}

	@EventListener
	void onError(IpcErrorEvent event) {
		System.err.println("ipc error " + event.getCode() + ": " + event.getException().getMessage());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "sample.stdin", matchIfMissing = true)
	ApplicationRunner standardInputToSiblings(IPCSocket socket) {
		return (ApplicationArguments args) -> {
			Thread reader = new Thread(() -> forwardLines(socket), "sample-stdin");
			reader.setDaemon(true);
			reader.start();
		};
	}

	/**
	 * A line {@code @<member-id> text} goes to that member only, when the id names a member (of
	 * this host, or {@code host:application:instance} on another); any other line, verbatim, to
	 * every sibling.
	 */
	private static void send(IPCSocket socket, String line) {
		int space = line.indexOf(' ');
		String target = (line.startsWith("@") && space > 1) ? line.substring(1, space) : null;
		if (target != null && (target.indexOf(':') >= 0
				|| socket.peers().stream().anyMatch((peer) -> peer.id().equals(target)))) {
			socket.sendTo(target, line.substring(space + 1).getBytes(StandardCharsets.UTF_8));
		}
		else {
			socket.send(line);
		}
	}

	private static void forwardLines(IPCSocket socket) {
		try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				try {
					send(socket, line);
				}
				catch (IpcException ex) {
					System.err.println("not sent: " + ex.getMessage());
				}
			}
		}
		catch (java.io.IOException ex) {
			System.err.println("standard input failed: " + ex.getMessage());
		}
	}

}
