package dev.ipcsocket.transport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link UnixServerConnectionFactory}.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class UnixServerConnectionFactoryTests {

	@TempDir
	Path dir;

	/**
	 * Spring Integration closes the server socket and only then marks the factory inactive; an
	 * accept thread woken by the close in between saw an active factory without a socket and
	 * logged "Error on ServerSocket" (about 1 stop in 1,000 here). The factory must be inactive
	 * by the time its server socket closes.
	 */
	@Test
	void isInactiveWhenItsServerSocketCloses() throws IOException {
		AtomicReference<Boolean> runningAtClose = new AtomicReference<>();
		UnixServerConnectionFactory[] factory = new UnixServerConnectionFactory[1];
		AFUNIXServerSocket unix = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(this.dir.resolve("server.sock")));
		// junixsocket's server socket is final: a plain one in front of it notes the moment of closing
		ServerSocket server = new ServerSocket() {

			@Override
			public Socket accept() throws IOException {
				return unix.accept();
			}

			@Override
			public boolean isClosed() {
				return unix.isClosed();
			}

			@Override
			public void close() throws IOException {
				runningAtClose.compareAndSet(null, factory[0].isRunning());
				unix.close();
				super.close();
			}

		};
		factory[0] = new UnixServerConnectionFactory(server, (connection) -> {
		});
		factory[0].setTcpNetConnectionSupport(new UnixConnectionSupport("client-"));
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("factory-test-");
		factory[0].setTaskExecutor(executor);
		factory[0].registerListener((message) -> {
		});
		factory[0].setApplicationEventPublisher((event) -> {
		});
		SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
		factory[0].setTaskScheduler(scheduler);
		factory[0].start();
		await().atMost(Duration.ofSeconds(10)).until(factory[0]::isListening);

		factory[0].stop();

		scheduler.close();
		assertThat(runningAtClose.get()).isFalse();
	}

}
