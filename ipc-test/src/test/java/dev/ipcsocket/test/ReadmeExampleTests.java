package dev.ipcsocket.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

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
		String section = section(Files.readString(README), "## Testing your application");
		List<String> blocks = javaBlocks(section);
		String sources = normalize(Files.readString(EXAMPLE.resolve("PingPongTests.java"))
				+ Files.readString(EXAMPLE.resolve("PingPong.java")));

		assertThat(blocks).hasSizeGreaterThanOrEqualTo(2);
		for (String block : blocks) {
			assertThat(sources).as("README block in the example sources").contains(normalize(block));
		}
	}

	private static String section(String readme, String heading) {
		int start = readme.indexOf("\n" + heading + "\n");
		assertThat(start).as("README has a section '" + heading + "'").isNotNegative();
		int end = readme.indexOf("\n## ", start + heading.length() + 1);
		return readme.substring(start, (end < 0) ? readme.length() : end);
	}

	private static List<String> javaBlocks(String markdown) {
		List<String> blocks = new ArrayList<>();
		Matcher matcher = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(markdown);
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		return blocks;
	}

	// indentation and line breaks may differ (the README nests a class); the tokens may not
	private static String normalize(String code) {
		return code.replaceAll("\\s+", " ").trim();
	}

}
