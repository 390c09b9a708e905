package dev.ipcsocket.autoconfigure;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.actuate.IpcHealthDetailsContributor;
import dev.ipcsocket.actuate.IpcHealthIndicator;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcHealthContributorAutoConfiguration}.
 */
class IpcHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class,
				IpcHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class));

	@TempDir
	Path dir;

	private String pathProperty() {
		return "ipc.path=" + this.dir.resolve("app.sock");
	}

	@Test
	void registersAnIpcHealthComponentThatIsUpOnceListening() {
		this.contextRunner.withPropertyValues(pathProperty()).run((context) -> {
			assertThat(context).hasSingleBean(IpcHealthIndicator.class);
			HealthContributor contributor = context.getBean(HealthContributorRegistry.class).getContributor("ipc");
			assertThat(contributor).isInstanceOf(IpcHealthIndicator.class);
			Health health = ((HealthIndicator) contributor).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("role", "LISTENER");
		});
	}

	@Test
	void backsOffWithoutASocket() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(IpcHealthIndicator.class)
			.doesNotHaveBean("ipcHealthContributor"));
	}

	@Test
	void backsOffWithoutTheHealthModule() {
		this.contextRunner.withPropertyValues(pathProperty())
			.withClassLoader(new FilteredClassLoader(HealthContributor.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(IPCSocket.class)
				.doesNotHaveBean("ipcHealthContributor"));
	}

	@Test
	void detailsContributorsAddToTheIpcComponent() {
		this.contextRunner.withPropertyValues(pathProperty())
			.withBean(IpcHealthDetailsContributor.class,
					() -> (socket) -> Map.of("uplink", Map.of("hostId", "a", "of", socket.path().getFileName().toString())))
			.run((context) -> assertThat(
					((HealthIndicator) context.getBean(HealthContributorRegistry.class).getContributor("ipc")).health()
						.getDetails())
				.containsEntry("uplink", Map.of("hostId", "a", "of", "app.sock"))
				.containsEntry("role", "LISTENER"));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues(pathProperty(), "management.health.ipc.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("ipcHealthContributor"));
	}

	@Test
	void backsOffFromAUserDefinedIpcHealthIndicator() {
		this.contextRunner.withPropertyValues(pathProperty())
			.withBean("ipcHealthIndicator", HealthIndicator.class, () -> () -> Health.outOfService().build())
			.run((context) -> {
				assertThat(context).doesNotHaveBean("ipcHealthContributor").doesNotHaveBean(IpcHealthIndicator.class);
				assertThat(((HealthIndicator) context.getBean(HealthContributorRegistry.class).getContributor("ipc"))
					.health()
					.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			});
	}

	@Test
	void severalSocketsGiveOneComponentPerSocket() {
		this.contextRunner
			.withBean("first", IPCSocket.class,
					() -> new UnixDomainIPCSocket(IpcSocketSettings.of(this.dir.resolve("first.sock"))))
			.withBean("second", IPCSocket.class,
					() -> new UnixDomainIPCSocket(IpcSocketSettings.of(this.dir.resolve("second.sock"))))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(IpcHealthIndicator.class);
				assertThat(context.getBean(HealthContributorRegistry.class).getContributor("ipc"))
					.isInstanceOf(org.springframework.boot.health.contributor.CompositeHealthContributor.class);
			});
	}

}
