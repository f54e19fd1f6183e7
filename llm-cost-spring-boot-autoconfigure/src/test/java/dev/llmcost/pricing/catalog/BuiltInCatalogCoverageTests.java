package dev.llmcost.pricing.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.llmcost.pricing.DefaultPriceCatalog;
import dev.llmcost.pricing.PriceList;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every model the per-provider tests call through a real Spring AI client has a price in
 * the built-in catalog, so that what they verify is what an application gets with no
 * price configured. The model names are read from the tests' sources, where they are
 * written: in request options ({@code .model("…")}), in the scripted OpenAI replies
 * ({@code Reply.chat("…", …)}), and in the JSON bodies of the other providers' wire
 * formats ({@code "model":"…"}, Gemini's {@code "modelVersion":"…"}).
 */
class BuiltInCatalogCoverageTests {

	private static final Path PROVIDER_TESTS = Path.of("src/test/java/dev/llmcost/advisor");

	private static final Pattern MODEL_NAMES = Pattern.compile("\\.model\\(\"([^\"]+)\"\\)"
			+ "|Reply\\.\\w+\\(\"([^\"]+)\"" + "|\\\\\"(?:model|modelVersion)\\\\\":\\\\\"([^\"\\\\]+)\\\\\"");

	/**
	 * Models the tests use to check what happens without a built-in price.
	 */
	private static final Set<String> DELIBERATELY_UNPRICED = Set.of("my-finetune", "my-priced-finetune",
			"proxy-internal-name");

	private final DefaultPriceCatalog builtIn = new DefaultPriceCatalog(PriceList.of("none", Map.of()), Map.of(),
			java.util.List.of(BuiltInCatalog.load()));

	@Test
	void everyModelAProviderTestCallsShouldHaveABuiltInPrice() throws IOException {
		Map<String, Set<String>> models = modelsByProvider();

		assertThat(models.values().stream().mapToInt(Set::size).sum()).as("model names found in the tests")
			.isGreaterThanOrEqualTo(10);
		models.forEach((provider, names) -> names.stream()
			.filter((name) -> !DELIBERATELY_UNPRICED.contains(name))
			.forEach((name) -> assertThat(this.builtIn.resolve(provider, name))
				.as("built-in price for %s (%s)", name, provider)
				.isNotNull()));
	}

	@Test
	void modelNamesShouldBeFoundInEachProviderTest() throws IOException {
		Map<String, Set<String>> models = modelsByProvider();

		assertThat(models.get("anthropic")).contains("claude-haiku-4-5");
		assertThat(models.get("gcp.gen_ai")).contains("gemini-2.5-flash");
		assertThat(models.get("openai")).contains("gpt-4o-mini-2024-07-18", "o4-mini-2025-04-16", "deepseek-chat",
				"deepseek-reasoner", "mistral-large-latest");
	}

	/**
	 * The model names of the provider tests, by the provider they are recorded under
	 * (OpenAI-compatible providers through the OpenAI client under {@code openai}).
	 */
	private static Map<String, Set<String>> modelsByProvider() throws IOException {
		Map<String, Set<String>> models = new TreeMap<>();
		try (Stream<Path> files = Files.list(PROVIDER_TESTS)) {
			for (Path file : files.filter((path) -> path.getFileName().toString().startsWith("LlmCostAdvisor"))
				.toList()) {
				String provider = providerOf(file.getFileName().toString());
				Matcher matcher = MODEL_NAMES.matcher(Files.readString(file));
				while (matcher.find()) {
					String name = (matcher.group(1) != null) ? matcher.group(1)
							: (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3);
					models.computeIfAbsent(providerOf(provider, name), (key) -> new TreeSet<>()).add(name);
				}
			}
		}
		return models;
	}

	private static String providerOf(String fileName) {
		if (fileName.contains("Anthropic")) {
			return "anthropic";
		}
		return fileName.contains("GoogleGenAi") ? "gcp.gen_ai" : "openai";
	}

	/**
	 * The test of an application with several providers names models of each.
	 */
	private static String providerOf(String fileProvider, String model) {
		if (model.startsWith("claude")) {
			return "anthropic";
		}
		return model.startsWith("gemini") ? "gcp.gen_ai" : fileProvider;
	}

}
