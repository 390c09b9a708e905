package dev.ipcsocket.socket;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A broadcast with nobody to receive it, on real sockets: the first instance greets an empty bus
 * without failing, and learns how many members a broadcast reached; a direct message to a member
 * that is not there stays an error.
 */
class EmptyBusTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path dir;

	private final List<IPCSocket> sockets = new ArrayList<>();

	@AfterEach
	void closeSockets() {
		Collections.reverse(this.sockets);
		this.sockets.forEach(IPCSocket::close);
	}

	@Test
	void firstInstanceGreetsAnEmptyBusWithoutAnError() {
		IPCSocket first = socket("first");
		Queue<IpcErrorEvent> errors = errorsOf(first);
		assertThat(first.start()).isEqualTo(IpcRole.LISTENER);

		first.send("hello, anybody?");
		int reached = first.broadcast("", bytes("hello again"));

		assertThat(reached).isZero();
		assertThat(first.lastErrorCode()).isZero();
		assertThat(first.statistics().errors().values()).allMatch((count) -> count == 0);
		assertThat(first.statistics().messagesSent()).isZero();
		assertThat(errors).isEmpty();
	}

	@Test
	void broadcastTellsHowManyMembersItWasSentTo() {
		IPCSocket listener = socket("listener");
		listener.start();
		IPCSocket client = socket("client");
		Queue<String> heardByClient = textsOf(client);
		Queue<String> heardByListener = textsOf(listener);
		Queue<IpcErrorEvent> listenerErrors = errorsOf(listener);
		Queue<IpcErrorEvent> clientErrors = errorsOf(client);
		client.start();
		await().atMost(WAIT).until(() -> listener.peers().size() == 1);

		assertThat(listener.broadcast("", bytes("from the listener"))).isEqualTo(1);
		// the client's only other member is the listener, which has nobody to relay it to
		assertThat(client.broadcast("", bytes("from the client"))).isEqualTo(1);

		await().atMost(WAIT).until(() -> heardByClient.contains("from the listener")
				&& heardByListener.contains("from the client"));
		assertThat(listenerErrors).isEmpty();
		assertThat(clientErrors).isEmpty();
	}

	@Test
	void directMessageToAnAbsentMemberStaysAnError() {
		IPCSocket first = socket("first");
		first.start();

		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> first.sendTo("nobody", bytes("hi")))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(IpcError.NAME_RESOLUTION_ERROR))
			.withMessageContaining("'nobody'");
		assertThat(first.lastErrorCode()).isEqualTo(IpcError.NAME_RESOLUTION_ERROR.code());
	}

	private IPCSocket socket(String id) {
		IPCSocket socket = new UnixDomainIPCSocket(
				IpcSocketSettings.builder(this.dir.resolve("app.sock")).instanceId(id).build());
		this.sockets.add(socket);
		return socket;
	}

	private static Queue<IpcErrorEvent> errorsOf(IPCSocket socket) {
		Queue<IpcErrorEvent> errors = new ConcurrentLinkedQueue<>();
		socket.addListener((event) -> {
			if (event instanceof IpcErrorEvent error) {
				errors.add(error);
			}
		});
		return errors;
	}

	private static Queue<String> textsOf(IPCSocket socket) {
		Queue<String> texts = new ConcurrentLinkedQueue<>();
		socket.addListener((event) -> {
			if (event instanceof IpcDataEvent data) {
				texts.add(new String(data.getPayload(), StandardCharsets.UTF_8));
			}
		});
		return texts;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
