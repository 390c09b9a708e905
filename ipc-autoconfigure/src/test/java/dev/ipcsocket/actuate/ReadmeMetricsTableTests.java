package dev.ipcsocket.actuate;

import java.io.IOException;

import io.micrometer.core.instrument.Meter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.testsupport.Sockets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's metrics table names exactly the meters {@link IpcSocketMetrics} registers, with
 * their types and the series Prometheus shows for them.
 */
class ReadmeMetricsTableTests {

	private static final ReadmeMeterTable TABLE = new ReadmeMeterTable("| meter | type | Prometheus | what |");

	@RegisterExtension
	final Sockets sockets = new Sockets();

	private IPCSocket socket;

	@BeforeEach
	void start() {
		this.socket = this.sockets.start(IpcSocketSettings.of(this.sockets.path()));
	}

	@Test
	void tableListsEveryMeterWithItsType() throws IOException {
		for (Meter meter : TABLE.assertListsEveryMeterOf(new IpcSocketMetrics(this.socket))) {
			assertThat(meter.getId().getTag("role")).as(meter.getId().getName()).isEqualTo("LISTENER");
			assertThat(meter.getId().getTag("path")).as(meter.getId().getName())
				.isEqualTo(this.socket.path().toString());
		}
	}

	@Test
	void tableNamesThePrometheusSeries() throws IOException {
		TABLE.assertNamesThePrometheusSeriesOf(new IpcSocketMetrics(this.socket));
	}

}
