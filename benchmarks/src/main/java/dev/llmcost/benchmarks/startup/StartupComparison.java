package dev.llmcost.benchmarks.startup;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold starts of the demo application with and without the starter, interleaved: each
 * round starts one new JVM of each kind, in alternating order ({@link DemoStartupProbe}).
 * JMH runs all forks of one parameter value before the other's, so on a shared machine a
 * change of load during the run moves one side only; interleaving spreads it over both.
 * Writes the times to a JSON file that {@code BenchmarkReport} reads.
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar
 * dev.llmcost.benchmarks.startup.StartupComparison [rounds] [output]}, by default 10
 * rounds and {@code benchmarks/target/startup-comparison.json}.
 *
 * @author llm-cost contributors
 */
public final class StartupComparison {

	private static final Pattern RESULT = Pattern.compile("startup-ms=([0-9.]+) jvm-ms=([0-9]+)");

	private StartupComparison() {
	}

	/**
	 * Run the comparison.
	 * @param args the number of rounds, and the output file
	 * @throws Exception if a start fails
	 */
	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
		File output = new File((args.length > 1) ? args[1] : "benchmarks/target/startup-comparison.json");
		List<double[]> on = new ArrayList<>();
		List<double[]> off = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			boolean starterFirst = round % 2 == 0;
			for (boolean starter : new boolean[] { starterFirst, !starterFirst }) {
				double[] times = start(starter);
				(starter ? on : off).add(times);
				System.out.printf(Locale.ROOT, "Round %d, starter %s: %.0f ms (%.0f ms since JVM start)%n", round + 1,
						starter ? "on" : "off", times[0], times[1]);
			}
		}
		Files.writeString(output.toPath(), json(on, off), StandardCharsets.UTF_8);
		System.out.println("Cold start comparison written to " + output);
	}

	private static double[] start(boolean starter) throws IOException, InterruptedException {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		Process process = new ProcessBuilder(java, "-Xms1g", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
				DemoStartupProbe.class.getName(), Boolean.toString(starter))
			.redirectErrorStream(true)
			.start();
		StringBuilder log = new StringBuilder();
		double[] times = null;
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				log.append(line).append('\n');
				Matcher matcher = RESULT.matcher(line);
				if (matcher.find()) {
					times = new double[] { Double.parseDouble(matcher.group(1)), Double.parseDouble(matcher.group(2)) };
				}
			}
		}
		if (process.waitFor() != 0 || times == null) {
			throw new IllegalStateException("Demo start failed (starter " + starter + "):\n" + log);
		}
		return times;
	}

	private static String json(List<double[]> on, List<double[]> off) {
		return "{\n  \"unit\": \"ms\",\n  \"on\": " + column(on, 0) + ",\n  \"off\": " + column(off, 0)
				+ ",\n  \"onSinceJvmStart\": " + column(on, 1) + ",\n  \"offSinceJvmStart\": " + column(off, 1)
				+ "\n}\n";
	}

	private static String column(List<double[]> times, int index) {
		StringBuilder json = new StringBuilder("[");
		for (int i = 0; i < times.size(); i++) {
			json.append((i > 0) ? ", " : "").append(String.format(Locale.ROOT, "%.1f", times.get(i)[index]));
		}
		return json.append(']').toString();
	}

}
