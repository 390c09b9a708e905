package dev.ipcsocket.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link Sockets}, driven by hand through its callbacks.
 */
class SocketsTests {

	private final Sockets sockets = new Sockets();

	@Test
	void closesEverythingInReverseOrderAndDeletesTheDirectory() throws Exception {
		List<String> closed = new ArrayList<>();
		this.sockets.beforeEach(null);
		Path dir = this.sockets.dir();
		this.sockets.closeLater(() -> closed.add("first"));
		UnixDomainIPCSocket listener = this.sockets.start((builder) -> builder.instanceId("listener"));
		UnixDomainIPCSocket client = this.sockets.start(IpcSocketSettings.builder(this.sockets.path())
			.instanceId("client")
			.build());
		this.sockets.closeLater(() -> closed.add("last, client still " + client.role()));
		assertThat(listener.role()).isEqualTo(IpcRole.LISTENER);
		assertThat(client.role()).isEqualTo(IpcRole.CLIENT);

		this.sockets.afterEach(null);

		assertThat(closed).containsExactly("last, client still CLIENT", "first");
		assertThat(client.role()).isNull();
		assertThat(listener.role()).isNull();
		assertThat(dir).doesNotExist();
	}

	@Test
	void keepsClosingPastAFailureAndReportsEveryFailure() throws Exception {
		List<String> closed = new ArrayList<>();
		this.sockets.beforeEach(null);
		this.sockets.closeLater(() -> closed.add("first"));
		this.sockets.closeLater(() -> {
			throw new IOException("second");
		});
		this.sockets.closeLater(() -> {
			throw new IllegalStateException("third");
		});

		assertThatException().isThrownBy(() -> this.sockets.afterEach(null))
			.isInstanceOf(IllegalStateException.class)
			.withMessage("third")
			.satisfies((ex) -> assertThat(ex.getSuppressed()).hasOnlyElementsOfType(IOException.class)
				.extracting(Throwable::getMessage)
				.containsExactly("second"));
		assertThat(closed).containsExactly("first");
	}

	@Test
	void deletesClosedOffDirectoriesAndLinksButNotWhatTheyPointTo(@TempDir Path outside) throws Exception {
		Path kept = Files.writeString(outside.resolve("kept.txt"), "kept");
		this.sockets.beforeEach(null);
		Path dir = this.sockets.dir();
		Path closedOff = Files.createDirectories(this.sockets.path("a/b"));
		Files.writeString(closedOff.resolve("file"), "x");
		Files.setPosixFilePermissions(closedOff, PosixFilePermissions.fromString("---------"));
		Files.createSymbolicLink(this.sockets.path("link"), outside);

		this.sockets.afterEach(null);

		assertThat(dir).doesNotExist();
		assertThat(kept).hasContent("kept");
	}

	@Test
	void eachTestGetsAFreshShortDirectory() throws Exception {
		this.sockets.beforeEach(null);
		Path first = this.sockets.dir();
		assertThat(this.sockets.dir()).isSameAs(first);
		assertThat(this.sockets.path()).isEqualTo(first.resolve("app.sock"));
		assertThat(this.sockets.path().toString()).as("room for longer names under 107 bytes").hasSizeLessThan(60);
		this.sockets.afterEach(null);

		this.sockets.beforeEach(null);
		assertThat(this.sockets.dir()).isNotEqualTo(first).isDirectory();
		this.sockets.afterEach(null);
	}

	@Test
	void directoryOutsideATestIsRefused() {
		assertThatIllegalStateException().isThrownBy(this.sockets::dir).withMessageContaining("@RegisterExtension");
	}

}
