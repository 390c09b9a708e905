package dev.ipcsocket.autoconfigure;

import org.junit.jupiter.api.Test;

import dev.ipcsocket.IpcSocketSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcProperties}: its defaults are the library's.
 */
class IpcPropertiesTests {

	private final IpcProperties properties = new IpcProperties();

	private final IpcSocketSettings library = IpcSocketSettings.of(java.nio.file.Path.of("app.sock"));

	@Test
	void defaultsMatchTheLibrary() {
		assertThat(this.properties.isEnabled()).isTrue();
		assertThat(this.properties.getMode()).isEqualTo(this.library.mode());
		assertThat(this.properties.getConnectTimeout()).isEqualTo(this.library.connectTimeout());
		assertThat(this.properties.getMaxMessageSize().toBytes()).isEqualTo(this.library.maxMessageSize());
		assertThat(this.properties.isRelay()).isEqualTo(this.library.relay());
		assertThat(this.properties.getDispatchQueueCapacity()).isEqualTo(this.library.dispatchQueueCapacity());
	}

	@Test
	void receiveBufferIsOffByDefaultBecauseSpringApplicationsReadEventsAndChannels() {
		assertThat(this.properties.getReceiveBufferCapacity()).isZero();
		assertThat(this.library.receiveBufferCapacity()).isPositive();
	}

}
