package dev.llmcost.pricing.catalog;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

import dev.llmcost.pricing.PriceList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the limits of reading a catalog: how many entries it may have, how long a
 * name and how large an entry may be, and the limits of the JSON itself. Every real
 * catalog is far within them (LiteLLM's about 3,000 entries, genai-prices' about 1,500
 * models, names under 80 characters, entries under 4 KB, nesting 10 deep).
 */
@ExtendWith(OutputCaptureExtension.class)
class CatalogLimitsTests {

	private static final String NAME_OF_256 = "m".repeat(256);

	private static final String NAME_OF_257 = "m".repeat(257);

	@ParameterizedTest
	@EnumSource
	void catalogOfAsManyEntriesAsTheCapShouldLoadEveryEntry(CatalogFormat format) {
		PriceList list = read(format, catalog(format, 50_000));

		assertThat(list.models()).hasSize(50_000).containsKey("model-49999");
		assertThat(list.models().get("model-49999").latest().rates().input()).isEqualByComparingTo("1");
	}

	@ParameterizedTest
	@EnumSource
	void catalogOfMoreEntriesThanTheCapShouldBeRefused(CatalogFormat format) {
		assertThatIllegalArgumentException().isThrownBy(() -> read(format, catalog(format, 50_001)))
			.withMessage("Price catalog test.json has more than 50000 entries; it is refused rather than read in part");
	}

	@Test
	void aliasesShouldCountAsEntries() {
		StringBuilder aliases = new StringBuilder();
		for (int i = 0; i < 50_000; i++) {
			aliases.append((i > 0) ? ", " : "").append("\"alias-").append(i).append("\": \"m\"");
		}

		assertThatIllegalArgumentException()
			.isThrownBy(() -> read(CatalogFormat.LLM_COST,
					"{ \"aliases\": { " + aliases + " }, \"models\": { \"m\": { \"input\": 1, \"output\": 2 } } }"))
			.withMessageContaining("has more than 50000 entries");
	}

	@ParameterizedTest
	@EnumSource
	void entryWithANameLongerThanTheLimitShouldBeSkippedWithAWarning(CatalogFormat format, CapturedOutput output) {
		PriceList list = read(format, catalog(format, 2, (i) -> (i == 0) ? NAME_OF_256 : NAME_OF_257));

		assertThat(list.models()).containsOnlyKeys(NAME_OF_256);
		assertThat(output).contains(" characters)' in test.json: its name is longer than 256 characters");
	}

	@Test
	void entryLargerThanTheLimitShouldBeSkippedWithAWarning(CapturedOutput output) {
		String regions = "\"region-with-a-long-name\", ".repeat(3_000) + "\"global\"";
		PriceList list = read(CatalogFormat.LITELLM, """
				{ "small": { "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06 },
				  "large": { "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "regions": [ %s ] },
				  "after": { "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06 } }
				""".formatted(regions));

		assertThat(list.models()).containsOnlyKeys("small", "after");
		assertThat(output).contains("'large' in test.json: it is larger than 65536 bytes");
	}

	@Test
	void genAiPricesProviderShouldBeReadWhateverTheOrderOfItsFields() {
		PriceList list = read(CatalogFormat.GENAI_PRICES, """
				[ { "models": [ { "id": "gpt-x", "match": { "starts_with": "gpt-x" },
				      "prices": { "input_mtok": 1, "output_mtok": 2 } } ],
				    "model_match": { "starts_with": "gpt" }, "id": "openai" },
				  { "models": [ { "id": "gpt-x", "match": { "starts_with": "gpt-x" },
				      "prices": { "input_mtok": 3, "output_mtok": 4 } } ], "id": "azure" } ]
				""");

		assertThat(list.models()).containsOnlyKeys("gpt-x", "azure/gpt-x");
		assertThat(list.models().get("gpt-x").provider()).as("claimed by openai's model_match").isEqualTo("openai");
	}

	@ParameterizedTest
	@EnumSource
	void documentNestedDeeperThanTheLimitShouldBeRefused(CatalogFormat format) {
		String nested = entryOf(format) + "[".repeat(40) + "]".repeat(40);

		assertThatIllegalArgumentException().isThrownBy(() -> read(format, nested))
			.withMessageStartingWith("Price catalog test.json exceeds a limit of the reader at line 1, column ")
			.withMessageContaining("nesting depth");
	}

	@ParameterizedTest
	@EnumSource
	void numberLongerThanTheLimitShouldBeRefused(CatalogFormat format) {
		String number = "1" + "0".repeat(100);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> read(format, entryOf(format) + "{ \"input\": " + number + " }"))
			.withMessageStartingWith("Price catalog test.json exceeds a limit of the reader at line 1, column ")
			.withMessageContaining("Number value length")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(number));
	}

	@ParameterizedTest
	@EnumSource
	void stringLongerThanTheLimitShouldBeRefused(CatalogFormat format) {
		String value = "s".repeat(65_537);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> read(format, entryOf(format) + "{ \"notes\": \"" + value + "\" }"))
			.withMessageStartingWith("Price catalog test.json exceeds a limit of the reader at line 1, column ")
			.withMessageContaining("String value length")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("sss"));
	}

	/**
	 * Return the start of a catalog of the given format, up to where its first entry
	 * goes; what follows it need not be complete for the tests that use it.
	 */
	static String entryOf(CatalogFormat format) {
		return switch (format) {
			case LITELLM -> "{ \"a\": ";
			case LLM_COST -> "{ \"models\": { \"a\": ";
			case GENAI_PRICES -> "[ { \"id\": \"acme\", \"models\": [ ";
		};
	}

	private static String catalog(CatalogFormat format, int entries) {
		return catalog(format, entries, (i) -> "model-" + i);
	}

	/**
	 * A catalog of the given format whose entries all cost 1 USD per million input tokens
	 * and 2 per million output tokens.
	 */
	private static String catalog(CatalogFormat format, int entries, IntFunction<String> name) {
		StringBuilder json = new StringBuilder();
		switch (format) {
			case LITELLM -> json.append("{ ");
			case LLM_COST -> json.append("{ \"models\": { ");
			case GENAI_PRICES -> json.append("[ { \"id\": \"acme\", \"models\": [ ");
		}
		for (int i = 0; i < entries; i++) {
			json.append((i > 0) ? ",\n" : "");
			String model = name.apply(i);
			switch (format) {
				case LITELLM -> json.append("\"")
					.append(model)
					.append("\": { \"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 2e-06 }");
				case LLM_COST -> json.append("\"").append(model).append("\": { \"input\": 1, \"output\": 2 }");
				case GENAI_PRICES -> json.append("{ \"id\": \"")
					.append(model)
					.append("\", \"match\": { \"equals\": \"")
					.append(model)
					.append("\" }, \"prices\": { \"input_mtok\": 1, \"output_mtok\": 2 } }");
			}
		}
		switch (format) {
			case LITELLM -> json.append(" }");
			case LLM_COST -> json.append(" } }");
			case GENAI_PRICES -> json.append(" ] } ]");
		}
		return json.toString();
	}

	private static PriceList read(CatalogFormat format, String json) {
		return format.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
	}

}
