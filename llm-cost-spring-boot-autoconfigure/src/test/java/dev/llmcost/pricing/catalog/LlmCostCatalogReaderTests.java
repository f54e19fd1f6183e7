package dev.llmcost.pricing.catalog;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

import dev.llmcost.pricing.ModelPrice;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the starter's own catalog format, as read by {@link CatalogFormat#LLM_COST}.
 */
@ExtendWith(OutputCaptureExtension.class)
class LlmCostCatalogReaderTests {

	@Test
	void tiersChangesAndAliasesShouldBeRead() {
		PriceList list = read("""
				{ "catalogDate": "2026-11-01",
				  "aliases": { "Gemini-Pro-Latest": "gemini-2.5-pro", "dangling": "no-such-model" },
				  "models": {
				    "gemini-2.5-pro": { "provider": "gcp.gemini", "operation": "chat",
				      "input": 1.25, "cacheRead": 0.125, "output": 10,
				      "tiers": [ { "aboveInputTokens": 200000, "input": 2.5, "cacheRead": 0.25, "output": 15 } ] },
				    "o3": { "provider": "openai", "operation": "chat", "input": 10, "cacheRead": 2.5, "output": 40,
				      "changes": [ { "from": "2025-06-10", "input": 2, "cacheRead": 0.5, "output": 8 } ] } } }
				""");

		assertThat(list.date()).isEqualTo(LocalDate.of(2026, 11, 1));
		assertThat(list.aliases())
			.containsOnly(org.assertj.core.api.Assertions.entry("gemini-pro-latest", "gemini-2.5-pro"));
		ModelPrice gemini = list.models().get("gemini-2.5-pro").latest();
		// 250,000 input tokens are above the tier: 250000 x 2.5 + 1000 x 15 = 640000 per
		// million
		assertThat(gemini.costOf(new TokenUsage(250_000, 0, 0, 1_000, 0)).total()).isEqualByComparingTo("0.64");
		PricedModel o3 = list.models().get("o3");
		assertThat(o3.priceOn(LocalDate.of(2025, 6, 9)).rates().input()).isEqualByComparingTo("10");
		assertThat(o3.priceOn(LocalDate.of(2025, 6, 10)).rates().input()).isEqualByComparingTo("2");
		assertThat(o3.source()).isEqualTo("test.json");
	}

	@Test
	void malformedEntriesShouldBeSkippedByNameAndTheOthersKept(CapturedOutput output) {
		PriceList list = read("""
				{ "models": {
				    "good": { "provider": "openai", "operation": "chat", "input": 1, "output": 2 },
				    "no-output": { "provider": "openai", "operation": "chat", "input": 1 },
				    "text-price": { "provider": "openai", "operation": "chat", "input": "cheap", "output": 2 },
				    "negative": { "provider": "openai", "operation": "chat", "input": -1, "output": 2 },
				    "bad-tier": { "operation": "chat", "input": 1, "output": 2, "tiers": [ { "input": 3 } ] },
				    "bad-date": { "operation": "chat", "input": 1, "output": 2,
				      "changes": [ { "from": "next tuesday", "input": 1, "output": 2 } ] },
				    "embedding": { "provider": "openai", "operation": "embedding", "input": 0.02 }
				} }
				""");

		assertThat(list.models()).containsOnlyKeys("good", "embedding");
		assertThat(output)
			.contains("Skipping price catalog entry 'no-output' in test.json: \"output\" price is missing")
			.contains("'text-price' in test.json: \"input\" price is not a number")
			.contains("'negative' in test.json: \"input\" price is negative")
			.contains("'bad-tier' in test.json: a tier needs a non-negative \"aboveInputTokens\"")
			.contains("'bad-date' in test.json: \"from\" is not a date");
	}

