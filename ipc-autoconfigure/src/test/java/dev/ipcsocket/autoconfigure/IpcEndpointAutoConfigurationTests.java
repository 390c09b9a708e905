package dev.ipcsocket.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.actuate.IpcEndpoint;
import dev.ipcsocket.socket.UnixDomainIPCSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcEndpointAutoConfiguration}.
 */
class IpcEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class,
				IpcEndpointAutoConfiguration.class));

	@TempDir
	Path dir;

	private String pathProperty() {
		return "ipc.path=" + this.dir.resolve("app.sock");
	}

	@Test
	void exposedEndpointDescribesTheSocket() {
		this.contextRunner.withPropertyValues(pathProperty(), "management.endpoints.web.exposure.include=ipc")
			.run((context) -> {
				assertThat(context).hasSingleBean(IpcEndpoint.class);
				IpcEndpoint.SocketDescriptor descriptor = context.getBean(IpcEndpoint.class).socket();
				assertThat(descriptor.role()).isEqualTo("LISTENER");
				assertThat(descriptor.path()).isEqualTo(this.dir.resolve("app.sock").toString());
			});
	}

	@Test
	void notExposedMeansNoEndpoint() {
		this.contextRunner.withPropertyValues(pathProperty())
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(IPCSocket.class)
				.doesNotHaveBean(IpcEndpoint.class));
	}

	@Test
	void backsOffWithoutASocket() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=ipc")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IpcEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.contextRunner.withPropertyValues(pathProperty(), "management.endpoints.web.exposure.include=ipc")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(IPCSocket.class)
				.doesNotHaveBean(IpcEndpoint.class));
	}

	@Test
	void backsOffFromAUserDefinedEndpoint() {
		this.contextRunner.withPropertyValues(pathProperty(), "management.endpoints.web.exposure.include=ipc")
			.withBean("myIpcEndpoint", IpcEndpoint.class,
					() -> new IpcEndpoint(new UnixDomainIPCSocket(IpcSocketSettings.of(this.dir.resolve("unused.sock")))))
			.run((context) -> assertThat(context).hasSingleBean(IpcEndpoint.class).hasBean("myIpcEndpoint"));
	}

	@Test
	void accessNoneMeansNoEndpoint() {
		this.contextRunner
			.withPropertyValues(pathProperty(), "management.endpoints.web.exposure.include=ipc",
					"management.endpoint.ipc.access=NONE")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IpcEndpoint.class));
	}

}
