package dev.ipcsocket.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the rows of the README's markdown tables, for the tests that hold a table to the code it
 * documents. Public, in the test jar, for the other modules' README tests.
 */
public final class ReadmeTables {

	private ReadmeTables() {
	}

	/**
	 * Return the cells of every row whose first cell is code ({@code | `...`}), in every table
	 * headed exactly so.
	 * @param readme the markdown file
	 * @param header the table's header line, e.g. {@code | property | default | meaning |}
	 * @return the rows, each split at {@code |} (so index 1 is the first cell, not trimmed)
	 * @throws IOException if the file cannot be read
	 */
	public static List<String[]> rows(Path readme, String header) throws IOException {
		List<String[]> rows = new ArrayList<>();
		boolean inTable = false;
		for (String line : Files.readAllLines(readme)) {
			if (line.equals(header)) {
				inTable = true;
			}
			else if (!line.startsWith("|")) {
				inTable = false;
			}
			else if (inTable && line.startsWith("| `")) {
				rows.add(line.split("\\|"));
			}
		}
		return rows;
	}

	/**
	 * Return a cell's text without its code marks.
	 * @param cell a cell as split by {@link #rows}
	 * @return the text, trimmed, without backticks
	 */
	public static String code(String cell) {
		return cell.trim().replace("`", "");
	}

}
