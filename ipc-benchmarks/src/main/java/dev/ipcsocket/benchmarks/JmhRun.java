package dev.ipcsocket.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the JMH benchmarks of the in-process hot path with the GC profiler in a child process and
 * reads back time and bytes allocated per operation.
 */
final class JmhRun {

	private static final Duration TIMEOUT = Duration.ofMinutes(20);

	/** Benchmarks of this project, not JMH's own samples. */
	private static final String INCLUDE = "dev\\.ipcsocket\\..*Benchmark.*";

	/**
	 * One benchmark's outcome.
	 *
	 * @param benchmark class and method, without the package
	 * @param params its parameters, or empty
	 * @param nanosPerOp average time per operation
	 * @param bytesPerOp bytes allocated per operation, on all threads
	 */
	record Row(String benchmark, String params, double nanosPerOp, double bytesPerOp) {

	}

	private JmhRun() {
	}

	static List<Row> run(List<String> arguments, Path workDirectory, PrintWriter log, List<String> javaOptions)
			throws IOException, InterruptedException {
		Path csv = workDirectory.resolve("jmh.csv");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(javaOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.openjdk.jmh.Main", INCLUDE, "-prof",
				"gc", "-bm", "avgt", "-tu", "ns", "-rf", "csv", "-rff", csv.toString()));
		command.addAll(arguments);
		log.println("[jmh] " + String.join(" ", command));
		log.flush();
		Path output = workDirectory.resolve("jmh.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		if (!process.waitFor(TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IOException("JMH did not finish within " + TIMEOUT.toMinutes() + " minutes");
		}
		log.println(Files.readString(output, StandardCharsets.UTF_8));
		if (!Files.exists(csv)) {
			throw new IOException("JMH wrote no results (exit " + process.exitValue() + "); see the log");
		}
		return parse(Files.readAllLines(csv, StandardCharsets.UTF_8));
	}

	static List<Row> parse(List<String> lines) {
		Map<String, double[]> byKey = new LinkedHashMap<>();
		List<String> header = split(lines.get(0));
		for (String line : lines.subList(1, lines.size())) {
			List<String> cells = split(line);
			if (cells.size() < 7) {
				continue;
			}
			String name = cells.get(0);
			StringBuilder params = new StringBuilder();
			for (int i = 7; i < cells.size() && i < header.size(); i++) {
				if (!cells.get(i).isEmpty()) {
					params.append((params.length() > 0) ? ", " : "")
						.append(header.get(i).replace("Param: ", ""))
						.append('=')
						.append(cells.get(i));
				}
			}
			double score = Double.parseDouble(cells.get(4));
			boolean allocation = name.endsWith(":gc.alloc.rate.norm");
			String benchmark = name.replaceAll(":.*", "");
			if (!allocation && name.contains(":")) {
				continue;
			}
			String key = benchmark.replaceAll("^.*\\.([^.]+\\.[^.]+)$", "$1") + "|" + params;
			double[] values = byKey.computeIfAbsent(key, (k) -> new double[] { Double.NaN, Double.NaN });
			values[allocation ? 1 : 0] = score;
		}
		List<Row> rows = new ArrayList<>();
		byKey.forEach((key, values) -> {
			String[] parts = key.split("\\|", -1);
			rows.add(new Row(parts[0], parts[1], values[0], values[1]));
		});
		return rows;
	}

	private static List<String> split(String line) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (char c : line.toCharArray()) {
			if (c == '"') {
				quoted = !quoted;
			}
			else if (c == ',' && !quoted) {
				cells.add(cell.toString());
				cell.setLength(0);
			}
			else {
				cell.append(c);
			}
		}
		cells.add(cell.toString());
		return cells;
	}

}
