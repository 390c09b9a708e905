package dev.ipcsocket.socket;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code close()} that lands while a re-election is finishing ends it quietly. Found by the
 * benchmarks' re-election trials, which close both survivors as soon as they are connected again:
 * once in 30 rounds the re-election thread died of a {@code TaskRejectedException}, having
 * checked that the socket was open just before {@code close()} stopped its scheduler.
 */
@ExtendWith(OutputCaptureExtension.class)
class CloseDuringReelectionTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String SOCKET = "close-race.sock";

	@TempDir
	Path dir;

	@Test
	void closeBetweenTheReelectionsDecisionAndItsFollowUpLeavesNoExceptionBehind(CapturedOutput output) {
		Path path = this.dir.resolve(SOCKET);
		UnixDomainIPCSocket listener = new UnixDomainIPCSocket(IpcSocketSettings.of(path));
		UnixDomainIPCSocket client = new UnixDomainIPCSocket(IpcSocketSettings.of(path));
		AtomicBoolean closedInTheWindow = new AtomicBoolean();
		// the "re-elected as" line is logged after the re-election has checked that the socket is
		// open and before it schedules its follow-up flush: close() runs to its end right there
		AppenderBase<ILoggingEvent> closeOnReelected = new AppenderBase<>() {

			@Override
			protected void append(ILoggingEvent event) {
				if (event.getFormattedMessage().contains("re-elected as")) {
					Thread closer = new Thread(client::close, "closer");
					closer.start();
					try {
						closer.join(WAIT.toMillis());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					closedInTheWindow.set(!closer.isAlive());
				}
			}

		};
		Logger logger = (Logger) LoggerFactory.getLogger("dev.ipcsocket.bus.Reelection");
		Level level = logger.getLevel();
		closeOnReelected.start();
		logger.setLevel(Level.INFO);
		logger.addAppender(closeOnReelected);
		try {
			listener.start();
			assertThat(client.start()).isEqualTo(IpcRole.CLIENT);

			listener.close();

			await().atMost(WAIT).untilTrue(closedInTheWindow);
			await().atMost(WAIT).until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.noneMatch((thread) -> thread.getName().equals("ipc-reelect-" + SOCKET)));
		}
		finally {
			logger.detachAppender(closeOnReelected);
			logger.setLevel(level);
			client.close();
			listener.close();
		}
		assertThat(client.role()).isNull();
		assertThat(output).doesNotContain("Exception in thread \"ipc-reelect-" + SOCKET + "\"");
	}

}
