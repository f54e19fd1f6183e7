package dev.llmcost.benchmarks.startup;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold starts of the demo application without the starter ({@code off}), with it
 * ({@code on}), and with it but without its {@code @LlmFeature} proxies
 * ({@code on-no-feature-scan}), interleaved: each round starts one new JVM of each kind
 * ({@link DemoStartupProbe}), in an order that rotates from round to round. JMH runs all
 * forks of one parameter value before the other's, so on a shared machine a change of
 * load during the run moves one side only; interleaving spreads it over all. Writes the
 * times to a JSON file that {@code BenchmarkReport} reads.
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar
 * dev.llmcost.benchmarks.startup.StartupComparison [rounds] [output]}, by default 20
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
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 20;
		File output = new File((args.length > 1) ? args[1] : "benchmarks/target/startup-comparison.json");
		Map<String, List<Double>> times = new LinkedHashMap<>();
		DemoStart.KINDS.forEach((kind) -> times.put(kind, new ArrayList<>()));
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < DemoStart.KINDS.size(); i++) {
				String kind = DemoStart.KINDS.get((round + i) % DemoStart.KINDS.size());
				double millis = start(kind);
				times.get(kind).add(millis);
				System.out.printf(Locale.ROOT, "Round %d, %s: %.0f ms%n", round + 1, kind, millis);
			}
		}
		Files.writeString(output.toPath(), json(times), StandardCharsets.UTF_8);
		System.out.println("Cold start comparison written to " + output);
	}

	private static double start(String kind) throws IOException, InterruptedException {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		Process process = new ProcessBuilder(java, "-Xms1g", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
				DemoStartupProbe.class.getName(), kind)
			.redirectErrorStream(true)
			.start();
		StringBuilder log = new StringBuilder();
		Double millis = null;
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				log.append(line).append('\n');
				Matcher matcher = RESULT.matcher(line);
				if (matcher.find()) {
					millis = Double.parseDouble(matcher.group(1));
				}
			}
		}
		if (process.waitFor() != 0 || millis == null) {
			throw new IllegalStateException("Demo start failed (" + kind + "):\n" + log);
		}
		return millis;
	}

	private static String json(Map<String, List<Double>> times) {
		StringBuilder json = new StringBuilder("{\n  \"unit\": \"ms\"");
		times.forEach((kind, values) -> {
			json.append(",\n  \"").append(kind).append("\": [");
			for (int i = 0; i < values.size(); i++) {
				json.append((i > 0) ? ", " : "").append(String.format(Locale.ROOT, "%.1f", values.get(i)));
			}
			json.append(']');
		});
		return json.append("\n}\n").toString();
	}

}
