package dev.ipcsocket.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.actuate.IpcSocketMetrics;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link IpcMetricsAutoConfiguration}.
 */
class IpcMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class,
				IpcMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));

	@TempDir
	Path dir;

	private String pathProperty() {
		return "ipc.path=" + this.dir.resolve("app.sock");
	}

	@Test
	void metersAreBoundToTheApplicationsRegistry() {
		this.contextRunner.withPropertyValues(pathProperty()).run((context) -> {
			assertThat(context).hasSingleBean(IpcSocketMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.find("ipc.messages.received").tag("role", "LISTENER").meter() != null);
			assertThat(registry.get("ipc.messages.received")
				.tag("path", this.dir.resolve("app.sock").toString())
				.functionCounter()
				.count()).isZero();
		});
	}

	@Test
	void metricsEnablePropertyTurnsThemOff() {
		this.contextRunner.withPropertyValues(pathProperty(), "management.metrics.enable.ipc=false").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// binding once the role is known registers at once (or finds it done): no race with the role event
			context.getBean(IpcSocketMetrics.class).bindTo(registry);
			assertThat(registry.find("ipc.messages.sent").meter()).isNull();
			assertThat(registry.find("ipc.peers").meter()).isNull();
		});
	}

	@Test
	void backsOffWithoutASocket() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(MeterRegistry.class)
			.doesNotHaveBean(IpcSocketMetrics.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class,
					IpcMetricsAutoConfiguration.class))
			.withPropertyValues(pathProperty())
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(IPCSocket.class)
				.doesNotHaveBean(IpcSocketMetrics.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class,
					IpcMetricsAutoConfiguration.class))
			.withPropertyValues(pathProperty())
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(IPCSocket.class)
				.doesNotHaveBean(IpcSocketMetrics.class));
	}

	@Test
	void backsOffFromUserDefinedMetrics() {
		this.contextRunner.withPropertyValues(pathProperty())
			.withBean("myIpcMetrics", IpcSocketMetrics.class,
					() -> new IpcSocketMetrics(
							new UnixDomainIPCSocket(IpcSocketSettings.of(this.dir.resolve("unused.sock")))))
			.run((context) -> assertThat(context).hasSingleBean(IpcSocketMetrics.class).hasBean("myIpcMetrics"));
	}

}
