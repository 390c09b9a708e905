package dev.ipcsocket;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link IpcSocketSettings} and its {@link IpcSocketSettings.Builder}.
 */
class IpcSocketSettingsTests {

	private static final Path PATH = Path.of("app.sock");

	@Test
	void builderStartsFromTheDefaultsOfOf() {
		IpcSocketSettings built = IpcSocketSettings.builder(PATH).build();
		IpcSocketSettings of = IpcSocketSettings.of(PATH);
		// each settings without an instance id set draws its own default id
		assertThat(built).usingRecursiveComparison().ignoringFields("instanceId").isEqualTo(of);
		assertThat(built.instanceId()).startsWith("application-")
			.contains("-" + ProcessHandle.current().pid() + "-")
			.isNotEqualTo(of.instanceId());
		assertThat(built.path()).isEqualTo(PATH);
		assertThat(built.mode()).isEqualTo(IpcMode.AUTO);
		assertThat(built.connectTimeout()).isEqualTo(IpcSocketSettings.DEFAULT_CONNECT_TIMEOUT);
		assertThat(built.maxMessageSize()).isEqualTo(IpcSocketSettings.DEFAULT_MAX_MESSAGE_SIZE);
		assertThat(built.receiveBufferCapacity()).isEqualTo(IpcSocketSettings.DEFAULT_RECEIVE_BUFFER_CAPACITY);
		assertThat(built.dispatchQueueCapacity()).isEqualTo(IpcSocketSettings.DEFAULT_DISPATCH_QUEUE_CAPACITY);
		assertThat(built.relay()).isTrue();
		assertThat(built.applicationId()).isEqualTo(IpcSocketSettings.DEFAULT_APPLICATION_ID);
		assertThat(built.outageBufferCapacity()).isEqualTo(IpcSocketSettings.DEFAULT_OUTAGE_BUFFER_CAPACITY);
		assertThat(built.allowedUids()).isEmpty();
		assertThat(built.allowedGids()).isEmpty();
		assertThat(built.permissions()).isEqualTo(IpcSocketSettings.DEFAULT_PERMISSIONS);
		assertThat(built.maxConnections()).isEqualTo(IpcSocketSettings.DEFAULT_MAX_CONNECTIONS);
		assertThat(built.sendTimeout()).isEqualTo(IpcSocketSettings.DEFAULT_SEND_TIMEOUT);
		assertThat(built.dispatchQueueBytes()).isEqualTo(IpcSocketSettings.DEFAULT_DISPATCH_QUEUE_BYTES);
		assertThat(built.listenerThread()).isEqualTo(IpcListenerThread.IO);
		assertThat(built.outageBufferBytes()).isEqualTo(IpcSocketSettings.DEFAULT_OUTAGE_BUFFER_BYTES);
	}

	@Test
	void builderSetsEveryComponent() {
		IpcSocketSettings settings = everythingChanged();
		assertThat(settings).isEqualTo(new IpcSocketSettings(Path.of("other.sock"), IpcMode.CONNECT,
				Duration.ofSeconds(1), 2048, 16, 8, false, "orders", "orders-1", 4, Set.of(1000L), Set.of(100L),
				PosixFilePermissions.fromString("rw-rw----"), 3, Duration.ofMillis(250), 4096,
				IpcListenerThread.DISPATCH, 8192));
	}

	@Test
	void toBuilderRoundTrips() {
		IpcSocketSettings settings = everythingChanged();
		assertThat(settings.toBuilder().build()).isEqualTo(settings);
		IpcSocketSettings defaults = IpcSocketSettings.of(PATH);
		assertThat(defaults.toBuilder().build()).isEqualTo(defaults);
	}

