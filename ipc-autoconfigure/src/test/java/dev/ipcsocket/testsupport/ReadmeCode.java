package dev.ipcsocket.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the code blocks of a README section, for the tests that hold what users copy to the code
 * that runs. Public, in the test jar, for the other modules' README tests.
 */
public final class ReadmeCode {

	private ReadmeCode() {
	}

	/**
	 * Return the code blocks of one section.
	 * @param readme the markdown file
	 * @param heading the section's heading line, e.g. {@code ## Quick start}
	 * @param language the blocks' language, e.g. {@code java}
	 * @return the blocks' contents, in order
	 * @throws IOException if the file cannot be read
	 * @throws IllegalStateException if the section is missing
	 */
	public static List<String> blocks(Path readme, String heading, String language) throws IOException {
		String text = Files.readString(readme);
		int start = text.indexOf("\n" + heading + "\n");
		if (start < 0) {
			throw new IllegalStateException(readme + " has no section '" + heading + "'");
		}
		int end = text.indexOf("\n## ", start + heading.length() + 1);
		String section = text.substring(start, (end < 0) ? text.length() : end);
		List<String> blocks = new ArrayList<>();
		Matcher matcher = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		return blocks;
	}

	/**
	 * Return code with its white space folded: indentation and line breaks may differ between a
	 * README block and the source it comes from, the tokens may not.
	 * @param code the code
	 * @return the code on one line, single spaces
	 */
	public static String normalize(String code) {
		return code.replaceAll("\\s+", " ").trim();
	}

}
