package dev.llmcost.pricing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;

import dev.llmcost.usage.TokenType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BuiltInCatalog}: the shipped data file is well formed, dated and
 * covers the models the starter promises; malformed entries are skipped.
 */
class BuiltInCatalogTests {

	@Test
	void everyShippedEntryShouldBeWellFormed() throws Exception {
		JsonNode raw = JsonMapper.builder()
			.build()
			.readTree(getClass().getClassLoader().getResourceAsStream(BuiltInCatalog.LOCATION));
		BuiltInCatalog catalog = BuiltInCatalog.load();

		assertThat(catalog.prices()).as("no entry was skipped").hasSize(raw.path("models").size());
		assertThat(catalog.date()).isAfter(LocalDate.of(2025, 1, 1));
		catalog.prices().forEach((name, price) -> {
			JsonNode entry = raw.path("models").path(name);
			assertThat(entry.path("provider").asString()).as(name).isNotBlank();
			assertThat(raw.path("sources").has(price.provider())).as("source noted for " + price.provider()).isTrue();
			assertThat(entry.path("operation").asString()).as(name).isIn("chat", "embedding");
			assertThat(price.input().signum()).as(name).isPositive();
			if ("chat".equals(entry.path("operation").asString())) {
				assertThat(price.output().signum()).as(name).isPositive();
				assertThat(price.cacheRead()).as(name + ": cached input is never dearer")
					.isLessThanOrEqualTo(price.input());
			}
		});
	}

	@Test
	void shippedCatalogShouldPriceTheCurrentOpenAiModels() {
		Map<String, ModelPrice> prices = BuiltInCatalog.load().prices();

		assertThat(prices).containsKeys("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o1", "o3",
				"o3-mini", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5-nano", "text-embedding-3-small",
				"text-embedding-3-large");
		ModelPrice mini = prices.get("gpt-4o-mini");
		assertThat(mini.input()).isEqualByComparingTo("0.15");
		assertThat(mini.cacheRead()).isEqualByComparingTo("0.075");
		assertThat(mini.output()).isEqualByComparingTo("0.60");
		assertThat(mini.perMillion(TokenType.REASONING)).as("reasoning defaults to output")
			.isEqualByComparingTo("0.60");
	}

	@Test
	void malformedEntryShouldBeSkippedAndTheOthersKept() {
		String json = """
				{ "catalogDate": "2026-11-01", "models": {
				    "good": { "provider": "openai", "operation": "chat", "input": 1, "output": 2 },
				    "no-output": { "provider": "openai", "operation": "chat", "input": 1 },
				    "text-price": { "provider": "openai", "operation": "chat", "input": "cheap", "output": 2 },
				    "negative": { "provider": "openai", "operation": "chat", "input": -1, "output": 2 }
				} }
				""";

		BuiltInCatalog catalog = BuiltInCatalog.read(stream(json), "test.json");

		assertThat(catalog.prices()).containsOnlyKeys("good");
		assertThat(catalog.date()).isEqualTo(LocalDate.of(2026, 11, 1));
	}

	@Test
	void pricesShouldBeReadAsExactDecimals() {
		String json = """
				{ "models": { "m": { "operation": "chat", "input": 0.075, "output": 0.1 } } }
				""";

		ModelPrice price = BuiltInCatalog.read(stream(json), "test.json").prices().get("m");

		assertThat(price.input().toPlainString()).isEqualTo("0.075");
	}

	@Test
	void contentThatIsNotACatalogShouldBeRejectedClearly() {
		assertThatIllegalArgumentException().isThrownBy(() -> BuiltInCatalog.read(stream("{ nope"), "broken.json"))
			.withMessageContaining("broken.json is not valid JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> BuiltInCatalog.read(stream("[]"), "list.json"))
			.withMessageContaining("list.json has no \"models\" object");
	}

	private static ByteArrayInputStream stream(String json) {
		return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
	}

}
