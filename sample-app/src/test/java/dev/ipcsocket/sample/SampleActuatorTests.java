package dev.ipcsocket.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ipcsocket.test.IpcTestPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's actuator over HTTP: {@code /actuator/health} has an {@code ipc} component that is
 * up with the role (and no broker component while the uplink is off), {@code /actuator/ipc}
 * lists the connected siblings, and the {@code ipc.*} meters are published.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.stdin=false", "spring.main.web-application-type=servlet" })
class SampleActuatorTests {

	@TempDir
	static Path dir;

	@DynamicPropertySource
	static void ipc(DynamicPropertyRegistry registry) {
		registry.add("ipc.path", () -> dir.resolve("app.sock").toString());
	}

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private DocumentContext get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + " answered " + response.body()).isEqualTo(200);
		return JsonPath.parse(response.body());
	}

	@Test
	void healthHasAnIpcComponentThatIsUpAsTheListener() throws Exception {
		DocumentContext health = get("/actuator/health");

		assertThat(health.read("$.status", String.class)).isEqualTo("UP");
		assertThat(health.read("$.components.ipc.status", String.class)).isEqualTo("UP");
		assertThat(health.read("$.components.ipc.details.role", String.class)).isEqualTo("LISTENER");
		assertThat(health.read("$.components.ipc.details.path", String.class))
			.isEqualTo(dir.resolve("app.sock").toString());
	}

	@Test
	void healthChecksNoBrokerWhileTheUplinkIsOff() throws Exception {
		// the RabbitMQ binder is on the classpath; without the uplink nothing may try the broker
		DocumentContext health = get("/actuator/health");

		assertThat(health.read("$.components", Map.class)).containsKey("ipc").doesNotContainKeys("rabbit", "binders");
	}

	@Test
	void ipcEndpointListsAConnectedSiblingAndTheCounters() throws Exception {
		try (IpcTestPeer sibling = IpcTestPeer.connect(dir.resolve("app.sock"), "ipc-sample")) {
			sibling.send("hello");
			await().until(() -> get("/actuator/ipc").read("$.statistics.messagesReceived", Long.class) >= 1);

			DocumentContext ipc = get("/actuator/ipc");

			assertThat(ipc.read("$.role", String.class)).isEqualTo("LISTENER");
			assertThat(ipc.read("$.peers[*].pid", long[].class)).contains(ProcessHandle.current().pid());
			assertThat(ipc.read("$.statistics.bytesReceived", Long.class)).isGreaterThanOrEqualTo(5);
			assertThat(ipc.read("$.statistics.connectionsOpened", Long.class)).isGreaterThanOrEqualTo(1);
		}
	}

	@Test
	void ipcMetersArePublishedTaggedWithRoleAndPath() throws Exception {
		// registered once the role event has been dispatched
		await().untilAsserted(() -> get("/actuator/metrics/ipc.messages.sent"));
		DocumentContext sent = get("/actuator/metrics/ipc.messages.sent");

		assertThat(sent.read("$.availableTags[?(@.tag == 'role')].values[*]", String[].class))
			.containsExactly("LISTENER");
		assertThat(sent.read("$.availableTags[?(@.tag == 'path')].values[*]", String[].class))
			.containsExactly(dir.resolve("app.sock").toString());
		assertThat(get("/actuator/metrics/ipc.errors?tag=code:103").read("$.measurements[0].value", Double.class))
			.isZero();
	}

}
