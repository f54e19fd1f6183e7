package dev.llmcost.provider;

import java.util.List;

import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.openai.core.JsonValue;
import com.openai.models.completions.CompletionUsage;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.google.genai.metadata.GoogleGenAiUsage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResponseUsage}: each provider's meaning of Spring AI's prompt count.
 * The OpenAI path with its native reasoning tokens is covered through the real client in
 * {@code LlmCostAdvisorOpenAiTests}.
 */
class ResponseUsageTests {

	@Test
	void inclusivePromptCountShouldHaveItsCachedTokensTakenOut() {
		// OpenAI or Gemini style: 1500 prompt tokens of which 1024 were read from the
		// cache
		ChatResponse response = response(new DefaultUsage(1500, 250, 1750, null, 1024L, null));

		assertThat(ResponseUsage.of(response, LlmProviders.OPENAI)).isEqualTo(new TokenUsage(476, 1024, 0, 250, 0));
		assertThat(ResponseUsage.of(response, LlmProviders.GCP_GEN_AI)).isEqualTo(new TokenUsage(476, 1024, 0, 250, 0));
	}

	@Test
	void anthropicAndBedrockPromptCountShouldBeTakenAsUncachedInput() {
		// Anthropic reports input_tokens 40 besides 3000 cache reads and 500 cache writes
		ChatResponse response = response(new DefaultUsage(40, 120, 160, null, 3000L, 500L));

		assertThat(ResponseUsage.of(response, LlmProviders.ANTHROPIC)).isEqualTo(new TokenUsage(40, 3000, 500, 120, 0));
		assertThat(ResponseUsage.of(response, LlmProviders.AWS_BEDROCK))
			.isEqualTo(new TokenUsage(40, 3000, 500, 120, 0));
	}

	@Test
	void nativeUsageShouldDecideWhateverProviderTheCallWasTakenFor() {
		// The OpenAI SDK's usage (1500 prompt tokens, 1024 of them cached; 250 completion
		// tokens, 100 of them reasoning) on a call whose options said Anthropic: counted
		// the OpenAI way, reasoning included.
		CompletionUsage openAi = CompletionUsage.builder()
			.promptTokens(1500)
			.completionTokens(250)
			.totalTokens(1750)
			.promptTokensDetails(CompletionUsage.PromptTokensDetails.builder().cachedTokens(1024).build())
			.completionTokensDetails(CompletionUsage.CompletionTokensDetails.builder().reasoningTokens(100).build())
			.build();
		ChatResponse response = response(new DefaultUsage(1500, 250, 1750, openAi, 1024L, null));

		assertThat(ResponseUsage.of(response, LlmProviders.ANTHROPIC))
			.isEqualTo(new TokenUsage(476, 1024, 0, 150, 100));
	}

	@Test
	void deepSeekCacheHitsShouldBeReadFromTheNativeUsage() {
		// DeepSeek: 5000 prompt tokens, 4000 of them cache hits, reported only in its own
		// fields, which the OpenAI SDK keeps as additional properties
		CompletionUsage deepSeek = CompletionUsage.builder()
			.promptTokens(5000)
			.completionTokens(500)
			.totalTokens(5500)
			.putAdditionalProperty("prompt_cache_hit_tokens", JsonValue.from(4000))
			.putAdditionalProperty("prompt_cache_miss_tokens", JsonValue.from(1000))
			.build();
		ChatResponse response = response(new DefaultUsage(5000, 500, 5500, deepSeek, null, null));

		assertThat(ResponseUsage.of(response, LlmProviders.OPENAI)).isEqualTo(new TokenUsage(1000, 4000, 0, 500, 0));
	}

	@Test
	void cacheHitsReportedTwiceShouldBeCountedOnce() {
		// A gateway filling both OpenAI's cached_tokens and DeepSeek's hit count: the
		// same 4000 tokens, never added up
		CompletionUsage both = CompletionUsage.builder()
			.promptTokens(5000)
			.completionTokens(500)
			.totalTokens(5500)
			.promptTokensDetails(CompletionUsage.PromptTokensDetails.builder().cachedTokens(4000).build())
			.putAdditionalProperty("prompt_cache_hit_tokens", JsonValue.from(4000))
			.build();
		ChatResponse response = response(new DefaultUsage(5000, 500, 5500, both, 4000L, null));

		assertThat(ResponseUsage.of(response, LlmProviders.OPENAI)).isEqualTo(new TokenUsage(1000, 4000, 0, 500, 0));
	}

