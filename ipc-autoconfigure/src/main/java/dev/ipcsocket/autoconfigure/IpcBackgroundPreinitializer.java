package dev.ipcsocket.autoconfigure;

import org.newsclub.net.unix.AFUNIXSocket;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;

/**
 * Loads junixsocket's native library and initializes its socket classes on Spring Boot's
 * background pre-initialization thread, while the context is being prepared, so that the
 * connect-or-listen handshake at lifecycle start does not pay for it (about 250 ms on a cold JVM
 * here). Boot runs it only with more than one CPU and unless
 * {@code spring.backgroundpreinitializer.ignore} is set.
 */
final class IpcBackgroundPreinitializer implements BackgroundPreinitializer {

	@Override
	public void preinitialize() throws Exception {
		if (AFUNIXSocket.isSupported()) {
			AFUNIXSocket.newInstance().close();
		}
	}

}
