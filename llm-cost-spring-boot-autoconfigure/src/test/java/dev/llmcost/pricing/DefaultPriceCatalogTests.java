package dev.llmcost.pricing;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Name matching of {@link DefaultPriceCatalog} against the built-in catalog.
 */
class DefaultPriceCatalogTests {

	private final DefaultPriceCatalog catalog = new DefaultPriceCatalog(BuiltInCatalog.load().prices(),
			Map.of("my-finetune", price("my-finetune", "3", "12")), Map.of("prod-gpt4o-eastus", "gpt-4o",
					"chained-alias", "prod-gpt4o-eastus", "loop-a", "loop-b", "loop-b", "loop-a"));

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(nullValues = "none",
			value = { "gpt-4o, gpt-4o", "GPT-4o, gpt-4o", "gpt-4o-2024-08-06, gpt-4o",
					"gpt-4o-2024-05-13, gpt-4o-2024-05-13", "gpt-4o-mini, gpt-4o-mini",
					"gpt-4o-mini-2024-07-18, gpt-4o-mini", "openai/gpt-4o-mini, gpt-4o-mini", "gpt-5-2025-08-07, gpt-5",
					"gpt-5-mini-2025-08-07, gpt-5-mini", "o3-mini-2025-01-31, o3-mini", "o3-2025-04-16, o3",
					"o4-mini-2025-04-16, o4-mini", "gpt-4.1-nano-2025-04-14, gpt-4.1-nano", "gpt-4.1-20250414, gpt-4.1",
					"prod-gpt4o-eastus, gpt-4o", "chained-alias, gpt-4o", "my-finetune, my-finetune",
					"text-embedding-3-small, text-embedding-3-small", "loop-a, none", "gpt-7-ultra, none", "'', none" })
	void nameShouldResolveToTheRightEntry(String name, String entry) {
		ModelPrice price = this.catalog.resolve(name);

		assertThat((price != null) ? price.model() : null).isEqualTo(entry);
	}

	@Test
	void datedSnapshotPricedDifferentlyShouldKeepItsOwnPrice() {
		assertThat(this.catalog.resolve("gpt-4o-2024-05-13").input())
			.isNotEqualByComparingTo(this.catalog.resolve("gpt-4o").input());
	}

	@Test
	void userPriceShouldWinOverTheCatalogForTheSameName() {
		DefaultPriceCatalog overridden = new DefaultPriceCatalog(BuiltInCatalog.load().prices(),
				Map.of("GPT-4o", price("gpt-4o", "1", "2")), Map.of());

		assertThat(overridden.resolve("gpt-4o-2024-08-06").input()).isEqualByComparingTo("1");
	}

	private static ModelPrice price(String model, String input, String output) {
		return ModelPrice.of(model, "unknown", new BigDecimal(input), null, null, new BigDecimal(output), null);
	}

}