	@Test
	void toBuilderChangesOnlyWhatIsSet() {
		IpcSocketSettings settings = everythingChanged();
		IpcSocketSettings changed = settings.toBuilder().maxConnections(5).instanceId("orders-2").build();
		assertThat(changed.maxConnections()).isEqualTo(5);
		assertThat(changed.instanceId()).isEqualTo("orders-2");
		assertThat(changed).usingRecursiveComparison()
			.ignoringFields("maxConnections", "instanceId")
			.isEqualTo(settings);
		assertThat(settings.maxConnections()).isEqualTo(3);
	}

	@Test
	void buildValidatesWithTheRecordsMessages() {
		assertThatNullPointerException().isThrownBy(() -> builder().mode(null).build())
			.withMessage("mode must not be null");
		assertThatNullPointerException().isThrownBy(() -> builder().instanceId(null).build())
			.withMessage("instanceId must not be null");
		assertThatNullPointerException().isThrownBy(() -> IpcSocketSettings.builder(null).build())
			.withMessage("path must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().connectTimeout(Duration.ZERO).build())
			.withMessage("connectTimeout must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().maxMessageSize(0).build())
			.withMessage("maxMessageSize must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().receiveBufferCapacity(-1).build())
			.withMessage("receiveBufferCapacity must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().applicationId(" ").build())
			.withMessage("applicationId ' ' contains ' ' at index 0; an id is " + IpcMemberIds.RULE);
		assertThatIllegalArgumentException().isThrownBy(() -> builder().instanceId("a:b").build())
			.withMessage("instanceId 'a:b' contains ':' at index 1, which qualifies the ids of members on other hosts; "
					+ "an id is " + IpcMemberIds.RULE);
		assertThatIllegalArgumentException().isThrownBy(() -> builder().instanceId("").build())
			.withMessage("instanceId '' is empty; an id is " + IpcMemberIds.RULE);
		assertThatIllegalArgumentException().isThrownBy(() -> builder().instanceId("x".repeat(65)).build())
			.withMessageContaining("is 65 characters long");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().instanceId("line\nbreak").build())
			.withMessageStartingWith("instanceId 'line\\u000abreak' contains '\\u000a' at index 4");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().allowedGids(Set.of(-1L)).build())
			.withMessage("allowedGids must not be negative");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder().permissions(PosixFilePermissions.fromString("r--------")).build())
			.withMessage("permissions must let the owner read and write the socket");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder().permissions(PosixFilePermissions.fromString("rwx------")).build())
			.withMessage("permissions must have no execute bit");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().sendTimeout(Duration.ofSeconds(-1)).build())
			.withMessage("sendTimeout must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().dispatchQueueBytes(0).build())
			.withMessage("dispatchQueueBytes must be positive");
	}

	@Test
	void anInstanceIdSetIsKeptAndNoneSetDrawsANewOneOnEachBuild() {
		IpcSocketSettings.Builder builder = builder();
		assertThat(builder.build().instanceId()).isNotEqualTo(builder.build().instanceId());
		assertThat(builder.instanceId("orders-1").build().instanceId()).isEqualTo("orders-1");
	}

	private static IpcSocketSettings.Builder builder() {
		return IpcSocketSettings.builder(PATH);
	}

	private static IpcSocketSettings everythingChanged() {
		return IpcSocketSettings.builder(PATH)
			.path(Path.of("other.sock"))
			.mode(IpcMode.CONNECT)
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
			.outageBufferBytes(8192)
			.build();
	}

	@Test
	void defaultInstanceIdsAreValidIdsWhateverTheApplicationIdHolds() {
		String pid = String.valueOf(ProcessHandle.current().pid());

		assertThat(IpcSocketSettings.defaultInstanceId("Order Service/\u00e9"))
			.matches("Order-Service---[A-Za-z0-9._-]+-" + pid + "-[0-9a-f]{4}(-\\d+)?");
		String longest = IpcSocketSettings.defaultInstanceId("a".repeat(100));
		assertThat(longest).hasSizeLessThanOrEqualTo(IpcMemberIds.MAX_LENGTH).contains("-" + pid + "-");
		assertThat(IpcMemberIds.isValid(longest)).isTrue();
	}

}
