package dev.ipcsocket.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link IpcBackgroundPreinitializer}: Spring Boot finds it, and it runs.
 */
class IpcBackgroundPreinitializerTests {

	@Test
	void springBootFindsItAmongTheBackgroundPreinitializers() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(BackgroundPreinitializer.class))
			.hasAtLeastOneElementOfType(IpcBackgroundPreinitializer.class);
	}

	@Test
	void itLoadsJunixsocketWithoutFailing() {
		assertThatNoException().isThrownBy(new IpcBackgroundPreinitializer()::preinitialize);
	}

}
