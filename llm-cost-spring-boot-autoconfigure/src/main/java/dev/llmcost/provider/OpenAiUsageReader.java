package dev.llmcost.provider;

import dev.llmcost.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.util.ClassUtils;

/**
 * Reads OpenAI's usage: prompt tokens include cached tokens, completion tokens include
 * reasoning tokens, which only the OpenAI SDK's native usage object reports
 * ({@code completion_tokens_details.reasoning_tokens}).
 * <p>
 * OpenAI-compatible providers reached through the same client count the same way but may
 * report cache hits in fields of their own, which the SDK keeps as additional properties:
 * DeepSeek sends {@code prompt_cache_hit_tokens} (its {@code prompt_cache_miss_tokens}
 * are the rest of the prompt). Such a count and OpenAI's
 * {@code prompt_tokens_details.cached_tokens} describe the same tokens, so they are never
 * added: the larger is taken, which prices a gateway that fills only one of them, or
 * leaves the other at zero, correctly.
 *
 * @author llm-cost contributors
 */
final class OpenAiUsageReader implements UsageReader {

	private static final boolean SDK_PRESENT = ClassUtils.isPresent("com.openai.models.completions.CompletionUsage",
			OpenAiUsageReader.class.getClassLoader());

	@Override
	public TokenUsage read(Usage usage) {
		Object nativeUsage = usage.getNativeUsage();
		long cacheRead = Math.max(count(usage.getCacheReadInputTokens()),
				(SDK_PRESENT) ? Sdk.promptCacheHitTokens(nativeUsage) : 0);
		return TokenUsage.fromInclusive(usage.getPromptTokens(), cacheRead, usage.getCacheWriteInputTokens(),
				usage.getCompletionTokens(), (SDK_PRESENT) ? Sdk.reasoningTokens(nativeUsage) : null);
	}

	private static long count(@Nullable Number count) {
		return (count != null) ? count.longValue() : 0;
	}

	/**
	 * OpenAI SDK access, loaded only when the SDK is on the classpath.
	 */
	private static final class Sdk {

		/**
		 * DeepSeek's count of prompt tokens read from its context cache.
		 */
		private static final String PROMPT_CACHE_HIT_TOKENS = "prompt_cache_hit_tokens";

		static @Nullable Long reasoningTokens(@Nullable Object nativeUsage) {
			if (nativeUsage instanceof com.openai.models.completions.CompletionUsage usage) {
				return usage.completionTokensDetails().flatMap((details) -> details.reasoningTokens()).orElse(null);
			}
			return null;
		}

		/**
		 * Return the cache hits an OpenAI-compatible provider reports in a field of its
		 * own; 0 when there is none or it is not a number.
		 */
		static long promptCacheHitTokens(@Nullable Object nativeUsage) {
			if (nativeUsage instanceof com.openai.models.completions.CompletionUsage usage) {
				com.openai.core.JsonValue hits = usage._additionalProperties().get(PROMPT_CACHE_HIT_TOKENS);
				Object number = (hits != null) ? hits.asNumber().orElse(null) : null;
				return (number instanceof Number count) ? count.longValue() : 0;
			}
			return 0;
		}

	}

}
