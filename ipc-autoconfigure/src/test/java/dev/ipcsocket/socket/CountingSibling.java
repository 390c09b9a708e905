package dev.ipcsocket.socket;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.core.ConditionTimeoutException;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcSocketSettings;

import static org.awaitility.Awaitility.await;

/**
 * A sibling JVM for {@link NothingLostIT}: one member of the bus that sends numbered messages and
 * writes down, one line per write to a file of its own (so that the lines survive a
 * {@code kill -9}), what it sent, received and got reported back.
 * <p>
 * Arguments: the socket path, its instance id, the directory of the files, the id of the member
 * its direct messages go to, and optionally {@code hold}: its listener then waits, at each
 * message, until the command {@code RELEASE}. Files: {@code <id>.sent} ({@code <id>:<n>} broadcasts and
 * {@code <id>:d:<n>} direct messages, once {@code send} returned), {@code <id>.received} (the
 * texts of the messages received, in order), {@code <id>.reported} (the texts of messages its
 * error events carried back, or whose {@code send} threw). Commands on stdin, one line each:
 * {@code SEND <interval ms> <every nth a direct message>} starts sending ,
 * {@code BURST <n>} sends n broadcasts back to back and prints {@code BURST <n>}, {@code STOP} stops and
 * prints {@code STOPPED <broadcasts> <direct>}, {@code PEERS <n>} prints {@code PEERS} once it sees
 * n peers; the end of stdin closes the socket. It prints {@code STARTED role=<role>} first.
 */
final class CountingSibling {

	private final IPCSocket socket;

	private final OutputStream sent;

	private final OutputStream received;

	private final OutputStream reported;

	private final String id;

	private final String directTarget;

	private final AtomicBoolean sending = new AtomicBoolean();

	private volatile Thread sender;

	private int broadcasts;

	private int directs;

	/** With the argument {@code hold}: its listeners wait, each message, until {@code RELEASE}. */
	private final CountDownLatch release = new CountDownLatch(1);

	private CountingSibling(Path path, String id, Path dir, String directTarget, boolean hold) throws IOException {
		this.id = id;
		this.directTarget = directTarget;
		this.sent = new FileOutputStream(dir.resolve(id + ".sent").toFile());
		this.received = new FileOutputStream(dir.resolve(id + ".received").toFile());
		this.reported = new FileOutputStream(dir.resolve(id + ".reported").toFile());
		this.socket = new UnixDomainIPCSocket(IpcSocketSettings.builder(path).instanceId(id).build());
		this.socket.addListener((event) -> {
			if (event instanceof IpcDataEvent data) {
				if (hold) {
					awaitRelease();
				}
				write(this.received, data.getText());
			}
			else if (event instanceof IpcErrorEvent error && error.getUndelivered() != null) {
				write(this.reported, error.getUndelivered().text());
			}
		});
	}

	public static void main(String[] args) throws IOException {
		PrintStream protocol = System.out;
		// logging writes to System.out; keep stdout for the protocol alone
		System.setOut(System.err);
		CountingSibling member = new CountingSibling(Path.of(args[0]), args[1], Path.of(args[2]), args[3],
				args.length > 4 && args[4].equals("hold"));
		protocol.println("STARTED role=" + member.socket.start());
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		for (String line = commands.readLine(); line != null; line = commands.readLine()) {
			String[] command = line.split(" ");
			switch (command[0]) {
				case "SEND" -> member.startSending(Long.parseLong(command[1]), Integer.parseInt(command[2]));
				case "STOP" -> protocol.println("STOPPED " + member.stopSending());
				case "RELEASE" -> member.release.countDown();
				case "BURST" -> {
					int count = Integer.parseInt(command[1]);
					for (int i = 1; i <= count; i++) {
						member.socket.send(member.id + ":" + i);
						write(member.sent, member.id + ":" + i);
					}
					protocol.println("BURST " + count);
				}
				case "PEERS" -> {
					int expected = Integer.parseInt(command[1]);
					try {
						await().atMost(Duration.ofSeconds(20))
							.pollInterval(Duration.ofMillis(10))
							.until(() -> member.socket.peers().size() >= expected);
					}
					catch (ConditionTimeoutException ex) {
						// report what we saw; the test judges it
					}
					protocol.println("PEERS " + member.socket.peers().size());
				}
				default -> protocol.println("UNKNOWN " + line);
			}
		}
		member.socket.close();
		System.exit(0);
	}

	private void awaitRelease() {
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void startSending(long intervalMillis, int directEvery) {
		this.sending.set(true);
		this.sender = new Thread(() -> {
			while (this.sending.get()) {
				boolean direct = directEvery > 0 && (this.broadcasts + this.directs + 1) % directEvery == 0;
				String text = direct ? this.id + ":d:" + (this.directs + 1) : this.id + ":" + (this.broadcasts + 1);
				try {
					if (direct) {
						this.socket.sendTo(this.directTarget, text.getBytes(StandardCharsets.UTF_8));
						this.directs++;
					}
					else {
						this.socket.send(text);
						this.broadcasts++;
					}
					write(this.sent, text);
				}
				catch (IpcException ex) {
					// refused at once: reported to the sender, which is what counts
					write(this.reported, text);
					if (direct) {
						this.directs++;
					}
					else {
						this.broadcasts++;
					}
				}
				try {
					TimeUnit.MILLISECONDS.sleep(intervalMillis);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "counting-sender");
		this.sender.start();
	}

	private String stopSending() {
		this.sending.set(false);
		try {
			this.sender.join(Duration.ofSeconds(10).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.broadcasts + " " + this.directs;
	}

	private static void write(OutputStream file, String line) {
		try {
			synchronized (file) {
				file.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
