package dev.llmcost.pricing;

import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

import dev.llmcost.usage.TokenType;
import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
	void oneHourCacheWritesShouldBePricedAtTheOneHourRateInsideTheCacheWriteBucket() {
		// USD per million: cache write 3.75 (five minutes), 6 (one hour)
		TokenRates rates = TokenRates.of(usd("3"), usd("0.30"), usd("3.75"), usd("6"), usd("15"), null);

		Cost cost = rates.costOf(new TokenUsage(0, 0, 3000, 0, 0, 2000));

		// 1000 x 3.75 + 2000 x 6 = 3750 + 12000 = 15750 USD per million
		assertThat(cost.of(TokenType.CACHE_WRITE)).isEqualByComparingTo("0.01575");
		assertThat(cost.total()).isEqualByComparingTo("0.01575");
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
			.withMessageContaining("input price is negative");
	}

	@ParameterizedTest
	@ValueSource(strings = { "10000.000000001", "1e300", "1e308", "1e100000", "1e1000000", "1e2147483647" })
	// A safety net only: expanding 1e1000000 would not end.
	@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
	void priceAboveTheHighestPriceShouldBeRejectedWithoutExpandingIt(String price) {
		assertThatIllegalArgumentException().isThrownBy(() -> TokenRates.rate(usd(price)))
			.withMessage("is above 10000 USD per million tokens");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TokenRates.of(usd("1"), null, null, null, usd(price), null))
			.withMessage("output price is above 10000 USD per million tokens");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0.00000099", "1e-300", "1e-1000000", "1e-2147483647" })
	@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
	void nonZeroPriceBelowTheLowestPriceShouldBeRejectedWithoutExpandingIt(String price) {
		assertThatIllegalArgumentException().isThrownBy(() -> TokenRates.rate(usd(price)))
			.withMessage("is below 0.000001 USD per million tokens and not 0");
	}

	@Test
	void pricesAtTheBoundsShouldBeAccepted() {
		assertThat(TokenRates.rate(usd("10000")).toPlainString()).isEqualTo("10000");
		assertThat(TokenRates.rate(usd("1E+4")).toPlainString()).isEqualTo("10000");
		assertThat(TokenRates.rate(usd("0.000001")).toPlainString()).isEqualTo("0.000001");
		assertThat(TokenRates.rate(usd("0")).toPlainString()).isEqualTo("0");
		assertThat(TokenRates.rate(usd("0E-1000000")).toPlainString()).as("zero, however written").isEqualTo("0");
		assertThat(TokenRates.rate(usd("0E+1000000")).toPlainString()).isEqualTo("0");
	}

	@Test
	void priceShouldBeKeptToNineDecimalPlacesInPlainNotation() {
		// floating-point artifacts of a per-token catalog: 3.5000000000000004e-07 per
		// token
		assertThat(TokenRates.rate(usd("0.35000000000000004")).toPlainString()).isEqualTo("0.35");
		assertThat(TokenRates.rate(usd("0.24997000000000006000000")).toPlainString()).isEqualTo("0.24997");
		assertThat(TokenRates.rate(usd("1.0000000015")).toPlainString()).as("half even").isEqualTo("1.000000002");
		assertThat(TokenRates.rate(usd("1.5E+1")).toPlainString()).isEqualTo("15");
		assertThat(TokenRates.rate(usd("0.0750")).toPlainString()).isEqualTo("0.075");
		assertThat(TokenRates.of(usd("3.00"), null, null, null, usd("15.0"), null).output().toPlainString())
			.isEqualTo("15");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1e1000000", "1e-1000000", "1e308", "1e-13" })
	@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
	void pricePerTokenOutOfBoundsShouldBeRejectedWithoutExpandingIt(String price) {
		assertThatIllegalArgumentException().isThrownBy(() -> TokenRates.rateFromPerToken(usd(price)));
	}

	@Test
	void pricePerTokenShouldBecomeAPricePerMillionTokens() {
		assertThat(TokenRates.rateFromPerToken(usd("3.5000000000000004e-07")).toPlainString()).isEqualTo("0.35");
		assertThat(TokenRates.rateFromPerToken(usd("1.5e-05")).toPlainString()).isEqualTo("15");
		assertThat(TokenRates.rateFromPerToken(usd("0.01")).toPlainString()).as("the highest").isEqualTo("10000");
		assertThat(TokenRates.rateFromPerToken(usd("1e-12")).toPlainString()).as("the lowest").isEqualTo("0.000001");
	}

	@Test
	void tierPriceOutOfBoundsShouldBeRejectedBeforeScalingTheOtherBuckets() {
		TokenRates base = TokenRates.of(usd("3"), usd("0.30"), null, null, usd("15"), null);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> TokenRates.forTier(base, usd("1e1000000"), null, null, null, null, null))
			.withMessage("input price is above 10000 USD per million tokens");
	}

	@Test
	void costAtTheHighestPriceOfTheLargestTokenCountsShouldBeExactAndShort() {
		TokenRates highest = TokenRates.of(usd("10000"), null, null, null, usd("10000"), null);
		long tokens = Long.MAX_VALUE;

		Cost cost = highest.costOf(new TokenUsage(tokens, tokens, tokens, tokens, tokens));

		// 9,223,372,036,854,775,807 x 10,000 / 1,000,000 per bucket
		assertThat(cost.of(TokenType.INPUT)).isEqualByComparingTo("92233720368547758.07");
		assertThat(cost.total()).isEqualByComparingTo("461168601842738790.35");
		assertThat(cost.total().toPlainString()).hasSizeLessThanOrEqualTo(40);
		Cost intMax = highest.costOf(new TokenUsage(Integer.MAX_VALUE, 0, 0, 0, 0));
		// 2,147,483,647 x 10,000 / 1,000,000
		assertThat(intMax.total()).isEqualByComparingTo("21474836.47");
		assertThat(intMax.total().toPlainString()).hasSizeLessThanOrEqualTo(40);
	}

	@Test
	void costAtTheMostDigitsOfAPriceShouldBeExactAndShort() {
		TokenRates mostDigits = TokenRates.of(usd("9999.999999999"), null, null, null, usd("0.000001"), null);

		Cost cost = mostDigits.costOf(new TokenUsage(Long.MAX_VALUE, 0, 0, Long.MAX_VALUE, 0));

		// 9,223,372,036,854,775,807 x 9,999.999999999 / 1,000,000
		assertThat(cost.of(TokenType.INPUT).toPlainString()).isEqualTo("92233720368538534.697963145224193");
		// 9,223,372,036,854,775,807 x 0.000001 / 1,000,000
		assertThat(cost.of(TokenType.OUTPUT).toPlainString()).isEqualTo("9223372.036854775807");
		assertThat(cost.total().toPlainString()).isEqualTo("92233720377761906.734817921031193");
	}

	static BigDecimal usd(String amount) {
		return new BigDecimal(amount);
	}

}
