package dev.llmcost.pricing;

import java.math.BigDecimal;

import dev.llmcost.usage.TokenType;
import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TokenRates}: exact cost per bucket and the defaults for unpublished
 * prices.
 */
class TokenRatesTests {

	@Test
	void costShouldBeExactForEveryBucket() {
		// USD per million: input 3, cache read 0.30, cache write 3.75, output 15,
		// reasoning defaults to 15
		TokenRates rates = TokenRates.of(usd("3"), usd("0.30"), usd("3.75"), null, usd("15"), null);

		Cost cost = rates.costOf(new TokenUsage(1, 1000, 2000, 3, 7));

		assertThat(cost.of(TokenType.INPUT)).isEqualByComparingTo("0.000003");
		assertThat(cost.of(TokenType.CACHE_READ)).isEqualByComparingTo("0.0003");
		assertThat(cost.of(TokenType.CACHE_WRITE)).isEqualByComparingTo("0.0075");
		assertThat(cost.of(TokenType.OUTPUT)).isEqualByComparingTo("0.000045");
		assertThat(cost.of(TokenType.REASONING)).isEqualByComparingTo("0.000105");
		// 3 + 300 + 7500 + 45 + 105 = 7953 USD per million
		assertThat(cost.total()).isEqualByComparingTo("0.007953");
	}

	@Test
	void explicitReasoningPriceShouldBeUsed() {
		TokenRates rates = TokenRates.of(usd("1"), null, null, null, usd("4"), usd("8"));

		// 1000 reasoning tokens x 8 USD per million
		assertThat(rates.costOf(new TokenUsage(0, 0, 0, 0, 1000)).total()).isEqualByComparingTo("0.008");
	}

	@Test
	void unpublishedPricesShouldFollowTheDocumentedDefaults() {
		TokenRates rates = TokenRates.of(usd("10"), null, usd("12.5"), null, usd("30"), null);

		assertThat(rates.cacheRead()).as("cache read at the input price").isEqualByComparingTo("10");
		assertThat(rates.cacheWrite1h()).as("one-hour write at the cache-write price").isEqualByComparingTo("12.5");
		assertThat(rates.reasoning()).as("reasoning at the output price").isEqualByComparingTo("30");
		assertThat(TokenRates.of(usd("10"), null, null, null, usd("30"), null).cacheWrite()).isEqualByComparingTo("10");
	}

	@Test
	void tierShouldScaleTheBucketsItDoesNotPublish() {
		TokenRates base = TokenRates.of(usd("3"), usd("0.30"), usd("3.75"), usd("6"), usd("15"), null);

		// the tier publishes input 6 (2x) and output 22.5 (1.5x) only
		TokenRates tier = TokenRates.forTier(base, usd("6"), null, null, null, usd("22.5"), null);

		assertThat(tier.cacheRead()).isEqualByComparingTo("0.60");
		assertThat(tier.cacheWrite()).isEqualByComparingTo("7.50");
		assertThat(tier.cacheWrite1h()).isEqualByComparingTo("12");
		assertThat(tier.reasoning()).isEqualByComparingTo("22.5");
	}

	@Test
	void tinyCostsShouldNotBeRoundedAway() {
		TokenRates rates = TokenRates.of(usd("0.005"), null, null, null, usd("0.4"), null);

		assertThat(rates.costOf(new TokenUsage(1, 0, 0, 0, 0)).total()).isEqualByComparingTo("0.000000005");
	}

	@Test
	void negativePriceShouldBeRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TokenRates.of(usd("-1"), null, null, null, BigDecimal.ONE, null))
			.withMessageContaining("input price must not be negative");
	}

	static BigDecimal usd(String amount) {
		return new BigDecimal(amount);
	}

}
