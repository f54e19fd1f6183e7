package dev.llmcost.pricing;

import java.time.LocalDate;
import java.util.List;

import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static dev.llmcost.pricing.TokenRatesTests.usd;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ModelPrice} and {@link PricedModel}: context-length tiers and prices
 * that change on a day.
 */
class ModelPriceTests {

	// Gemini 2.5 Pro style: 1.25 / 0.125 / 10 up to 200k input tokens, 2.5 / 0.25 / 15
	// above
	private final ModelPrice tiered = new ModelPrice(null,
			TokenRates.of(usd("1.25"), usd("0.125"), null, null, usd("10"), null),
			List.of(new PriceTier(200_000, TokenRates.of(usd("2.5"), usd("0.25"), null, null, usd("15"), null))));

	@Test
	void callAtTheThresholdShouldBePricedAtTheBaseRates() {
		// 150,000 uncached + 50,000 cached = 200,000 input tokens: not above the
		// threshold
		Cost cost = this.tiered.costOf(new TokenUsage(150_000, 50_000, 0, 1_000, 0));

		// 150000 x 1.25 + 50000 x 0.125 + 1000 x 10 = 187500 + 6250 + 10000 = 203750 per
		// million
		assertThat(cost.total()).isEqualByComparingTo("0.20375");
	}

	@Test
	void callAboveTheThresholdShouldBePricedEntirelyAtTheTierRates() {
		// 150,001 + 50,000 = 200,001 input tokens: every token at the tier's rates
		Cost cost = this.tiered.costOf(new TokenUsage(150_001, 50_000, 0, 1_000, 0));

		// 150001 x 2.5 + 50000 x 0.25 + 1000 x 15 = 375002.5 + 12500 + 15000 = 402502.5
		// per million
		assertThat(cost.total()).isEqualByComparingTo("0.4025025");
	}

	@Test
	void priceChangeShouldApplyFromItsDay() {
		// o3: 10 / 40 until 2025-06-09, 2 / 8 from 2025-06-10
		PricedModel o3 = new PricedModel("o3", "openai", "test",
				List.of(new ModelPrice(LocalDate.of(2025, 6, 10),
						TokenRates.of(usd("2"), null, null, null, usd("8"), null), List.of()),
						ModelPrice.of(TokenRates.of(usd("10"), null, null, null, usd("40"), null))));
		TokenUsage usage = new TokenUsage(1_000, 0, 0, 1_000, 0);

		// 1000 x 10 + 1000 x 40 = 50000 per million
		assertThat(o3.priceOn(LocalDate.of(2025, 6, 9)).costOf(usage).total()).isEqualByComparingTo("0.05");
		// 1000 x 2 + 1000 x 8 = 10000 per million
		assertThat(o3.priceOn(LocalDate.of(2025, 6, 10)).costOf(usage).total()).isEqualByComparingTo("0.01");
		assertThat(o3.latest().validFrom()).isEqualTo(LocalDate.of(2025, 6, 10));
	}

	@Test
	void dayBeforeEveryKnownPriceShouldGetTheEarliestPrice() {
		PricedModel model = new PricedModel("m", "openai", "test", List.of(new ModelPrice(LocalDate.of(2026, 1, 1),
				TokenRates.of(usd("1"), null, null, null, usd("2"), null), List.of())));

		assertThat(model.priceOn(LocalDate.of(2020, 1, 1)).rates().input()).isEqualByComparingTo("1");
	}

}
