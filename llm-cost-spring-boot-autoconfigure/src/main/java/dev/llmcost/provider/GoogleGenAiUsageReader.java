package dev.llmcost.provider;

import dev.llmcost.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.util.ClassUtils;

/**
 * Reads the usage of Google's Gemini models as the Google Gen AI SDK reports it
 * ({@code usageMetadata}): the prompt count includes the tokens read from cached content
 * ({@code cachedContentTokenCount}), and the thinking tokens ({@code thoughtsTokenCount})
 * come beside the candidates' tokens, not inside them. Spring AI passes the candidates'
 * tokens on as completion tokens and leaves the thinking tokens to the SDK's native usage
 * object, so they are read from there; Google bills them as output.
 *
 * @author llm-cost contributors
 */
final class GoogleGenAiUsageReader implements UsageReader {

	private static final boolean SDK_PRESENT = ClassUtils.isPresent(
			"com.google.genai.types.GenerateContentResponseUsageMetadata",
			GoogleGenAiUsageReader.class.getClassLoader());

	@Override
	public TokenUsage read(Usage usage) {
		Object nativeUsage = usage.getNativeUsage();
		Long cached = usage.getCacheReadInputTokens();
		Integer thoughts = null;
		if (SDK_PRESENT) {
			cached = (cached != null) ? cached : Sdk.cachedContentTokens(nativeUsage);
			thoughts = Sdk.thoughtsTokens(nativeUsage);
		}
		// Thinking tokens are not part of the candidates' count: add them to the output
		// so that the reasoning bucket is carved out of a total that contains it.
		long candidates = (usage.getCompletionTokens() != null) ? usage.getCompletionTokens() : 0;
		long reasoning = (thoughts != null) ? Math.max(0, thoughts) : 0;
		return TokenUsage.fromInclusive(usage.getPromptTokens(), cached, null, Math.max(0, candidates) + reasoning,
				reasoning);
	}

	/**
	 * Google Gen AI SDK access, loaded only when the SDK is on the classpath.
	 */
	private static final class Sdk {

		static @Nullable Integer thoughtsTokens(@Nullable Object nativeUsage) {
			if (nativeUsage instanceof com.google.genai.types.GenerateContentResponseUsageMetadata metadata) {
				return metadata.thoughtsTokenCount().orElse(null);
			}
			return null;
		}

		static @Nullable Long cachedContentTokens(@Nullable Object nativeUsage) {
			if (nativeUsage instanceof com.google.genai.types.GenerateContentResponseUsageMetadata metadata) {
				return metadata.cachedContentTokenCount().map(Integer::longValue).orElse(null);
			}
			return null;
		}

	}

}
