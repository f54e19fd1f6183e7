package dev.llmcost.provider;

import dev.llmcost.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.util.ClassUtils;

/**
 * Reads OpenAI's usage: prompt tokens include cached tokens, completion tokens include
 * reasoning tokens, which only the OpenAI SDK's native usage object reports
 * ({@code completion_tokens_details.reasoning_tokens}).
 *
 * @author llm-cost contributors
 */
final class OpenAiUsageReader implements UsageReader {

	private static final boolean SDK_PRESENT = ClassUtils.isPresent("com.openai.models.completions.CompletionUsage",
			OpenAiUsageReader.class.getClassLoader());

	@Override
	public TokenUsage read(Usage usage) {
		return TokenUsage.fromInclusive(usage.getPromptTokens(), usage.getCacheReadInputTokens(),
				usage.getCacheWriteInputTokens(), usage.getCompletionTokens(),
				(SDK_PRESENT) ? Sdk.reasoningTokens(usage.getNativeUsage()) : null);
	}

	/**
	 * OpenAI SDK access, loaded only when the SDK is on the classpath.
	 */
	private static final class Sdk {

		static @Nullable Long reasoningTokens(@Nullable Object nativeUsage) {
			if (nativeUsage instanceof com.openai.models.completions.CompletionUsage usage) {
				return usage.completionTokensDetails().flatMap((details) -> details.reasoningTokens()).orElse(null);
			}
			return null;
		}

	}

}
