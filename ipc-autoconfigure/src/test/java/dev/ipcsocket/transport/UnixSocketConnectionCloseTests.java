package dev.ipcsocket.transport;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link UnixSocketConnection#close()} with a read or a write blocked in the socket on
 * another thread: close returns only once that thread has left junixsocket, so the descriptor it
 * closes cannot be reused by the next socket while the old reader or writer still uses its number
 * (which let an old reader take a new connection's handshake answer). Repeated, because a close
 * without the wait returns before the woken thread has left most of the time, not every time
 * (without it: 5 of 20 reads and 16 of 20 writes failed here).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UnixSocketConnectionCloseTests {

	private static final String NATIVE_SOCKET = "org.newsclub.net.unix.NativeUnixSocket";

	@RegisterExtension
	final Sockets sockets = new Sockets();

	private AFUNIXSocket peer;

	private UnixSocketConnection connection;

	@BeforeEach
	void connect() throws IOException {
		AFUNIXSocketAddress address = AFUNIXSocketAddress.of(this.sockets.path("close.sock"));
		AFUNIXServerSocket server = this.sockets.closeLater(AFUNIXServerSocket.bindOn(address));
		AFUNIXSocket client = this.sockets.closeLater(AFUNIXSocket.connectTo(address));
		this.peer = this.sockets.closeLater(server.accept());
		this.connection = new UnixSocketConnection(client, false, (event) -> {
		}, "close-test", new IpcPeer("peer", 1, 0, 0));
		this.connection.setMapper(new PayloadMapper());
		this.connection.setSerializer(new FrameSerializer(new LengthHeaderFramer(1024 * 1024)));
	}

	@RepeatedTest(40)
	void closeReturnsOnlyAfterABlockedReadHasLeftTheSocket() throws Exception {
		InputStream input = this.connection.inputStream();
		Thread reader = start("blocked-reader", () -> input.read());
		awaitInsideTheSocket(reader);

		this.connection.close();

		assertThat(insideTheSocket(reader)).as("the reader is still inside junixsocket after close").isFalse();
		assertThatException().isThrownBy(input::read);
		reader.join();
	}

	@RepeatedTest(20)
	void closeReturnsOnlyAfterABlockedWriteHasLeftTheSocket() throws Exception {
		// the peer reads nothing: a frame larger than the socket buffers blocks its writer
		byte[] large = new byte[8 * 1024 * 1024 / 2];
		Thread writer = start("blocked-writer", () -> this.connection.send(new byte[0], large));
		awaitInsideTheSocket(writer);

		this.connection.close();

		assertThat(insideTheSocket(writer)).as("the writer is still inside junixsocket after close").isFalse();
		assertThatException().isThrownBy(() -> this.connection.send(new byte[0], new byte[] { 1 }));
		writer.join();
	}

	private static Thread start(String name, Blocking task) {
		Thread thread = new Thread(() -> {
			try {
				task.run();
			}
			catch (Exception ex) {
				// the close ends it: that is the point
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static void awaitInsideTheSocket(Thread thread) {
		await().atMost(Duration.ofSeconds(10)).until(() -> insideTheSocket(thread)
				&& thread.getState() == Thread.State.RUNNABLE);
	}

	private static boolean insideTheSocket(Thread thread) {
		return Arrays.stream(thread.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().equals(NATIVE_SOCKET));
	}

	@FunctionalInterface
	private interface Blocking {

		void run() throws Exception;

	}

}
