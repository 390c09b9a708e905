package dev.ipcsocket.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMemberLeftEvent;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What a client written from docs/PROTOCOL.md alone found: instance ids outside the documented
 * alphabet, peer strings in the log, bad bytes before the Hello, and the payload limit, all with
 * real sockets.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class ProtocolHardeningTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	final Sockets sockets = new Sockets();

	private final RecordedEvents events = new RecordedEvents();

	private Path path() {
		return this.sockets.path();
	}

	private IPCSocket listener(IpcSocketSettings settings) {
		IPCSocket socket = this.sockets.open(settings);
		socket.addListener(this.events);
		socket.start();
		return socket;
	}

	private IPCSocket listener() {
		return listener(IpcSocketSettings.builder(path()).instanceId("hub").build());
	}

	private <T extends AutoCloseable> T closeLater(T resource) {
		return this.sockets.closeLater(resource);
	}

	private List<IpcErrorEvent> errors() {
		return this.events.errors();
	}

	private IpcErrorEvent awaitError(String messagePart) {
		return this.events.awaitError(messagePart, WAIT);
	}

	/** Say Hello with this instance id and return the reason of the Refuse that answers it. */
	private static String refusalOf(Path path, String instanceId) throws IOException {
		try (RawClient client = RawClient.connect(path)) {
			client.writeFrame(RawClient.hello("application", 1, instanceId));
			ByteBuffer refuse = ByteBuffer.wrap(client.readFrame());
			assertThat(refuse.get(1)).as("frame type Refuse").isEqualTo((byte) 3);
			String reason = new String(refuse.array(), 4, refuse.getShort(2), StandardCharsets.UTF_8);
			assertThat(client.drainUntilClosed()).isTrue();
			return reason;
		}
	}

	@Test
	void emptyInstanceIdIsRefusedAsEmpty() throws IOException {
		listener();

		assertThat(refusalOf(path(), "")).contains("instance id '' is empty", "1 to 64 characters of A-Z")
			.doesNotContain("already a member");
		assertThat(awaitError("is empty").getCode()).isEqualTo(105);
	}

	@Test
	void instanceIdOfThreeThousandBytesIsRefusedAndNotEchoedWhole() throws IOException {
		listener();
		String id = "x".repeat(3000);

		String reason = refusalOf(path(), id);

		assertThat(reason).contains("is 3000 characters long", "1 to 64 characters").doesNotContain(id);
		assertThat(awaitError("3000 characters long").getException().getMessage()).doesNotContain(id);
	}

	@Test
	void instanceIdsOfTheDocumentedAlphabetUpToSixtyFourCharactersJoin() throws IOException {
		IPCSocket listener = listener();
		String longest = "A-z_0.9".repeat(9) + "x";
		closeLater(RawClient.join(path(), longest));
		closeLater(RawClient.join(path(), "py-1.worker_2"));

		await().atMost(WAIT).until(() -> listener.peers().size() == 2);
		assertThat(longest).hasSize(64);
		assertThat(refusalOf(path(), longest + "y")).contains("is 65 characters long");
		assertThat(refusalOf(path(), "a:b")).contains("contains ':' at index 1", "qualifies the ids");
		assertThat(refusalOf(path(), "caf\u00e9")).contains("'caf\\u00e9' contains '\\u00e9' at index 3");
	}

	@Test
	void instanceIdWithANewlineOrAnEscapeIsRefusedAndNeverReachesTheLogRaw(CapturedOutput output) throws IOException {
		listener();
		String forged = "evil\nINFO forged line\u001b[2J";

		String reason = refusalOf(path(), forged);

		assertThat(reason).contains("'evil\\u000aINFO forged line\\u001b[2J' contains '\\u000a' at index 4");
		awaitError("evil\\u000aINFO forged line");
		assertThat(output.getAll()).contains("evil\\u000aINFO forged line").doesNotContain("\nINFO forged line")
			.doesNotContain("\u001b[2J");
	}

	@Test
	void oversizedLengthBeforeTheHelloIsReportedAndLogged(CapturedOutput output) throws IOException {
		IPCSocket listener = listener();
		RawClient member = closeLater(RawClient.join(path(), "member"));

		try (RawClient bad = RawClient.connect(path())) {
			bad.writeRaw(new byte[] { 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF });

			IpcErrorEvent error = awaitError("2147483647 bytes");
			assertThat(error.getCode()).isEqualTo(108);
			assertThat(error.getException()).hasMessageContaining("before its Hello");
			assertThat(error.getPeer().pid()).isEqualTo(ProcessHandle.current().pid());
			assertThat(bad.drainUntilClosed()).isTrue();
		}
		assertThat(output.getAll()).contains("OUT_OF_MEMORY_ERROR(108): reading from client-");
		member.writeFrame(RawClient.message("member", 1, "still served".getBytes(StandardCharsets.UTF_8)));
		await().atMost(WAIT).until(() -> listener.statistics().messagesReceived() == 1);
	}

	@Test
	void aMebibyteOfRandomBytesBeforeTheHelloIsReported() throws IOException {
		listener();
		byte[] junk = new byte[1024 * 1024];
		new Random(21).nextBytes(junk);

		try (RawClient bad = RawClient.connect(path())) {
			try {
				bad.writeRaw(junk);
			}
			catch (IOException closedByTheListener) {
				// the first four bytes announce more than the maximum: expected
			}
			assertThat(bad.drainUntilClosed()).isTrue();
		}
		assertThat(awaitError("before its Hello").getCode()).isEqualTo(108);
	}

	@Test
	void aFloodOfBadClientsIsReportedInFullButLoggedAtTenLinesASecond(CapturedOutput output) throws IOException {
		listener();
		int clients = 100;

		for (int i = 0; i < clients; i++) {
			try (RawClient bad = RawClient.connect(path())) {
				bad.writeRaw(new byte[] { 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF });
				bad.drainUntilClosed();
			}
		}

		await().atMost(WAIT).failFast(() -> errors().size() > clients).until(() -> errors().size() == clients);
		assertThat(errors()).allSatisfy((error) -> assertThat(error.getCode()).isEqualTo(108));
		await().atMost(WAIT).until(() -> logged(output, "OUT_OF_MEMORY_ERROR(108)") + leftOut(output) == clients);
		assertThat(logged(output, "OUT_OF_MEMORY_ERROR(108)")).isLessThan(clients);
		assertThat(output.getAll()).contains("(at most 10 lines a second); the error events and the error counters have every one");
	}

	@Test
	void aReceivedPayloadIsAdmittedUpToTheMaxMessageSizeExactly() throws IOException {
		int max = 64 * 1024;
		IPCSocket listener = listener(IpcSocketSettings.builder(path()).instanceId("hub").maxMessageSize(max)
			.receiveBufferCapacity(16).build());
		RawClient other = closeLater(RawClient.join(path(), "other"));
		RawClient sender = closeLater(RawClient.join(path(), "sender"));
		await().atMost(WAIT).until(() -> listener.peers().size() == 2);

		byte[] atTheLimit = payload(max);
		sender.writeFrame(RawClient.message("sender", 1, atTheLimit));
		assertThat(listener.receive(WAIT).payload()).isEqualTo(atTheLimit);
		assertThat(other.readData()).isEqualTo(atTheLimit);

		sender.writeFrame(RawClient.message("sender", 2, payload(max + 1)));
		IpcErrorEvent error = awaitError("ipc.max-message-size allows " + max);
		assertThat(error.getCode()).isEqualTo(108);
		assertThat(error.getException()).hasMessageContaining("a message of " + (max + 1) + " bytes");
		assertThat(error.getPeer().id()).isEqualTo("sender");
		assertThat(sender.drainUntilClosed()).isTrue();
		await().atMost(WAIT).until(() -> listener.peers().size() == 1);

		RawClient last = closeLater(RawClient.join(path(), "last"));
		// what the frame limit let through before: the limit and all but 34 bytes of the envelope's room
		last.writeFrame(RawClient.message("last", 1, payload(max + 4062)));
		await().atMost(WAIT).until(() -> errors().size() == 2);
		assertThat(errors().get(1).getCode()).isEqualTo(108);
		assertThat(listener.receive(Duration.ofMillis(200))).isNull();
		assertThat(listener.statistics().messagesReceived()).isEqualTo(1);
	}

	@Test
	void aLocalSendIsRefusedAboveTheMaxMessageSizeAndAClientRefusesABiggerMessageFromItsListener() {
		int max = 64 * 1024;
		IPCSocket listener = listener(IpcSocketSettings.builder(path()).instanceId("hub").maxMessageSize(2 * max).build());
		List<IpcEvent> clientEvents = new CopyOnWriteArrayList<>();
		IPCSocket client = closeLater(new UnixDomainIPCSocket(IpcSocketSettings.builder(path()).instanceId("small")
			.maxMessageSize(max).receiveBufferCapacity(16).build()));
		client.addListener(clientEvents::add);
		client.start();
		await().atMost(WAIT).until(() -> listener.peers().size() == 1);

		byte[] atTheLimit = payload(max);
		client.send(atTheLimit);
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(payload(max + 1)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(108))
			.withMessageContaining("ipc.max-message-size allows " + max);
		listener.send(atTheLimit);
		assertThat(client.receive(WAIT).payload()).isEqualTo(atTheLimit);

		listener.send(payload(max + 1));
		await().atMost(WAIT).until(() -> clientEvents.stream()
			.anyMatch((event) -> event instanceof IpcErrorEvent error && error.getCode() == 108
					&& error.getException().getMessage().contains("a message of " + (max + 1) + " bytes")));
		assertThat(client.receive(Duration.ofMillis(200))).isNull();
	}

	@Test
	void aTypeTooLongForTheEnvelopeIsRefusedAtTheSender() {
		listener();
		IPCSocket client = closeLater(new UnixDomainIPCSocket(IpcSocketSettings.builder(path()).instanceId("client").build()));
		client.start();

		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> client.send(null, "t".repeat(5000), new byte[1]))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(108))
			.withMessageContaining("at most 4096 are allowed");
	}

	@Test
	void aNewClientGetsNoJoinedForItselfAndNothingAfterItsOwnByeIsRead() throws IOException {
		IPCSocket listener = listener(IpcSocketSettings.builder(path()).instanceId("hub").receiveBufferCapacity(16).build());
		RawClient first = closeLater(RawClient.join(path(), "first"));
		RawClient second = closeLater(RawClient.join(path(), "second"));
		await().atMost(WAIT).until(() -> listener.peers().size() == 2);

		listener.send("after the welcome");
		byte[] next = second.readFrame();
		assertThat(next[1]).as("frame type Data, not a Joined for itself").isEqualTo(RawClient.DATA);
		assertThat(first.readFrame()[1]).as("frame type Joined for the second").isEqualTo((byte) 4);

		// Bye and a Data frame behind it in one write: the listener closes at the Bye and reads no further
		byte[] bye = RawClient.bye();
		byte[] late = RawClient.message("first", 1, "after my bye".getBytes(StandardCharsets.UTF_8));
		first.writeRaw(ByteBuffer.allocate(8 + bye.length + late.length)
			.putInt(bye.length)
			.put(bye)
			.putInt(late.length)
			.put(late)
			.array());
		assertThat(first.drainUntilClosed()).as("the listener closes the connection after the Bye").isTrue();
		await().atMost(WAIT).until(() -> listener.peers().size() == 1);
		assertThat(this.events.all()).filteredOn(IpcMemberLeftEvent.class::isInstance)
			.singleElement()
			.satisfies((left) -> assertThat(((IpcMemberLeftEvent) left).isClean()).isTrue());
		listener.send("after the leave");
		assertThat(second.readData()).asString(StandardCharsets.UTF_8).isEqualTo("after the leave");
		assertThat(listener.receive(Duration.ZERO)).as("nothing from after the Bye").isNull();
	}

	private static byte[] payload(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	private static int logged(CapturedOutput output, String part) {
		return (int) output.getAll().lines().filter((line) -> line.contains(part)).count();
	}

	/** The lines left out, as the summary lines count them. */
	private static int leftOut(CapturedOutput output) {
		Matcher matcher = Pattern.compile("(\\d+) more errors? (was|were) not logged").matcher(output.getAll());
		int sum = 0;
		while (matcher.find()) {
			sum += Integer.parseInt(matcher.group(1));
		}
		return sum;
	}

}
