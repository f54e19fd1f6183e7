package dev.llmcost.pricing;

import java.math.BigDecimal;

import dev.llmcost.usage.TokenType;
import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ModelPrice}: exact cost per bucket and the defaults for unpublished
 * prices.
 */
class ModelPriceTests {

	@Test
	void costShouldBeExactPerBucket() {
		// USD per million: input 3, cache read 0.30, cache write 3.75, output 15
		ModelPrice price = ModelPrice.of("claude-sonnet", "anthropic", new BigDecimal("3"), new BigDecimal("0.30"),
				new BigDecimal("3.75"), new BigDecimal("15"), null);

		Cost cost = price.costOf(new TokenUsage(1, 1000, 2000, 3, 7));

		assertThat(cost.of(TokenType.INPUT)).isEqualByComparingTo("0.000003");
		assertThat(cost.of(TokenType.CACHE_READ)).isEqualByComparingTo("0.0003");
		assertThat(cost.of(TokenType.CACHE_WRITE)).isEqualByComparingTo("0.0075");
		assertThat(cost.of(TokenType.OUTPUT)).isEqualByComparingTo("0.000045");
		assertThat(cost.of(TokenType.REASONING)).as("reasoning at the output price").isEqualByComparingTo("0.000105");
		// 3 + 300 + 7500 + 45 + 105 = 7953 USD per million
		assertThat(cost.total()).isEqualByComparingTo("0.007953");
	}

	@Test
	void unpublishedCachePricesShouldDefaultToTheInputPrice() {
		ModelPrice price = ModelPrice.of("m", "openai", new BigDecimal("10"), null, null, new BigDecimal("30"), null);

		assertThat(price.cacheRead()).isEqualByComparingTo("10");
		assertThat(price.cacheWrite()).isEqualByComparingTo("10");
		assertThat(price.reasoning()).isEqualByComparingTo("30");
	}

	@Test
	void tinyCostsShouldNotBeRoundedAway() {
		ModelPrice price = ModelPrice.of("nano", "openai", new BigDecimal("0.005"), null, null, new BigDecimal("0.4"),
				null);

		assertThat(price.costOf(new TokenUsage(1, 0, 0, 0, 0)).total()).isEqualByComparingTo("0.000000005");
	}

	@Test
	void negativePriceShouldBeRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ModelPrice.of("m", "openai", new BigDecimal("-1"), null, null, BigDecimal.ONE, null))
			.withMessageContaining("input price must not be negative");
	}

}
