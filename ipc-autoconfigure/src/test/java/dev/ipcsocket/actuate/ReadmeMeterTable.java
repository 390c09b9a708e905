package dev.ipcsocket.actuate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.ipcsocket.testsupport.ReadmeTables;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table of meters in the README ({@code | meter | type | Prometheus | what |}), checked against
 * the meters a binder registers: the same names, their types, and the series Prometheus shows.
 */
final class ReadmeMeterTable {

	private static final Path README = Path.of("../README.md");

	private final String header;

	/**
	 * A table of the README.
	 * @param header the table's header line
	 */
	ReadmeMeterTable(String header) {
		this.header = header;
	}

	/**
	 * Check that the table lists exactly the binder's meters, each with its type.
	 * @param binder the binder
	 * @return one meter of each row, for the caller to check its tags
	 */
	List<Meter> assertListsEveryMeterOf(MeterBinder binder) throws IOException {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		binder.bindTo(registry);
		List<Row> rows = rows();
		assertThat(rows).extracting(Row::meter)
			.containsExactlyInAnyOrderElementsOf(
					registry.getMeters().stream().map((meter) -> meter.getId().getName()).distinct().toList());
		List<Meter> meters = new ArrayList<>();
		for (Row row : rows) {
			Meter meter = registry.get(row.meter()).meters().iterator().next();
			assertThat(meter).as(row.meter()).isInstanceOf(typeOf(row.type()));
			meters.add(meter);
		}
		return meters;
	}

	/**
	 * Check that Prometheus shows every series the table names.
	 * @param binder the binder
	 */
	void assertNamesThePrometheusSeriesOf(MeterBinder binder) throws IOException {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		binder.bindTo(registry);
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

	private List<Row> rows() throws IOException {
		List<Row> rows = new ArrayList<>();
		for (String[] cells : ReadmeTables.rows(README, this.header)) {
			List<String> prometheus = Arrays.stream(cells[3].split(",")).map(ReadmeTables::code).toList();
			rows.add(new Row(ReadmeTables.code(cells[1]), cells[2].trim(), prometheus));
		}
		assertThat(rows).as("rows of " + this.header + " in " + README).isNotEmpty();
		return rows;
	}

	private record Row(String meter, String type, List<String> prometheus) {

	}

}
