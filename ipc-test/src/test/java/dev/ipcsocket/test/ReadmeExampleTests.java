package dev.ipcsocket.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ipcsocket.testsupport.ReadmeCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's test-support example is the code that {@code PingPongTests} and
 * {@code PingPong} run, so what users copy is known to work.
 */
class ReadmeExampleTests {

	private static final Path README = Path.of("../README.md");

	private static final Path EXAMPLE = Path.of("src/test/java/dev/ipcsocket/test/example");

	@Test
	void everyJavaBlockOfTheTestSupportSectionIsInTheExampleSources() throws IOException {
		List<String> blocks = ReadmeCode.blocks(README, "## Testing your application", "java");
		String sources = ReadmeCode.normalize(Files.readString(EXAMPLE.resolve("PingPongTests.java"))
				+ Files.readString(EXAMPLE.resolve("PingPong.java")));

		assertThat(blocks).hasSizeGreaterThanOrEqualTo(2);
		for (String block : blocks) {
			assertThat(sources).as("README block in the example sources").contains(ReadmeCode.normalize(block));
		}
	}

}
