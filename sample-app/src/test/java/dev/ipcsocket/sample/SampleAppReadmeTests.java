package dev.ipcsocket.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ipcsocket.testsupport.ReadmeCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Siblings in containers" examples are code that the container tests run, so what
 * users copy is known to work.
 */
class SampleAppReadmeTests {

	private static final Path README = Path.of("../README.md");

	private static final Path TESTS = Path.of("src/test/java/dev/ipcsocket/sample");

	@Test
	void everyJavaBlockOfTheContainersSectionIsInTheContainerTests() throws IOException {
		List<String> blocks = ReadmeCode.blocks(README, "## Siblings in containers", "java");
		String sources = ReadmeCode.normalize(Files.readString(TESTS.resolve("SampleImage.java"))
				+ Files.readString(TESTS.resolve("SampleAppSiblingContainersIT.java"))
				+ Files.readString(TESTS.resolve("SampleAppRabbitContainersIT.java")));

		assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);
		for (String block : blocks) {
			assertThat(sources).as("README block in the container tests").contains(ReadmeCode.normalize(block));
		}
	}

}
