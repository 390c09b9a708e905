package dev.ipcsocket.actuate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.coordination.SiblingLeadership;
import dev.ipcsocket.coordination.SiblingLockRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's coordination meters table names exactly the meters {@link IpcCoordinationMetrics}
 * registers, with their types and the series Prometheus shows for them.
 */
class ReadmeCoordinationMetricsTableTests {

	private static final ReadmeMeterTable TABLE = new ReadmeMeterTable(
			"| coordination meter | type | Prometheus | what |");

	@TempDir
	Path dir;

	private IpcCoordinationMetrics metrics() {
		SiblingLockRegistry locks = SiblingLockRegistry.inDirectory(this.dir.resolve("locks"));
		return new IpcCoordinationMetrics(locks,
				new SiblingLeadership(locks, "me", List.of("job"), Duration.ofMillis(100), (event) -> {
				}));
	}

	@Test
	void tableListsEveryMeterWithItsType() throws IOException {
		for (Meter meter : TABLE.assertListsEveryMeterOf(metrics())) {
			assertThat(meter.getId().getTag("directory")).as(meter.getId().getName())
				.isEqualTo(this.dir.resolve("locks").toString());
		}
	}

	@Test
	void tableNamesThePrometheusSeries() throws IOException {
		TABLE.assertNamesThePrometheusSeriesOf(metrics());
	}

}
