package dev.ipcsocket.actuate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ipcsocket.coordination.SiblingLeadership;
import dev.ipcsocket.coordination.SiblingLockRegistry;
import dev.ipcsocket.testsupport.ReadmeTables;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's coordination meters table names exactly the meters {@link IpcCoordinationMetrics}
 * registers, with their types and the series Prometheus shows for them.
 */
class ReadmeCoordinationMetricsTableTests {

	private static final Path README = Path.of("../README.md");

	private static final String TABLE_HEADER = "| coordination meter | type | Prometheus | what |";

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
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		metrics().bindTo(registry);
		List<Row> rows = rows();

		assertThat(rows).extracting(Row::meter)
			.containsExactlyInAnyOrderElementsOf(
					registry.getMeters().stream().map((meter) -> meter.getId().getName()).distinct().toList());
		for (Row row : rows) {
			Meter meter = registry.get(row.meter()).meters().iterator().next();
			assertThat(meter).as(row.meter()).isInstanceOf(typeOf(row.type()));
			assertThat(meter.getId().getTag("directory")).as(row.meter())
				.isEqualTo(this.dir.resolve("locks").toString());
		}
	}

	@Test
	void tableNamesThePrometheusSeries() throws IOException {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		metrics().bindTo(registry);
		Set<String> series = registry.scrape()
			.lines()
			.filter((line) -> !line.startsWith("#"))
			.map((line) -> line.split("[{ ]", 2)[0])
			.collect(Collectors.toSet());

		for (Row row : rows()) {
			assertThat(series).as(row.meter()).containsAll(row.prometheus());
		}
	}

	private static Class<?> typeOf(String type) {
		if (type.startsWith("counter")) {
			return FunctionCounter.class;
		}
		if (type.startsWith("timer")) {
			return FunctionTimer.class;
		}
		assertThat(type).startsWith("gauge");
		return Gauge.class;
	}

	private static List<Row> rows() throws IOException {
		List<Row> rows = new ArrayList<>();
		for (String[] cells : ReadmeTables.rows(README, TABLE_HEADER)) {
			List<String> prometheus = Arrays.stream(cells[3].split(",")).map(ReadmeTables::code).toList();
			rows.add(new Row(ReadmeTables.code(cells[1]), cells[2].trim(), prometheus));
		}
		assertThat(rows).as("coordination metrics rows in " + README).isNotEmpty();
		return rows;
	}

	private record Row(String meter, String type, List<String> prometheus) {

	}

}
