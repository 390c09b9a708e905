package dev.ipcsocket.socket;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcMode;
import dev.ipcsocket.IpcPeer;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.bus.BusFrame;
import dev.ipcsocket.bus.BusFrameCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message whose sender this member does not know (it arrives before the sender's Joined, or
 * from another host) is delivered with a peer whose credentials are explicitly unknown, never
 * with invented ones (pid 0, uid 0 reads as root). The listener here is the test itself, speaking
 * the protocol over a real socket, so that the order of frames is exactly the one in question.
 */
class UnknownSenderTests {

	@TempDir
	Path dir;

	@Test
	void messageBeforeTheSendersJoinedHasUnknownCredentials() throws IOException {
		Path path = this.dir.resolve("app.sock");
		try (ServerSocketChannel hub = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			hub.bind(UnixDomainSocketAddress.of(path));
			IPCSocket client = new UnixDomainIPCSocket(IpcSocketSettings.builder(path)
				.applicationId("application")
				.instanceId("client")
				.mode(IpcMode.CONNECT)
				.build());
			Queue<IpcDataEvent> received = new ConcurrentLinkedQueue<>();
			client.addListener((event) -> {
				if (event instanceof IpcDataEvent data) {
					received.add(data);
				}
			});
			Thread starter = new Thread(client::start, "starter");
			starter.start();
			try (client; RawClient link = RawClient.accepted(hub.accept())) {
				link.readFrame();
				IpcPeer self = new IpcPeer("hub", ProcessHandle.current().pid(), 0, 0);
				link.writeFrame(BusFrameCodec.encode(new BusFrame.Welcome(List.of(self))));
				link.writeFrame(RawClient.message("late-joiner", 1, "hi".getBytes(StandardCharsets.UTF_8)));

				await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
				IpcPeer sender = received.peek().getPeer();
				assertThat(sender.id()).isEqualTo("late-joiner");
				assertThat(sender.credentialsKnown()).isFalse();
				assertThat(sender.processId()).isEmpty();
				assertThat(sender.userId()).isEmpty();
				assertThat(sender.groupId()).isEmpty();
				assertThat(client.peers()).extracting(IpcPeer::id).containsExactly("hub");
				assertThat(client.peers()).allMatch(IpcPeer::credentialsKnown);
			}
		}
	}

}
