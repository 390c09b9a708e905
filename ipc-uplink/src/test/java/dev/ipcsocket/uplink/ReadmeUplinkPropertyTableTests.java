package dev.ipcsocket.uplink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import dev.ipcsocket.testsupport.ReadmeTables;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The uplink property table (docs/uplink.md, which the README links) lists exactly the
 * properties of this module's generated configuration metadata, with the same defaults.
 */
class ReadmeUplinkPropertyTableTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static final Path PAGE = Path.of("../docs/uplink.md");

	private static final String TABLE_HEADER = "| uplink property | default | meaning |";

	@Test
	void everyPropertyOfTheMetadataIsInTheReadmeAndNothingElse() throws IOException {
		List<String> metadata = JsonPath.read(METADATA.toFile(), "$.properties[*].name");

		assertThat(readmeRows().keySet()).containsExactlyInAnyOrderElementsOf(metadata);
	}

	@Test
	void readmeDefaultsAreTheMetadataDefaults() throws IOException {
		Map<String, String> rows = readmeRows();
		List<Map<String, Object>> properties = JsonPath.read(METADATA.toFile(), "$.properties[?(@.defaultValue)]");

		assertThat(properties).hasSizeGreaterThan(5);
		for (Map<String, Object> property : properties) {
			String name = (String) property.get("name");
			assertThat(rows.get(name)).as("docs/uplink.md default of " + name)
				.startsWith("`" + property.get("defaultValue") + "`");
		}
	}

	private static Map<String, String> readmeRows() throws IOException {
		Map<String, String> rows = new LinkedHashMap<>();
		for (String[] cells : ReadmeTables.rows(PAGE, TABLE_HEADER)) {
			rows.put(ReadmeTables.code(cells[1]), cells[2].trim());
		}
		assertThat(rows).as("uplink property rows in " + PAGE).isNotEmpty();
		return rows;
	}

}