	@Test
	// A safety net only: expanding 1e1000000 would not end.
	@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
	void pricesOutOfBoundsShouldBeSkippedWithAWarningNamingThemWhileTheOthersLoad(CapturedOutput output) {
		PriceList list = read("""
				{ "models": {
				    "good": { "operation": "chat", "input": 3, "output": 15 },
				    "huge-exponent": { "operation": "chat", "input": 1e100000, "output": 15 },
				    "huger-exponent": { "operation": "chat", "input": 1e1000000, "output": 15 },
				    "tiny-exponent": { "operation": "chat", "input": 1e-1000000, "output": 15 },
				    "beyond-double": { "operation": "chat", "input": 3, "output": 1e308 },
				    "just-above": { "operation": "chat", "input": 3, "output": 10000.000000001 },
				    "huge-tier-price": { "operation": "chat", "input": 3, "output": 15,
				      "tiers": [ { "aboveInputTokens": 200000, "input": 1e1000000 } ] },
				    "huge-tier-threshold": { "operation": "chat", "input": 3, "output": 15,
				      "tiers": [ { "aboveInputTokens": 1e1000000, "input": 6 } ] },
				    "huge-change": { "operation": "chat", "input": 3, "output": 15,
				      "changes": [ { "from": "2026-01-01", "input": 3, "output": 1e1000000 } ] },
				    "highest": { "operation": "chat", "input": 10000, "output": 0.000001 }
				} }
				""");

		assertThat(list.models()).containsOnlyKeys("good", "highest");
		assertThat(output)
			.contains("'huge-exponent' in test.json: \"input\" price is above 10000 USD per million tokens")
			.contains("'huger-exponent' in test.json: \"input\" price is above 10000 USD per million tokens")
			.contains("'tiny-exponent' in test.json: \"input\" price is below 0.000001 USD per million tokens")
			.contains("'beyond-double' in test.json: \"output\" price is above 10000")
			.contains("'just-above' in test.json: \"output\" price is above 10000")
			.contains("'huge-tier-price' in test.json: \"input\" price is above 10000")
			.contains("'huge-tier-threshold' in test.json: a tier needs a non-negative \"aboveInputTokens\"")
			.contains("'huge-change' in test.json: \"output\" price is above 10000");
	}

	@Test
	void unitPricesShouldBeReadAndNeedNoTokenPrices(CapturedOutput output) {
		PriceList list = read(
				"""
						{ "models": {
						    "hd/1024-x-1792/dall-e-3": { "provider": "openai", "operation": "image_generation", "perImage": 0.12 },
						    "whisper-1": { "provider": "openai", "operation": "audio_transcription", "perSecond": 0.0001 },
						    "tts-1": { "provider": "openai", "operation": "text_to_speech", "perCharacter": 0.000015 },
						    "claude-x": { "provider": "anthropic", "operation": "chat", "input": 3, "output": 15,
						      "perRequest": 0.01, "changes": [ { "from": "2026-01-01", "input": 3, "output": 15 } ] },
						    "huge-image": { "operation": "image_generation", "perImage": 1e1000000 },
						    "negative-request": { "operation": "chat", "input": 3, "output": 15, "perRequest": -0.01 },
						    "half-priced": { "operation": "chat", "input": 3, "perRequest": 0.01 }
						} }
						""");

		assertThat(list.models()).containsOnlyKeys("hd/1024-x-1792/dall-e-3", "whisper-1", "tts-1", "claude-x");
		ModelPrice image = list.models().get("hd/1024-x-1792/dall-e-3").latest();
		// 2 images x 0.12
		assertThat(image.costOf(TokenUsage.EMPTY, UnitUsage.of(UnitType.IMAGE, 2)).total())
			.isEqualByComparingTo("0.24");
		// 90 seconds x 0.0001
		assertThat(list.models()
			.get("whisper-1")
			.latest()
			.costOf(TokenUsage.EMPTY, UnitUsage.of(UnitType.SECOND, 90))
			.total()).isEqualByComparingTo("0.009");
		// 1,000 characters x 0.000015
		assertThat(list.models()
			.get("tts-1")
			.latest()
			.costOf(TokenUsage.EMPTY, UnitUsage.of(UnitType.CHARACTER, 1_000))
			.total()).isEqualByComparingTo("0.015");
		PricedModel claude = list.models().get("claude-x");
		// 1,000 input x 3 + 100 output x 15 per million, plus 2 searches x 0.01
		assertThat(claude.priceOn(LocalDate.of(2025, 12, 31))
			.costOf(new TokenUsage(1_000, 0, 0, 100, 0), UnitUsage.of(UnitType.REQUEST, 2))
			.total()).isEqualByComparingTo("0.0245");
		assertThat(claude.priceOn(LocalDate.of(2026, 1, 1)).units().isEmpty())
			.as("a change is a whole new price: it prices only the units it names")
			.isTrue();
		assertThat(output).contains("'huge-image' in test.json: \"perImage\" price is above 1000 USD per unit")
			.contains("'negative-request' in test.json: \"perRequest\" price is negative")
			.contains("'half-priced' in test.json: \"output\" price is missing")
			.doesNotContain("1e1000000");
	}

	@Test
	void pricesShouldBeReadAsExactDecimals() {
		PriceList list = read("""
				{ "models": { "m": { "operation": "chat", "input": 0.075, "output": 0.1 } } }
				""");

		assertThat(list.models().get("m").latest().rates().input().toPlainString()).isEqualTo("0.075");
	}

	@Test
	void contentThatIsNotACatalogShouldBeRejectedClearly() {
		assertThatIllegalArgumentException().isThrownBy(() -> read("{ nope"))
			.withMessageContaining("test.json is not valid JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> read("[]"))
			.withMessageContaining("test.json has no \"models\" object");
	}

	private static PriceList read(String json) {
		return CatalogFormat.LLM_COST.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
				"test.json");
	}

}
