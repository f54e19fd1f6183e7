package dev.llmcost.pricing.catalog;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

import dev.llmcost.pricing.Cost;
import dev.llmcost.pricing.ModelPrice;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.PriceTier;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.usage.TokenType;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LiteLlmCatalogReader}: LiteLLM's per-token prices read as exact prices
 * per million tokens, with its context tiers, through {@link CatalogFormat#LITELLM}.
 */
@ExtendWith(OutputCaptureExtension.class)
class LiteLlmCatalogReaderTests {

	private static final String SOURCE = "classpath:catalogs/litellm-catalog.json";

	private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

	@Test
	void chatEntryShouldBePricedPerMillionTokensWithItsCacheReadPrice() {
		TokenRates rates = rates("gpt-4o-mini");

		// 1.5e-07, 7.5e-08 and 6e-07 USD per token
		assertThat(rates.input()).isEqualByComparingTo("0.15");
		assertThat(rates.cacheRead()).isEqualByComparingTo("0.075");
		assertThat(rates.output()).isEqualByComparingTo("0.6");
		assertThat(rates.cacheWrite()).as("unpublished: the input price").isEqualByComparingTo("0.15");
		assertThat(rates.reasoning()).as("unpublished: the output price").isEqualByComparingTo("0.6");
	}

	@Test
	void perTokenPricesShouldConvertExactlyToPlainDecimals() {
		TokenRates rates = rates("gpt-4o-mini");

		assertThat(rates.cacheRead().toPlainString()).isEqualTo("0.075");
		assertThat(rates("claude-sonnet-4-5").output().toString()).as("1.5e-05 per token").isEqualTo("15");
		assertThat(rates("deepseek-reasoner").output().toPlainString()).as("2.19e-06 per token").isEqualTo("2.19");
	}

	@Test
	void serviceTierVariantsShouldNotReplaceTheStandardPrice() {
		TokenRates rates = rates("gpt-4o-mini");

		assertThat(rates.input()).as("not the batch price 0.075 or the priority price 0.25")
			.isEqualByComparingTo("0.15");
		assertThat(rates.output()).as("not the batch price 0.3 or the priority price 1").isEqualByComparingTo("0.6");
	}

	@Test
	void cacheWritePricesShouldKeepTheFiveMinuteAndTheOneHourPrice() {
		TokenRates rates = rates("claude-sonnet-4-5");

		assertThat(rates.cacheWrite()).as("3.75e-06 per token").isEqualByComparingTo("3.75");
		assertThat(rates.cacheWrite1h()).as("6e-06 per token").isEqualByComparingTo("6");
		assertThat(rates.cacheRead()).isEqualByComparingTo("0.3");
	}

	@Test
	void above200kKeysShouldBecomeATierAt200000InputTokensWithItsOwnRates() {
		ModelPrice price = price("claude-sonnet-4-5");

		assertThat(price.rates().input()).as("3e-06 per token").isEqualByComparingTo("3");
		assertThat(price.tiers()).singleElement().satisfies((tier) -> {
			assertThat(tier.aboveInputTokens()).isEqualTo(200_000);
			assertThat(tier.rates().input()).as("6e-06 per token").isEqualByComparingTo("6");
			assertThat(tier.rates().output()).as("2.25e-05 per token").isEqualByComparingTo("22.5");
			assertThat(tier.rates().cacheRead()).isEqualByComparingTo("0.6");
			assertThat(tier.rates().cacheWrite()).isEqualByComparingTo("7.5");
			assertThat(tier.rates().cacheWrite1h()).isEqualByComparingTo("12");
		});
	}

	@Test
	void tierShouldApplyOnlyWhenTheInputCachedTokensIncludedExceedsTheThreshold() {
		ModelPrice price = price("claude-sonnet-4-5");

		// LiteLLM compares prompt tokens (cache reads and writes included) with ">"
		assertThat(price.ratesFor(new TokenUsage(150_000, 40_000, 10_000, 100, 0)).input())
			.as("exactly 200,000 input tokens")
			.isEqualByComparingTo("3");
		assertThat(price.ratesFor(new TokenUsage(150_001, 40_000, 10_000, 100, 0)).input()).as("200,001 input tokens")
			.isEqualByComparingTo("6");
	}

	@Test
	void xaiTierShouldApplyOnceTheInputReachesTheThreshold() {
		ModelPrice price = price("xai/grok-4-fast");

		// LiteLLM treats xAI's thresholds as inclusive: 128,000 tokens pay the tier price
		assertThat(price.tiers()).extracting(PriceTier::aboveInputTokens).containsExactly(127_999L);
		assertThat(price.ratesFor(new TokenUsage(127_999, 0, 0, 10, 0)).input()).isEqualByComparingTo("0.2");
		assertThat(price.ratesFor(new TokenUsage(128_000, 0, 0, 10, 0)).input()).isEqualByComparingTo("0.4");
	}

	@Test
	void tierPriceNotPublishedForABucketShouldScaleWithTheTierInputPrice() {
		PriceTier tier = price("vertex_ai/gemini-2.5-pro").tiers().get(0);

		// input doubles from 1.25 to 2.5 above 200k, so the cache read 0.125 does too
		assertThat(tier.rates().input()).isEqualByComparingTo("2.5");
		assertThat(tier.rates().cacheRead()).isEqualByComparingTo("0.25");
		assertThat(tier.rates().output()).isEqualByComparingTo("15");
	}

	@Test
	void oneHourCacheWritesWithoutAPriceShouldCostWhatCacheWritesCostAtTheTier() {
		PriceTier tier = price("vertex_ai/gemini-2.5-pro").tiers().get(0);

		assertThat(tier.rates().cacheWrite()).as("2.5e-07 per token").isEqualByComparingTo("0.25");
		assertThat(tier.rates().cacheWrite1h()).isEqualByComparingTo("0.25");
	}

	@Test
	void costOfACallShouldFollowThePublishedPrices() {
		// USD per million: input 0.15, cache read 0.075, output 0.6, reasoning at output
		Cost cost = price("gpt-4o-mini").costOf(new TokenUsage(10_000, 4_000, 0, 1_500, 500));

		assertThat(cost.of(TokenType.INPUT)).as("10,000 x 0.15 / 1M").isEqualByComparingTo("0.0015");
		assertThat(cost.of(TokenType.CACHE_READ)).as("4,000 x 0.075 / 1M").isEqualByComparingTo("0.0003");
		assertThat(cost.of(TokenType.OUTPUT)).as("1,500 x 0.6 / 1M").isEqualByComparingTo("0.0009");
		assertThat(cost.of(TokenType.REASONING)).as("500 x 0.6 / 1M").isEqualByComparingTo("0.0003");
		assertThat(cost.total()).isEqualByComparingTo("0.003");
	}

	@Test
	void longPromptShouldCostTheTierPriceForEveryToken() {
		// 190,000 + 20,000 + 1,000 = 211,000 input tokens > 200,000: every bucket at the
		// tier
		Cost cost = price("claude-sonnet-4-5").costOf(new TokenUsage(190_000, 20_000, 1_000, 2_000, 0));

		// 190,000 x 6 + 20,000 x 0.6 + 1,000 x 7.5 + 2,000 x 22.5 = 1,204,500 USD per
		// million
		assertThat(cost.total()).isEqualByComparingTo("1.2045");
	}

	@Test
	void embeddingShouldBePricedWithOutputFreeEvenWithoutAnOutputPrice() {
		assertThat(rates("text-embedding-3-small").input()).isEqualByComparingTo("0.02");
		assertThat(rates("text-embedding-3-small").output()).isEqualByComparingTo("0");
		assertThat(rates("azure/text-embedding-3-large").input()).isEqualByComparingTo("0.13");
		assertThat(rates("azure/text-embedding-3-large").output()).isEqualByComparingTo("0");
	}

	@Test
	void completionEntryShouldBePricedLikeAChatEntry() {
		assertThat(rates("gpt-3.5-turbo-instruct").input()).isEqualByComparingTo("1.5");
		assertThat(rates("gpt-3.5-turbo-instruct").output()).isEqualByComparingTo("2");
	}

	@Test
	void reasoningPriceShouldBeReadWhenPublished() {
		assertThat(rates("deepseek-reasoner").reasoning()).isEqualByComparingTo("2.19");
	}

	@Test
	void entriesPricedPerUnitShouldBeReadAndOthersNotPricedByTheTokenLeftOutWithoutAWarning(CapturedOutput output) {
		PriceList catalog = load();

		assertThat(catalog.models()).doesNotContainKeys("cohere/rerank-v3.5");
		assertThat(unit(catalog, "dall-e-3", UnitType.IMAGE)).isEqualByComparingTo("0.04");
		assertThat(unit(catalog, "whisper-1", UnitType.SECOND)).isEqualByComparingTo("0.0001");
		assertThat(output).doesNotContain("dall-e-3").doesNotContain("whisper-1").doesNotContain("rerank");
	}

	@Test
	void sampleSpecShouldNotBeReadAsAModel() {
		assertThat(load().models()).doesNotContainKey("sample_spec");
	}

	@Test
	void malformedEntriesShouldBeSkippedWithAWarningNamingThemWhileTheOthersLoad(CapturedOutput output) {
		PriceList catalog = load();

		assertThat(catalog.models()).doesNotContainKeys("broken-string-price", "broken-negative-price",
				"broken-missing-output");
		// 12 priced by the token, dall-e-3 and whisper-1 per unit
		assertThat(catalog.models()).hasSize(14);
		assertThat(output).contains("'broken-string-price' in " + SOURCE)
			.contains("\"input_cost_per_token\" price is not a number")
			.contains("'broken-negative-price' in " + SOURCE)
			.contains("\"output_cost_per_token\" price is negative")
			.contains("'broken-missing-output' in " + SOURCE)
			.contains("\"output_cost_per_token\" price is missing");
	}

	@Test
	// A safety net only: expanding 1e1000000 would not end.
	@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
	void pricesOutOfBoundsShouldBeSkippedWithAWarningNamingThemWhileTheOthersLoad(CapturedOutput output) {
		PriceList catalog = CatalogFormat.LITELLM.read(
				json("""
						{ "good": { "litellm_provider": "openai", "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05 },
						  "huge-exponent": { "input_cost_per_token": 1e1000000, "output_cost_per_token": 1e-06 },
						  "tiny-exponent": { "input_cost_per_token": 1e-1000000, "output_cost_per_token": 1e-06 },
						  "beyond-double": { "input_cost_per_token": 1e-06, "output_cost_per_token": 1e308 },
						  "far-above": { "input_cost_per_token": 1e300, "output_cost_per_token": 1e-06 },
						  "just-above": { "input_cost_per_token": 0.0100000001, "output_cost_per_token": 1e-06 },
						  "huge-tier": { "input_cost_per_token": 1e-06, "output_cost_per_token": 1e-06,
						    "input_cost_per_token_above_200k_tokens": 1e1000000 },
						  "huge-cache-read": { "input_cost_per_token": 1e-06, "output_cost_per_token": 1e-06,
						    "cache_read_input_token_cost": 1e1000000 },
						  "highest": { "input_cost_per_token": 0.01, "output_cost_per_token": 1e-12 } }
						"""),
				"generated");

		assertThat(catalog.models()).containsOnlyKeys("good", "highest");
		assertThat(catalog.models().get("highest").latest().rates().input().toPlainString()).isEqualTo("10000");
		assertThat(catalog.models().get("highest").latest().rates().output().toPlainString()).isEqualTo("0.000001");
		assertThat(output).contains(
				"'huge-exponent' in generated: \"input_cost_per_token\" price is above 10000 USD per million tokens")
			.contains("'tiny-exponent' in generated: \"input_cost_per_token\" price is below 0.000001 USD per million")
			.contains("'beyond-double' in generated: \"output_cost_per_token\" price is above 10000")
			.contains("'far-above' in generated: \"input_cost_per_token\" price is above 10000")
			.contains("'just-above' in generated: \"input_cost_per_token\" price is above 10000")
			.contains("'huge-tier' in generated: \"input_cost_per_token_above_200k_tokens\" price is above 10000")
			.contains("'huge-cache-read' in generated: \"cache_read_input_token_cost\" price is above 10000");
	}

	@Test
	void floatingPointArtifactsShouldBeRoundedAway() {
		PriceList catalog = CatalogFormat.LITELLM.read(
				json("""
						{ "m": { "input_cost_per_token": 3.5000000000000004e-07, "output_cost_per_token": 2.4997000000000006e-07 } }
						"""),
				"generated");

		assertThat(catalog.models().get("m").latest().rates().input().toPlainString()).isEqualTo("0.35");
		assertThat(catalog.models().get("m").latest().rates().output().toPlainString()).isEqualTo("0.24997");
	}

	@Test
	void entryNamesShouldBeKeptWithTheirProviderPrefixInLowerCase() {
		assertThat(load().models()).containsKeys("vertex_ai/gemini-2.5-pro", "azure/text-embedding-3-large",
				"bedrock/us.amazon.nova-pro-v1:0", "together_ai/meta-llama/llama-3.3-70b-instruct-turbo");
		assertThat(load().models().get("vertex_ai/gemini-2.5-pro").model()).isEqualTo("vertex_ai/Gemini-2.5-Pro");
	}

	@Test
	void litellmProvidersShouldBecomeGenAiProviderNames() {
		PriceList catalog = load();

		assertThat(catalog.models().get("gpt-4o-mini").provider()).isEqualTo("openai");
		assertThat(catalog.models().get("gpt-3.5-turbo-instruct").provider()).isEqualTo("openai");
		assertThat(catalog.models().get("claude-sonnet-4-5").provider()).isEqualTo("anthropic");
		assertThat(catalog.models().get("azure/text-embedding-3-large").provider()).isEqualTo("azure.ai.openai");
		assertThat(catalog.models().get("bedrock/us.amazon.nova-pro-v1:0").provider()).isEqualTo("aws.bedrock");
		assertThat(catalog.models().get("vertex_ai/gemini-2.5-pro").provider()).isEqualTo("gcp.vertex_ai");
		assertThat(catalog.models().get("gemini/gemini-2.0-flash").provider()).isEqualTo("gcp.gen_ai");
		assertThat(catalog.models().get("mistral/mistral-large-latest").provider()).isEqualTo("mistral_ai");
		assertThat(catalog.models().get("deepseek-reasoner").provider()).isEqualTo("deepseek");
		assertThat(catalog.models().get("xai/grok-4-fast").provider()).isEqualTo("x_ai");
		assertThat(catalog.models().get("together_ai/meta-llama/llama-3.3-70b-instruct-turbo").provider())
			.as("no gen_ai name: LiteLLM's id")
			.isEqualTo("together_ai");
	}

	@Test
	void entriesShouldNameTheirSourceAndHaveNoStartDate() {
		PricedModel model = load().models().get("gpt-4o-mini");

		assertThat(model.source()).isEqualTo(SOURCE);
		assertThat(model.prices()).singleElement().satisfies((price) -> assertThat(price.validFrom()).isNull());
		assertThat(load().date()).isNull();
	}

	@Test
	void catalogThatIsNotAnObjectShouldBeRejectedNamingItsSource() {
		assertThatIllegalArgumentException().isThrownBy(() -> CatalogFormat.LITELLM.read(json("[]"), "prices.json"))
			.withMessageContaining("prices.json")
			.withMessageContaining("is not a LiteLLM catalog");
	}

	@Test
	void invalidJsonShouldBeRejectedNamingItsSource() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CatalogFormat.LITELLM.read(json("{\"gpt-4o\": {"), "prices.json"))
			.withMessageContaining("Price catalog prices.json is not valid JSON");
	}

	@Test
	void catalogOfThousandsOfEntriesShouldLoadEveryEntry() {
		StringBuilder catalog = new StringBuilder("{");
		for (int i = 1; i <= 3000; i++) {
			// i x 1e-08 USD per token is i / 100 USD per million
			catalog.append((i > 1) ? "," : "")
				.append("\"model-")
				.append(i)
				.append("\": {\"litellm_provider\": \"openai\", \"mode\": \"chat\", \"input_cost_per_token\": ")
				.append(i)
				.append("e-08, \"cache_read_input_token_cost\": ")
				.append(i)
				.append("e-09, \"output_cost_per_token\": ")
				.append(4 * i)
				.append("e-08, \"input_cost_per_token_above_128k_tokens\": ")
				.append(2 * i)
				.append("e-08, \"max_input_tokens\": 1000000, \"supports_function_calling\": true}");
		}
		catalog.append("}");

		PriceList prices = CatalogFormat.LITELLM.read(json(catalog.toString()), "generated");

		assertThat(prices.models()).hasSize(3000);
		ModelPrice last = prices.models().get("model-3000").priceOn(TODAY);
		assertThat(last.rates().input()).isEqualByComparingTo("30");
		assertThat(last.rates().cacheRead()).isEqualByComparingTo("3");
		assertThat(last.rates().output()).isEqualByComparingTo("120");
		assertThat(last.tiers()).singleElement().satisfies((tier) -> {
			assertThat(tier.aboveInputTokens()).isEqualTo(128_000);
			assertThat(tier.rates().input()).isEqualByComparingTo("60");
		});
	}

	private static TokenRates rates(String model) {
		return price(model).rates();
	}

	private static ModelPrice price(String model) {
		PricedModel entry = load().models().get(model);
		assertThat(entry).as(model).isNotNull();
		return entry.priceOn(TODAY);
	}

	private static PriceList load() {
		InputStream in = LiteLlmCatalogReaderTests.class.getResourceAsStream("/catalogs/litellm-catalog.json");
		return CatalogFormat.LITELLM.read(in, SOURCE);
	}

	@Test
	void imageAudioAndSearchPricesShouldBeReadPerUnit() {
		PriceList catalog = CatalogFormat.LITELLM.read(
				json("""
						{ "hd/1024-x-1792/dall-e-3": { "mode": "image_generation", "input_cost_per_pixel": 6.539e-08,
						    "output_cost_per_pixel": 0.0, "litellm_provider": "openai" },
						  "256-x-256/dall-e-2": { "mode": "image_generation", "input_cost_per_pixel": 2.4414e-07,
						    "output_cost_per_pixel": 0.0, "litellm_provider": "openai" },
						  "gpt-image-1": { "mode": "image_generation", "input_cost_per_token": 5e-06,
						    "output_cost_per_token": 4e-05, "input_cost_per_image": 0.011, "litellm_provider": "openai" },
						  "whisper-1": { "mode": "audio_transcription", "input_cost_per_second": 0.0001,
						    "output_cost_per_second": 0.0001, "litellm_provider": "openai" },
						  "tts-1": { "mode": "audio_speech", "input_cost_per_character": 1.5e-05, "litellm_provider": "openai" },
						  "claude-sonnet-4-5": { "mode": "chat", "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
						    "litellm_provider": "anthropic", "search_context_cost_per_query": { "search_context_size_low": 0.01,
						    "search_context_size_medium": 0.01, "search_context_size_high": 0.01 } } }
						"""),
				"generated");

		// 6.539e-08 x 1024 x 1792 = 0.11999...: 0.120 to a tenth of a cent, the published
		// price of an HD 1024x1792 image; 2.4414e-07 x 256 x 256 = 0.01599...: 0.016.
		assertThat(unit(catalog, "hd/1024-x-1792/dall-e-3", UnitType.IMAGE)).isEqualByComparingTo("0.120");
		assertThat(unit(catalog, "256-x-256/dall-e-2", UnitType.IMAGE)).isEqualByComparingTo("0.016");
		assertThat(unit(catalog, "gpt-image-1", UnitType.IMAGE)).isEqualByComparingTo("0.011");
		assertThat(catalog.models().get("gpt-image-1").latest().rates().input()).isEqualByComparingTo("5");
		// 0.006 USD a minute
		assertThat(unit(catalog, "whisper-1", UnitType.SECOND)).isEqualByComparingTo("0.0001");
		// 15 USD per million characters
		assertThat(unit(catalog, "tts-1", UnitType.CHARACTER)).isEqualByComparingTo("0.000015");
		// 10 USD per 1,000 searches
		assertThat(unit(catalog, "claude-sonnet-4-5", UnitType.REQUEST)).isEqualByComparingTo("0.01");
	}

	@Test
	void hostileUnitPricesShouldSkipTheirEntry(CapturedOutput output) {
		PriceList catalog = CatalogFormat.LITELLM.read(json("""
				{ "negative": { "mode": "audio_speech", "input_cost_per_character": -1.5e-05 },
				  "huge": { "mode": "image_generation", "input_cost_per_image": 1e1000000 },
				  "huge-pixel": { "mode": "image_generation", "input_cost_per_pixel": 1e1000000 },
				  "whisper-1": { "mode": "audio_transcription", "input_cost_per_second": 0.0001 } }
				"""), "generated");

		assertThat(catalog.models()).containsOnlyKeys("whisper-1");
		assertThat(output).contains("'negative' in generated: \"input_cost_per_character\" price is negative")
			.contains("'huge' in generated: \"input_cost_per_image\" price is above 1000 USD per unit");
	}

	private static BigDecimal unit(PriceList catalog, String model, UnitType type) {
		return catalog.models().get(model).latest().units().perUnit(type);
	}

	private static InputStream json(String json) {
		return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
	}

}
