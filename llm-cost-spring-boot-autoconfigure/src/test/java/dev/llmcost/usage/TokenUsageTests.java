package dev.llmcost.usage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TokenUsage}: overlapping provider numbers become disjoint buckets that
 * add up to what was billed.
 */
class TokenUsageTests {

	@Test
	void openAiNumbersShouldBeSplitIntoDisjointBuckets() {
		// prompt 10000 includes 5000 cached; completion 2000 includes 1500 reasoning
		TokenUsage usage = TokenUsage.fromInclusive(10000, 5000L, null, 2000, 1500L);

		assertThat(usage).isEqualTo(new TokenUsage(5000, 5000, 0, 500, 1500));
		assertThat(usage.totalInput()).isEqualTo(10000);
		assertThat(usage.totalOutput()).isEqualTo(2000);
		assertThat(usage.total()).isEqualTo(12000);
	}

	@Test
	void missingCountsShouldBeZero() {
		assertThat(TokenUsage.fromInclusive(null, null, null, null, null)).isEqualTo(TokenUsage.EMPTY);
	}

	@Test
	void negativeCountsShouldBeZero() {
		assertThat(TokenUsage.fromInclusive(-5, -1L, -1L, -7, -2L)).isEqualTo(TokenUsage.EMPTY);
	}

	@Test
	void partsLargerThanTheirWholeShouldBeCutToTheWhole() {
		TokenUsage usage = TokenUsage.fromInclusive(100, 150L, 50L, 10, 40L);

		assertThat(usage).isEqualTo(new TokenUsage(0, 100, 0, 0, 10));
		assertThat(usage.total()).as("never more than reported").isEqualTo(110);
	}

	@Test
	void constructorShouldRejectNegativeBuckets() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenUsage(0, -1, 0, 0, 0));
	}

	@Test
	void oneHourCacheWritesShouldBePartOfTheCacheWrites() {
		TokenUsage usage = new TokenUsage(1, 2, 3000, 4, 5);

		assertThat(usage.withCacheWrite1h(2000).cacheWrite1h()).isEqualTo(2000);
		assertThat(usage.withCacheWrite1h(5000).cacheWrite1h()).as("cut to the cache writes").isEqualTo(3000);
		assertThat(usage.withCacheWrite1h(-1).cacheWrite1h()).isZero();
		assertThat(usage.withCacheWrite1h(2000).total()).as("not a bucket of its own").isEqualTo(usage.total());
		assertThat(usage.withCacheWrite1h(2000).plus(usage.withCacheWrite1h(1000)).cacheWrite1h()).isEqualTo(3000);
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenUsage(0, 0, 10, 0, 0, 11));
	}

}
