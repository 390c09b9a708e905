package dev.ipcsocket.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationContextException;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcFailureAnalyzer}.
 */
class IpcFailureAnalyzerTests {

	private final IpcFailureAnalyzer analyzer = new IpcFailureAnalyzer();

	private FailureAnalysis analyze(IpcError error, String message) {
		FailureAnalysis analysis = this.analyzer.analyze(new ApplicationContextException(
				"Failed to start bean 'ipcSocketLifecycle'", new IpcException(error, message)));
		assertThat(analysis).isNotNull();
		return analysis;
	}

	@Test
	void nobodyListeningSaysToStartTheListenerOrUseAutoMode() {
		FailureAnalysis analysis = analyze(IpcError.NAME_RESOLUTION_ERROR, "nobody listens on /run/app.sock");

		assertThat(analysis.getDescription()).contains("NAME_RESOLUTION_ERROR(103)").contains("/run/app.sock");
		assertThat(analysis.getAction()).contains("ipc.mode=auto");
	}

	@Test
	void unusablePathSaysHowToChooseOne() {
		FailureAnalysis analysis = analyze(IpcError.INVALID_PORT_ERROR, "path /x is 131 bytes");

		assertThat(analysis.getDescription()).contains("INVALID_PORT_ERROR(107)");
		assertThat(analysis.getAction()).contains("107 bytes").contains("0700");
	}

	@Test
	void somebodyElseListeningSaysWhatToChange() {
		assertThat(analyze(IpcError.ADDRESS_IN_USE_ERROR, "another process holds the lock").getAction())
			.contains("ipc.mode=auto")
			.contains("ipc.path");
	}

	@Test
	void otherFailuresPointToTroubleshooting() {
		assertThat(analyze(IpcError.OPEN_DRIVER_ERROR, "cannot bind").getAction()).contains("troubleshooting");
	}

	@Test
	void ignoresFailuresOfOtherKinds() {
		assertThat(this.analyzer.analyze(new IllegalStateException("not ours"))).isNull();
	}

}
