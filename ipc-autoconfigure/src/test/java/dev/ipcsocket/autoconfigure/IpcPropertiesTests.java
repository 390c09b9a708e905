package dev.ipcsocket.autoconfigure;

import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.util.unit.DataSize;

import dev.ipcsocket.IpcListenerThread;
import dev.ipcsocket.IpcMode;
import dev.ipcsocket.IpcSocketSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link IpcProperties}: its defaults are the library's.
 */
class IpcPropertiesTests {

	private final IpcProperties properties = new IpcProperties();

	private final IpcSocketSettings library = IpcSocketSettings.of(java.nio.file.Path.of("app.sock"));

	@Test
	void leadershipHeartbeatIsSpringIntegrationsDefault() {
		assertThat(new IpcLeadershipProperties().getHeartbeat())
			.isEqualTo(Duration.ofMillis(LockRegistryLeaderInitiator.DEFAULT_HEART_BEAT_TIME));
		assertThat(new IpcLeadershipProperties().getRoles()).isEmpty();
		assertThat(this.properties.isSingleInstance()).isFalse();
	}

	@Test
	void defaultsMatchTheLibrary() {
		assertThat(this.properties.isEnabled()).isTrue();
		assertThat(this.properties.getMode()).isEqualTo(this.library.mode());
		assertThat(this.properties.getConnectTimeout()).isEqualTo(this.library.connectTimeout());
		assertThat(this.properties.getMaxMessageSize().toBytes()).isEqualTo(this.library.maxMessageSize());
		assertThat(this.properties.isRelay()).isEqualTo(this.library.relay());
		assertThat(this.properties.getDispatchQueueCapacity()).isEqualTo(this.library.dispatchQueueCapacity());
		assertThat(this.properties.getDispatchQueueSize().toBytes()).isEqualTo(this.library.dispatchQueueBytes())
			.isEqualTo(4 * 1024 * 1024);
		assertThat(this.properties.getListenerThread()).isEqualTo(this.library.listenerThread())
			.isEqualTo(IpcListenerThread.IO);
		assertThat(this.properties.getAllowedUids()).isEmpty();
		assertThat(this.library.allowedUids()).isEmpty();
		assertThat(this.properties.getAllowedGids()).isEmpty();
		assertThat(this.library.allowedGids()).isEmpty();
		assertThat(IpcProperties.socketPermissions(this.properties.getPermissions()))
			.isEqualTo(this.library.permissions())
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(this.properties.getMaxConnections()).isEqualTo(this.library.maxConnections()).isEqualTo(64);
		assertThat(this.properties.getSendTimeout()).isEqualTo(this.library.sendTimeout())
			.isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void permissionsAreReadOctalOrAsLsPrintsThem() {
		assertThat(IpcProperties.socketPermissions("0660")).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
		assertThat(IpcProperties.socketPermissions("666")).isEqualTo(PosixFilePermissions.fromString("rw-rw-rw-"));
		assertThat(IpcProperties.socketPermissions("rw-r-----"))
			.isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
	}

	@Test
	void permissionsThatLockTheOwnerOutOrExecuteAreRefusedNamingTheProperty() {
		assertThatInvalid(() -> IpcProperties.socketPermissions("0400"))
			.returns("ipc.permissions", InvalidConfigurationPropertyValueException::getName)
			.withMessageContaining("must let the owner read and write");
		assertThatInvalid(() -> IpcProperties.socketPermissions("0700"))
			.returns("ipc.permissions", InvalidConfigurationPropertyValueException::getName)
			.withMessageContaining("must have no execute bit");
		assertThatInvalid(() -> IpcProperties.socketPermissions("u+rw"))
			.returns("ipc.permissions", InvalidConfigurationPropertyValueException::getName)
			.withMessageContaining("must be a file mode such as 0600");
	}

	@Test
	void newLimitsAndAllowedIdsReachTheSettings() {
		this.properties.setPath(java.nio.file.Path.of("app.sock"));
		this.properties.setAllowedUids(List.of(1000L, 1001L));
		this.properties.setAllowedGids(List.of(100L));
		this.properties.setPermissions("0660");
		this.properties.setMaxConnections(3);
		this.properties.setSendTimeout(Duration.ofMillis(250));

		IpcSocketSettings settings = this.properties.toSettings("app");

		assertThat(settings.allowedUids()).containsExactlyInAnyOrder(1000L, 1001L);
		assertThat(settings.allowedGids()).containsExactly(100L);
		assertThat(settings.permissions()).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
		assertThat(settings.maxConnections()).isEqualTo(3);
		assertThat(settings.sendTimeout()).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void everyPropertyReachesTheSettings() {
		this.properties.setPath(java.nio.file.Path.of("app.sock"));
		this.properties.setMode(IpcMode.LISTEN);
		this.properties.setConnectTimeout(Duration.ofSeconds(1));
		this.properties.setMaxMessageSize(DataSize.ofKilobytes(2));
		this.properties.setReceiveBufferCapacity(16);
		this.properties.setDispatchQueueCapacity(8);
		this.properties.setRelay(false);
		this.properties.setApplicationId("orders");
		this.properties.setInstanceId("orders-1");
		this.properties.setOutageBufferCapacity(4);
		this.properties.setAllowedUids(List.of(1000L));
		this.properties.setAllowedGids(List.of(100L));
		this.properties.setPermissions("0660");
		this.properties.setMaxConnections(3);
		this.properties.setSendTimeout(Duration.ofMillis(250));
		this.properties.setDispatchQueueSize(DataSize.ofKilobytes(4));
		this.properties.setListenerThread(IpcListenerThread.DISPATCH);

		assertThat(this.properties.toSettings("app")).isEqualTo(IpcSocketSettings
			.builder(java.nio.file.Path.of("app.sock"))
			.mode(IpcMode.LISTEN)
			.connectTimeout(Duration.ofSeconds(1))
			.maxMessageSize(2048)
			.receiveBufferCapacity(16)
			.dispatchQueueCapacity(8)
			.relay(false)
			.applicationId("orders")
			.instanceId("orders-1")
			.outageBufferCapacity(4)
			.allowedUids(Set.of(1000L))
			.allowedGids(Set.of(100L))
			.permissions(PosixFilePermissions.fromString("rw-rw----"))
			.maxConnections(3)
			.sendTimeout(Duration.ofMillis(250))
			.dispatchQueueBytes(4096)
			.listenerThread(IpcListenerThread.DISPATCH)
			.build());
	}

	@Test
	void unsetIdsAreDerivedFromTheDefaultApplicationId() {
		this.properties.setPath(java.nio.file.Path.of("app.sock"));
		this.properties.setInstanceId("");

		IpcSocketSettings settings = this.properties.toSettings("billing");

		assertThat(settings.applicationId()).isEqualTo("billing");
		assertThat(settings.instanceId()).startsWith("billing-").contains("-" + ProcessHandle.current().pid() + "-");
		assertThat(settings).usingRecursiveComparison()
			.ignoringFields("applicationId", "instanceId")
			.isEqualTo(IpcSocketSettings.of(java.nio.file.Path.of("app.sock")));
	}

	@Test
	void invalidLimitsAndIdsFailNamingTheProperty() {
		this.properties.setPath(java.nio.file.Path.of("app.sock"));
		this.properties.setMaxConnections(0);
		assertThatInvalid(() -> this.properties.toSettings("app"))
			.returns("ipc.max-connections", InvalidConfigurationPropertyValueException::getName)
			.withMessageContaining("must be positive");
		this.properties.setMaxConnections(1);
		this.properties.setSendTimeout(Duration.ZERO);
		assertThatInvalid(() -> this.properties.toSettings("app"))
			.returns("ipc.send-timeout", InvalidConfigurationPropertyValueException::getName)
			.withMessageContaining("must be positive");
		this.properties.setSendTimeout(Duration.ofSeconds(1));
		this.properties.setAllowedUids(List.of(-1L));
		assertThatInvalid(() -> this.properties.toSettings("app"))
			.returns("ipc.allowed-uids", InvalidConfigurationPropertyValueException::getName)
			.withMessageContaining("must not be negative");
		this.properties.setAllowedUids(List.of());
		this.properties.setDispatchQueueSize(DataSize.ofBytes(0));
		assertThatInvalid(() -> this.properties.toSettings("app"))
			.returns("ipc.dispatch-queue-size", InvalidConfigurationPropertyValueException::getName)
			.withMessageContaining("must be positive");
	}

	@Test
	void idsWithTheMemberIdSeparatorFailNamingTheProperty() {
		this.properties.setPath(java.nio.file.Path.of("app.sock"));
		// spring.application.name may hold anything: only an id set outright must follow the rule
		assertThat(this.properties.toSettings("orders:eu").applicationId()).isEqualTo("orders-eu");
		this.properties.setApplicationId("orders:eu");
		assertThatInvalid(() -> this.properties.toSettings("app"))
			.returns("ipc.application-id", InvalidConfigurationPropertyValueException::getName);
		this.properties.setApplicationId("orders");
		this.properties.setInstanceId("a:b");
		assertThatInvalid(() -> this.properties.toSettings("app"))
			.returns("ipc.instance-id", InvalidConfigurationPropertyValueException::getName);
	}

	@Test
	void anInvalidValueIsReportedAsWritten() {
		this.properties.setPath(java.nio.file.Path.of("app.sock"));
		this.properties.setConnectTimeout(Duration.ZERO);
		assertThatInvalid(() -> this.properties.toSettings("app",
				(name) -> name.equals("ipc.connect-timeout") ? "0s" : null))
			.returns("0s", InvalidConfigurationPropertyValueException::getValue);
		assertThatInvalid(() -> this.properties.toSettings("app"))
			.returns(Duration.ZERO, InvalidConfigurationPropertyValueException::getValue);
	}

	private static ThrowableAssertAlternative<InvalidConfigurationPropertyValueException> assertThatInvalid(
			ThrowingCallable call) {
		return assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class).isThrownBy(call);
	}

	@Test
	void idsOutsideTheAlphabetFailNamingThePropertyAndTheDefaultApplicationIdIsMadeValid() {
		this.properties.setPath(java.nio.file.Path.of("app.sock"));
		this.properties.setInstanceId("node 1");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> this.properties.toSettings("app"))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("ipc.instance-id"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo("node 1"))
			.withMessageContaining("contains ' ' at index 4")
			.withMessageContaining("1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
		this.properties.setInstanceId(null);
		this.properties.setApplicationId("x".repeat(65));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> this.properties.toSettings("app"))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("ipc.application-id"))
			.withMessageContaining("is 65 characters long");
		this.properties.setApplicationId(null);

		IpcSocketSettings settings = this.properties.toSettings("Order Service");

		assertThat(settings.applicationId()).isEqualTo("Order-Service");
		assertThat(settings.instanceId()).startsWith("Order-Service-")
			.contains("-" + ProcessHandle.current().pid() + "-");
	}

	@Test
	void receiveBufferIsOffByDefaultInSpringAndInTheLibrary() {
		assertThat(this.properties.getReceiveBufferCapacity()).isZero();
		assertThat(this.library.receiveBufferCapacity()).isZero();
	}

}
