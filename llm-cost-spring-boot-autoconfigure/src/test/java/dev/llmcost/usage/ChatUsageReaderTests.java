package dev.llmcost.usage;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChatUsageReader}: each provider's meaning of Spring AI's prompt count.
 * The OpenAI path with its native reasoning tokens is covered through the real client in
 * {@code LlmCostAdvisorOpenAiTests}.
 */
class ChatUsageReaderTests {

	@Test
	void inclusivePromptCountShouldHaveItsCachedTokensTakenOut() {
		// OpenAI or Gemini style: 1500 prompt tokens of which 1024 were read from the
		// cache
		ChatResponse response = response(new DefaultUsage(1500, 250, 1750, null, 1024L, null));

		assertThat(ChatUsageReader.read(response, "openai")).isEqualTo(new TokenUsage(476, 1024, 0, 250, 0));
	}

	@Test
	void anthropicPromptCountShouldBeTakenAsUncachedInput() {
		// Anthropic reports input_tokens 40 besides 3000 cache reads and 500 cache writes
		ChatResponse response = response(new DefaultUsage(40, 120, 160, null, 3000L, 500L));

		assertThat(ChatUsageReader.read(response, "anthropic")).isEqualTo(new TokenUsage(40, 3000, 500, 120, 0));
		assertThat(ChatUsageReader.read(response, "aws.bedrock")).isEqualTo(new TokenUsage(40, 3000, 500, 120, 0));
	}

	@Test
	void responseWithoutUsageShouldBeEmpty() {
		ChatResponse response = new ChatResponse(List.of(new Generation(new AssistantMessage("hi"))));

		assertThat(ChatUsageReader.read(response, "openai")).isEqualTo(TokenUsage.EMPTY);
		assertThat(ChatUsageReader.read(null, "openai")).isEqualTo(TokenUsage.EMPTY);
		assertThat(ChatUsageReader.hasUsage(response)).isFalse();
	}

	@Test
	void streamChunkWithZeroCountsShouldHaveNoUsage() {
		assertThat(ChatUsageReader.hasUsage(response(new DefaultUsage(0, 0)))).isFalse();
		assertThat(ChatUsageReader.hasUsage(response(new DefaultUsage(1, 0)))).isTrue();
	}

	private static ChatResponse response(Usage usage) {
		return new ChatResponse(List.of(new Generation(new AssistantMessage("hi"))),
				ChatResponseMetadata.builder().usage(usage).build());
	}

}
