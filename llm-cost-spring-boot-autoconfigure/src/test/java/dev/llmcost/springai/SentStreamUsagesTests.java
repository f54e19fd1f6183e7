package dev.llmcost.springai;

import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SentStreamUsages}.
 */
class SentStreamUsagesTests {

	private final SentStreamUsages usages = new SentStreamUsages();

	@Test
	void sentUsageOfTheSameMessageShouldCompleteTheUsageOfItsChunks() {
		this.usages.offer("msg_1", new TokenUsage(1000, 4000, 3000, 200, 0));

		assertThat(this.usages.complete("msg_1", new TokenUsage(1000, 0, 0, 200, 0)))
			.isEqualTo(new TokenUsage(1000, 4000, 3000, 200, 0));
		assertThat(this.usages.claim("msg_1")).as("claimed").isNull();
	}

	@Test
	void chunksThatAddUpSeveralMessagesShouldKeepTheirUsage() {
		// A stream that called a tool: its chunks add up two messages, the wire's usage
		// is the last message's alone.
		this.usages.offer("msg_2", new TokenUsage(1200, 4000, 0, 50, 0));

		assertThat(this.usages.complete("msg_2", new TokenUsage(2200, 0, 0, 250, 0)))
			.isEqualTo(new TokenUsage(2200, 0, 0, 250, 0));
	}

	@Test
	void chunksWithoutSentUsageShouldKeepTheirUsage() {
		assertThat(this.usages.complete(null, new TokenUsage(10, 0, 0, 1, 0)))
			.isEqualTo(new TokenUsage(10, 0, 0, 1, 0));
	}

}
