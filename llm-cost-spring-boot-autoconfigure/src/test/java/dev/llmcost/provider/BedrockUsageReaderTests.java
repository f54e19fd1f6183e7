package dev.llmcost.provider;

import java.util.List;

import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.CacheDetail;
import software.amazon.awssdk.services.bedrockruntime.model.CacheTTL;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BedrockUsageReader}, on the usage Spring AI 2.0.1's Bedrock Converse
 * module builds ({@code BedrockProxyChatModel#toChatResponse} for a call,
 * {@code ConverseChatResponseStream#getCurrentUsage} for a stream) around the AWS SDK's
 * {@code TokenUsage}. The path through the real AWS SDK client is covered by
 * {@code LlmCostAdvisorBedrockTests}.
 */
class BedrockUsageReaderTests {

	@Test
	void callUsageShouldBeReadAsUncachedInputBesideCacheReadsAndWrites() {
		// Bedrock: inputTokens 40 besides 3000 cache reads and 500 cache writes; a call's
		// native usage is rebuilt by Spring AI with the five counts only
		var tokenUsage = software.amazon.awssdk.services.bedrockruntime.model.TokenUsage.builder()
			.inputTokens(40)
			.outputTokens(120)
			.totalTokens(3660)
			.cacheReadInputTokens(3000)
			.cacheWriteInputTokens(500)
			.build();
		ChatResponse response = response(new DefaultUsage(40, 120, 3660, tokenUsage, 3000L, 500L));

		assertThat(ResponseUsage.of(response, LlmProviders.AWS_BEDROCK))
			.isEqualTo(new TokenUsage(40, 3000, 500, 120, 0));
	}

	@Test
	void cacheCountsShouldBeReadFromTheNativeUsageWhenSpringAiUsageLacksThem() {
		// A chat model of one's own over the AWS SDK that passes the SDK's usage on as
		// the
		// native usage and fills only Spring AI's prompt and completion counts
		var tokenUsage = software.amazon.awssdk.services.bedrockruntime.model.TokenUsage.builder()
			.inputTokens(40)
			.outputTokens(120)
			.totalTokens(3660)
			.cacheReadInputTokens(3000)
			.cacheWriteInputTokens(500)
			.build();
		ChatResponse response = response(new DefaultUsage(40, 120, 3660, tokenUsage));

		assertThat(ResponseUsage.of(response, LlmProviders.UNKNOWN)).as("the native usage names its provider")
			.isEqualTo(new TokenUsage(40, 3000, 500, 120, 0));
	}

	@Test
	void oneHourCacheWritesShouldBeReadFromTheCacheDetails() {
		// A stream's last chunk: Spring AI keeps the SDK's usage of the metadata event as
		// it came, cacheDetails included (1h before 5m, as the API sorts them)
		var tokenUsage = software.amazon.awssdk.services.bedrockruntime.model.TokenUsage.builder()
			.inputTokens(40)
			.outputTokens(120)
			.totalTokens(660)
			.cacheWriteInputTokens(500)
			.cacheDetails(CacheDetail.builder().ttl(CacheTTL.VALUE_1_H).inputTokens(300).build(),
					CacheDetail.builder().ttl(CacheTTL.VALUE_5_M).inputTokens(200).build())
			.build();
		ChatResponse response = response(new DefaultUsage(40, 120, 660, tokenUsage, null, 500L));

		assertThat(ResponseUsage.of(response, LlmProviders.AWS_BEDROCK))
			.isEqualTo(new TokenUsage(40, 0, 500, 120, 0, 300));
	}

	@Test
	void streamChunkBeforeTheMetadataEventShouldCarryNoUsage() {
		// Spring AI emits every text chunk with zero counts and no native usage
		ChatResponse response = response(new DefaultUsage(0, 0, 0, null, null, null));

		assertThat(ResponseUsage.hasUsage(response)).isFalse();
		assertThat(ResponseUsage.of(response, LlmProviders.AWS_BEDROCK)).isEqualTo(TokenUsage.EMPTY);
	}

	private static ChatResponse response(Usage usage) {
		return new ChatResponse(List.of(new Generation(new AssistantMessage("ok"))),
				ChatResponseMetadata.builder().usage(usage).build());
	}

}
