package dev.ipcsocket.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.javacrumbs.shedlock.core.LockProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.leader.event.AbstractLeaderEvent;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.support.SmartLifecycleRoleController;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.actuate.IpcCoordinationHealthDetails;
import dev.ipcsocket.actuate.IpcCoordinationMetrics;
import dev.ipcsocket.coordination.SiblingLeadership;
import dev.ipcsocket.coordination.SiblingLockRegistry;
import dev.ipcsocket.coordination.SiblingShedLockProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link IpcCoordinationAutoConfiguration}.
 */
class IpcCoordinationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class,
				IpcCoordinationAutoConfiguration.class));

	@TempDir
	Path dir;

	private String pathProperty() {
		return "ipc.path=" + this.dir.resolve("app.sock");
	}

	@Test
	void lockRegistryLivesBesideTheSocketAndNeedsNoBus() {
		this.contextRunner.withPropertyValues(pathProperty(), "ipc.enabled=true")
			.withClassLoader(new FilteredClassLoader(org.newsclub.net.unix.AFUNIXSocket.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(IPCSocket.class);
				assertThat(context.getBean(SiblingLockRegistry.class).getDirectory())
					.isEqualTo(this.dir.resolve("app.sock.locks"));
			});
	}

	@Test
	void nothingWithoutAPath() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(SiblingLockRegistry.class)
			.doesNotHaveBean(SiblingLeadership.class));
	}

	@Test
	void nothingWithoutSpringIntegrationsLeaderSupport() {
		this.contextRunner.withPropertyValues(pathProperty())
			.withClassLoader(new FilteredClassLoader(LockRegistryLeaderInitiator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SiblingLockRegistry.class));
	}

	@Test
	void userRegistryReplacesOurs() {
		this.contextRunner.withPropertyValues(pathProperty())
			.withBean("myRegistry", SiblingLockRegistry.class,
					() -> SiblingLockRegistry.inDirectory(this.dir.resolve("mine")))
			.run((context) -> assertThat(context.getBean(SiblingLockRegistry.class).getDirectory())
				.isEqualTo(this.dir.resolve("mine")));
	}

	@Test
	void leaderOfARoleStartsTheLifecyclesOfItsRole() {
		this.contextRunner.withPropertyValues(pathProperty(), "ipc.leadership.roles=job,report")
			.withUserConfiguration(RoleLifecycleConfiguration.class)
			.run((context) -> {
				SiblingLeadership leadership = context.getBean(SiblingLeadership.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> leadership.ledRoles().size() == 2);
				assertThat(leadership.ledRoles()).containsExactly("job", "report");
				assertThat(context.getBean(SiblingLockRegistry.class).heldLocks()).containsExactly("job", "report");
				await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(JobLifecycle.class).isRunning());
				assertThat(context.getBean(GrantRecorder.class).roles).contains("job", "report");
			});
	}

	@Test
	void healthDetailsAndMetersShowRolesLedAndLocksHeld() {
		this.contextRunner.withPropertyValues(pathProperty(), "ipc.leadership.roles=job").run((context) -> {
			SiblingLeadership leadership = context.getBean(SiblingLeadership.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> leadership.isLeader("job"));
			SiblingLockRegistry registry = context.getBean(SiblingLockRegistry.class);
			registry.executeLocked("report", () -> {
				IpcCoordinationHealthDetails health = context.getBean(IpcCoordinationHealthDetails.class);
				assertThat(health.details(context.getBean(IPCSocket.class))).containsEntry("leads", Set.of("job"))
					.containsEntry("locks", Set.of("job", "report"));
			});
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(IpcCoordinationMetrics.class).bindTo(meters);
			assertThat(meters.get("ipc.lock.wait").functionTimer().count()).isGreaterThanOrEqualTo(2);
			assertThat(meters.get("ipc.leadership.changes").functionCounter().count()).isEqualTo(1);
			assertThat(meters.get("ipc.leadership.leads").gauge().value()).isEqualTo(1);
			assertThat(meters.get("ipc.locks.held").gauge().value()).isEqualTo(1);
		});
	}

	@Test
	void shedLockProviderOverTheSiblingLocks() {
		this.contextRunner.withPropertyValues(pathProperty())
			.run((context) -> assertThat(context).hasSingleBean(SiblingShedLockProvider.class));
	}

	@Test
	void noShedLockProviderWithoutShedLock() {
		this.contextRunner.withPropertyValues(pathProperty())
			.withClassLoader(new FilteredClassLoader(LockProvider.class))
			.run((context) -> assertThat(context).hasSingleBean(SiblingLockRegistry.class)
				.doesNotHaveBean(SiblingShedLockProvider.class));
	}

	@Test
	void userShedLockProviderWins() {
		this.contextRunner.withPropertyValues(pathProperty())
			.withBean("myLockProvider", LockProvider.class, () -> (configuration) -> java.util.Optional.empty())
			.run((context) -> assertThat(context).hasSingleBean(LockProvider.class)
				.doesNotHaveBean(SiblingShedLockProvider.class));
	}

	@Test
	void noMetersWithoutMicrometer() {
		this.contextRunner.withPropertyValues(pathProperty())
			.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).hasSingleBean(SiblingLockRegistry.class)
				.doesNotHaveBean(IpcCoordinationMetrics.class));
	}

	@Test
	void blankRoleIsRefused() {
		this.contextRunner.withPropertyValues(pathProperty(), "ipc.leadership.roles[0]= ")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ipc.leadership.roles"));
	}

	@Test
	void heartbeatMustBePositive() {
		this.contextRunner.withPropertyValues(pathProperty(), "ipc.leadership.heartbeat=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ipc.leadership.heartbeat"));
	}

	@Configuration(proxyBeanMethods = false)
	static class RoleLifecycleConfiguration {

		@Bean
		JobLifecycle jobLifecycle(SmartLifecycleRoleController roleController) {
			JobLifecycle lifecycle = new JobLifecycle();
			roleController.addLifecycleToRole("job", lifecycle);
			return lifecycle;
		}

		@Bean
		GrantRecorder grantRecorder() {
			return new GrantRecorder();
		}

	}

	static class GrantRecorder implements ApplicationListener<AbstractLeaderEvent> {

		final List<String> roles = new ArrayList<>();

		@Override
		public synchronized void onApplicationEvent(AbstractLeaderEvent event) {
			if (event instanceof OnGrantedEvent) {
				this.roles.add(event.getRole());
			}
		}

	}

	static class JobLifecycle implements SmartLifecycle {

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public boolean isAutoStartup() {
			return false;
		}

	}

}
