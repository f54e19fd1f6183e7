package dev.llmcost.test;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text of a real {@code /actuator/prometheus} scrape, parsed into samples the way a
 * Prometheus server reads them (label values unescaped), and linted with
 * {@code promtool check metrics} when promtool is installed.
 */
public final class PrometheusScrape {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");

	// Possessive, so long label values do not recurse once per character.
	private static final Pattern LABEL = Pattern
		.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]++|\\\\.)*+)\",?");

	private final String text;

	private final List<Sample> samples;

	private PrometheusScrape(String text) {
		this.text = text;
		this.samples = parse(text);
	}

	/**
	 * Scrape an application over HTTP.
	 * @param port the application's port
	 * @return the scrape
	 */
	public static PrometheusScrape of(int port) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return new PrometheusScrape(response.body());
	}

	public String text() {
		return this.text;
	}

	public List<Sample> samples() {
		return this.samples;
	}

	/**
	 * Sum the values of a metric's samples whose labels match.
	 * @param name the sample name, for example {@code llm_tokens_total}
	 * @param labels the labels a sample must have, as name and value pairs
	 * @return the sum
	 */
	public double sum(String name, String... labels) {
		Predicate<Map<String, String>> matches = (sample) -> {
			for (int i = 0; i < labels.length; i += 2) {
				if (!labels[i + 1].equals(sample.get(labels[i]))) {
					return false;
				}
			}
			return true;
		};
		return this.samples.stream()
			.filter((sample) -> sample.name().equals(name) && matches.test(sample.labels()))
			.mapToDouble(Sample::value)
			.sum();
	}

	/**
	 * Run {@code promtool check metrics} on the scrape: the scrape must parse, and the
	 * starter's own metrics must have no findings. Skipped when promtool is missing,
	 * except in CI.
	 */
	public void assertPassesPromtool() throws Exception {
		String promtool = installed("promtool");
		Process process = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
		process.getOutputStream().write(this.text.getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(output).as("the scrape parses").doesNotContain("error while linting");
		assertThat(output).as("promtool findings on llm_ metrics").doesNotContainPattern("(?m)^llm_");
	}

	/**
	 * Find a binary of the Debian package {@code prometheus} ({@code promtool},
	 * {@code prometheus}) on the {@code PATH}. When it is missing the calling test fails
	 * in CI (environment variable {@code CI=true}) and is skipped elsewhere.
	 * @param binary the binary's name
	 * @return its path
	 */
	static String installed(String binary) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File candidate = new File(dir, binary);
			if (candidate.canExecute()) {
				return candidate.getPath();
			}
		}
		boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
		assertThat(ci).as("%s must be installed in CI (apt-get install prometheus)", binary).isFalse();
		Assumptions.abort(binary + " is not installed; apt-get install prometheus to run this test");
		return "";
	}

	private static List<Sample> parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			Matcher sample = SAMPLE.matcher(line);
			assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
			Map<String, String> labels = new LinkedHashMap<>();
			if (sample.group(2) != null) {
				Matcher label = LABEL.matcher(sample.group(2));
				int end = 0;
				while (label.lookingAt()) {
					labels.put(label.group(1), unescape(label.group(2)));
					end = label.end();
					label.region(end, sample.group(2).length());
				}
				assertThat(end).as("labels of %s", line).isEqualTo(sample.group(2).length());
			}
			samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
		}
		return samples;
	}

	private static String unescape(String value) {
		StringBuilder result = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' && i + 1 < value.length()) {
				char next = value.charAt(++i);
				result.append((next == 'n') ? '\n' : next);
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

	/**
	 * One sample of the scrape.
	 *
	 * @param name the sample name
	 * @param labels the labels, unescaped
	 * @param value the value
	 */
	public record Sample(String name, Map<String, String> labels, double value) {

	}

}