	@Test
	void malformedCacheHitCountShouldBeIgnored() {
		CompletionUsage odd = CompletionUsage.builder()
			.promptTokens(1500)
			.completionTokens(250)
			.totalTokens(1750)
			.promptTokensDetails(CompletionUsage.PromptTokensDetails.builder().cachedTokens(1024).build())
			.putAdditionalProperty("prompt_cache_hit_tokens", JsonValue.from("many"))
			.build();
		ChatResponse response = response(new DefaultUsage(1500, 250, 1750, odd, 1024L, null));

		assertThat(ResponseUsage.of(response, LlmProviders.OPENAI)).isEqualTo(new TokenUsage(476, 1024, 0, 250, 0));
	}

	@Test
	void geminiThinkingTokensShouldBeReadBesideTheCandidatesTokens() {
		// The Google Gen AI SDK's usage: 5000 prompt tokens of which 4096 come from
		// cached content, 180 candidates' tokens and 1200 thinking tokens beside them
		GenerateContentResponseUsageMetadata gemini = GenerateContentResponseUsageMetadata.builder()
			.promptTokenCount(5000)
			.cachedContentTokenCount(4096)
			.candidatesTokenCount(180)
			.thoughtsTokenCount(1200)
			.totalTokenCount(6380)
			.build();

		assertThat(ResponseUsage.of(response(GoogleGenAiUsage.from(gemini)), LlmProviders.UNKNOWN))
			.isEqualTo(new TokenUsage(904, 4096, 0, 180, 1200));
	}

	@Test
	void geminiUsageWithoutItsNativeObjectShouldStillSplitTheCachedTokens() {
		// spring.ai.google.genai.chat.include-extended-usage-metadata=false: Spring AI
		// reports the plain counts only, and thinking tokens are not known
		ChatResponse response = response(new DefaultUsage(5000, 180, 5180, null, 4096L, null));

		assertThat(ResponseUsage.of(response, LlmProviders.GCP_GEN_AI)).isEqualTo(new TokenUsage(904, 4096, 0, 180, 0));
	}

	@Test
	void anthropicWebSearchesShouldBeReadAsRequestUnits() throws Exception {
		// server_tool_use of a message's usage and of a stream's message_delta, as the
		// Messages API sends them
		String serverToolUse = "\"server_tool_use\":{\"web_search_requests\":2,\"web_fetch_requests\":3}";
		com.anthropic.models.messages.Usage message = com.anthropic.core.ObjectMappers.jsonMapper()
			.readValue("{\"input_tokens\":1000,\"output_tokens\":200," + serverToolUse + "}",
					com.anthropic.models.messages.Usage.class);
		com.anthropic.models.messages.MessageDeltaUsage delta = com.anthropic.core.ObjectMappers.jsonMapper()
			.readValue("{\"output_tokens\":200," + serverToolUse + "}",
					com.anthropic.models.messages.MessageDeltaUsage.class);

		// Web fetches cost nothing beyond their tokens: not counted.
		assertThat(ResponseUsage.unitsOf(response(new DefaultUsage(1000, 200, 1200, message)), LlmProviders.OPENAI))
			.isEqualTo(UnitUsage.of(UnitType.REQUEST, 2));
		assertThat(ResponseUsage.unitsOf(response(new DefaultUsage(1000, 200, 1200, delta)), LlmProviders.ANTHROPIC))
			.isEqualTo(UnitUsage.of(UnitType.REQUEST, 2));
	}

	@Test
	void usageWithoutServerToolsShouldHaveNoUnits() {
		assertThat(ResponseUsage.unitsOf(response(new DefaultUsage(40, 120)), LlmProviders.ANTHROPIC))
			.isEqualTo(UnitUsage.NONE);
		assertThat(ResponseUsage.unitsOf(null, LlmProviders.ANTHROPIC)).isEqualTo(UnitUsage.NONE);
	}

	@Test
	void responseWithoutUsageShouldBeEmpty() {
		ChatResponse response = new ChatResponse(List.of(new Generation(new AssistantMessage("hi"))));

		assertThat(ResponseUsage.of(response, LlmProviders.OPENAI)).isEqualTo(TokenUsage.EMPTY);
		assertThat(ResponseUsage.of((ChatResponse) null, LlmProviders.OPENAI)).isEqualTo(TokenUsage.EMPTY);
		assertThat(ResponseUsage.hasUsage(response)).isFalse();
	}

	@Test
	void streamChunkWithZeroCountsShouldHaveNoUsage() {
		assertThat(ResponseUsage.hasUsage(response(new DefaultUsage(0, 0)))).isFalse();
		assertThat(ResponseUsage.hasUsage(response(new DefaultUsage(1, 0)))).isTrue();
	}

	private static ChatResponse response(Usage usage) {
		return new ChatResponse(List.of(new Generation(new AssistantMessage("hi"))),
				ChatResponseMetadata.builder().usage(usage).build());
	}

}
