package dev.llmcost.usage;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.util.ClassUtils;

/**
 * Reads a Spring AI {@link ChatResponse}'s usage into disjoint {@link TokenUsage}
 * buckets.
 * <p>
 * Spring AI's {@link Usage} carries prompt, completion and cache-read tokens; reasoning
 * tokens exist only on the provider's native usage object, which is read here for the
 * OpenAI SDK when it is on the classpath.
 *
 * @author llm-cost contributors
 */
public final class ChatUsageReader {

	private static final boolean OPENAI_PRESENT = ClassUtils.isPresent("com.openai.models.completions.CompletionUsage",
			ChatUsageReader.class.getClassLoader());

	private ChatUsageReader() {
	}

	/**
	 * Return whether the response carries any usage. Streams report usage only in their
	 * last chunk; every other chunk has none.
	 * @param response the response, or {@code null}
	 * @return {@code true} if some token count is positive
	 */
	public static boolean hasUsage(@Nullable ChatResponse response) {
		Usage usage = usageOf(response);
		return usage != null && (positive(usage.getPromptTokens()) || positive(usage.getCompletionTokens()));
	}

	/**
	 * Read the usage of a response.
	 * @param response the response, or {@code null}
	 * @return the usage in disjoint buckets; {@link TokenUsage#EMPTY} when none is
	 * reported
	 */
	public static TokenUsage read(@Nullable ChatResponse response) {
		Usage usage = usageOf(response);
		if (usage == null) {
			return TokenUsage.EMPTY;
		}
		return TokenUsage.fromInclusive(usage.getPromptTokens(), usage.getCacheReadInputTokens(),
				usage.getCacheWriteInputTokens(), usage.getCompletionTokens(), reasoningTokens(usage.getNativeUsage()));
	}

	private static @Nullable Usage usageOf(@Nullable ChatResponse response) {
		return (response != null && response.getMetadata() != null) ? response.getMetadata().getUsage() : null;
	}

	private static boolean positive(@Nullable Integer count) {
		return count != null && count > 0;
	}

	private static @Nullable Long reasoningTokens(@Nullable Object nativeUsage) {
		return (OPENAI_PRESENT) ? OpenAiUsage.reasoningTokens(nativeUsage) : null;
	}

	/**
	 * OpenAI SDK access, loaded only when the SDK is on the classpath.
	 */
	private static final class OpenAiUsage {

		static @Nullable Long reasoningTokens(@Nullable Object nativeUsage) {
			if (nativeUsage instanceof com.openai.models.completions.CompletionUsage usage) {
				return usage.completionTokensDetails().flatMap((details) -> details.reasoningTokens()).orElse(null);
			}
			return null;
		}

	}

}
