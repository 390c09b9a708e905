package dev.ipcsocket.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.ipcsocket.testsupport.ReadmeCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start is the code that {@code QuickStartIT} runs: every Java block of the
 * section is in the quick-start sources, and its properties block is the file they read.
 */
class ReadmeQuickStartTests {

	private static final Path README = Path.of("../README.md");

	private static final String SECTION = "## Quick start";

	@Test
	void everyJavaBlockOfTheQuickStartIsInTheQuickStartSources() throws IOException {
		List<String> blocks = ReadmeCode.blocks(README, SECTION, "java");
		StringBuilder sources = new StringBuilder();
		try (Stream<Path> files = Files.list(Path.of("src/test/java/dev/ipcsocket/test/quickstart"))) {
			for (Path file : files.sorted().toList()) {
				sources.append(Files.readString(file)).append('\n');
			}
		}

		assertThat(blocks).hasSizeGreaterThanOrEqualTo(2);
		for (String block : blocks) {
			assertThat(ReadmeCode.normalize(sources.toString())).as("README block in the quick-start sources")
				.contains(ReadmeCode.normalize(block));
		}
	}

	@Test
	void theQuickStartsPropertyIsTheOneItsApplicationsRead() throws IOException {
		List<String> blocks = ReadmeCode.blocks(README, SECTION, "properties");
		String properties = Files.readString(Path.of("src/test/resources/quickstart.properties"));

		assertThat(blocks).isNotEmpty();
		assertThat(properties.strip()).isEqualTo(blocks.get(0).strip());
	}

}
