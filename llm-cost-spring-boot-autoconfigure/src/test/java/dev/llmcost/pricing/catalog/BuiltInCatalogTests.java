package dev.llmcost.pricing.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;

import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.usage.TokenType;
import dev.llmcost.usage.UnitType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped catalog: every entry well formed, dated, sourced, and covering the models
 * the starter promises.
 */
class BuiltInCatalogTests {

	private final PriceList catalog = BuiltInCatalog.load();

	@Test
	void everyShippedEntryShouldBeWellFormed() throws Exception {
		JsonNode raw = JsonMapper.builder()
			.build()
			.readTree(getClass().getClassLoader().getResourceAsStream(BuiltInCatalog.LOCATION));

		assertThat(this.catalog.models()).as("no entry was skipped").hasSize(raw.path("models").size());
		assertThat(this.catalog.aliases()).as("no alias was skipped").hasSize(raw.path("aliases").size());
		assertThat(this.catalog.date()).isAfter(LocalDate.of(2025, 1, 1));
		this.catalog.models().forEach((name, model) -> {
			JsonNode entry = raw.path("models").path(model.model());
			assertThat(name).isEqualTo(model.model().toLowerCase());
			assertThat(model.provider()).as(name).isNotBlank().isNotEqualTo("unknown");
			assertThat(raw.path("sources").has(model.provider())).as("source noted for " + model.provider()).isTrue();
			assertThat(entry.path("operation").asString()).as(name)
				.isIn("chat", "embedding", "image_generation", "audio_transcription", "text_to_speech");
			model.prices().forEach((price) -> {
				TokenRates rates = price.rates();
				if (entry.has("input") || price.units().isEmpty()) {
					assertThat(rates.input().signum()).as(name).isPositive();
				}
				if ("chat".equals(entry.path("operation").asString())) {
					assertThat(rates.output().signum()).as(name).isPositive();
					assertThat(rates.cacheRead()).as(name + ": cached input is never dearer")
						.isLessThanOrEqualTo(rates.input());
				}
				price.tiers()
					.forEach((tier) -> assertThat(tier.rates().input()).as(name + ": a long-context tier costs more")
						.isGreaterThanOrEqualTo(rates.input()));
			});
		});
	}

	@Test
	void imageAudioAndWebSearchPricesShouldBeThePublishedOnes() {
		assertThat(perUnit("hd/1024-x-1792/dall-e-3", UnitType.IMAGE)).isEqualByComparingTo("0.12");
		assertThat(perUnit("standard/1024-x-1024/dall-e-3", UnitType.IMAGE)).isEqualByComparingTo("0.04");
		assertThat(perUnit("256-x-256/dall-e-2", UnitType.IMAGE)).isEqualByComparingTo("0.016");
		assertThat(perUnit("medium/1024-x-1024/gpt-image-1", UnitType.IMAGE)).isEqualByComparingTo("0.042");
		// 0.006 USD per minute
		assertThat(perUnit("whisper-1", UnitType.SECOND).multiply(BigDecimal.valueOf(60)))
			.isEqualByComparingTo("0.006");
		// 15 and 30 USD per million characters
		assertThat(perUnit("tts-1", UnitType.CHARACTER).movePointRight(6)).isEqualByComparingTo("15");
		assertThat(perUnit("tts-1-hd", UnitType.CHARACTER).movePointRight(6)).isEqualByComparingTo("30");
		TokenRates gptImage = this.catalog.models().get("gpt-image-1").latest().rates();
		assertThat(gptImage.input()).isEqualByComparingTo("5");
		assertThat(gptImage.output()).isEqualByComparingTo("40");
		// 10 USD per 1,000 searches, every price of the model (changes included)
		this.catalog.models()
			.get("claude-sonnet-4-6")
			.prices()
			.forEach((price) -> assertThat(price.units().perUnit(UnitType.REQUEST).movePointRight(3))
				.isEqualByComparingTo("10"));
		assertThat(this.catalog.models().get("claude-3-haiku").latest().units().perUnit(UnitType.REQUEST))
			.as("no web search tool")
			.isNull();
	}

	private BigDecimal perUnit(String model, UnitType unit) {
		return this.catalog.models().get(model).latest().units().perUnit(unit);
	}

	@Test
	void shippedCatalogShouldPriceTheCurrentModelsOfEveryProvider() {
		assertThat(this.catalog.models()).containsKeys("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini",
				"gpt-4.1-nano", "o1", "o3", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5-nano",
				"text-embedding-3-small", "text-embedding-3-large");
		assertThat(this.catalog.models().values()).extracting(PricedModel::provider)
			.contains("openai", "anthropic", "gcp.gen_ai", "mistral_ai", "deepseek", "x_ai");
	}

	@Test
	void gpt4oMiniShouldHaveItsPublishedPrices() {
		TokenRates mini = this.catalog.models().get("gpt-4o-mini").latest().rates();

		assertThat(mini.input()).isEqualByComparingTo("0.15");
		assertThat(mini.cacheRead()).isEqualByComparingTo("0.075");
		assertThat(mini.output()).isEqualByComparingTo("0.60");
		assertThat(mini.perMillion(TokenType.REASONING)).as("reasoning defaults to output")
			.isEqualByComparingTo("0.60");
	}

}
