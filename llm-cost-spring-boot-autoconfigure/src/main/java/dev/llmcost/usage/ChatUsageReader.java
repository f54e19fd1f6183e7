package dev.llmcost.usage;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.util.ClassUtils;

/**
 * Reads a Spring AI {@link ChatResponse}'s usage into disjoint {@link TokenUsage}
 * buckets.
 * <p>
 * Spring AI's {@link Usage} carries prompt, completion and cache tokens, with the
 * provider's own meaning of the prompt count; reasoning tokens exist only on the
 * provider's native usage object, which is read here for the OpenAI SDK when it is on the
 * classpath.
 *
 * @author llm-cost contributors
 */
public final class ChatUsageReader {

	private static final boolean OPENAI_PRESENT = ClassUtils.isPresent("com.openai.models.completions.CompletionUsage",
			ChatUsageReader.class.getClassLoader());

	private static final Set<String> EXCLUSIVE_PROVIDERS = Set.of("anthropic", "aws.bedrock");

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
	 * @param provider the provider of the call, as a {@code gen_ai.provider.name} value
	 * @return the usage in disjoint buckets; {@link TokenUsage#EMPTY} when none is
	 * reported
	 */
	public static TokenUsage read(@Nullable ChatResponse response, String provider) {
		Usage usage = usageOf(response);
		if (usage == null) {
			return TokenUsage.EMPTY;
		}
		if (isExclusive(usage.getNativeUsage(), provider)) {
			return TokenUsage.fromExclusive(usage.getPromptTokens(), usage.getCacheReadInputTokens(),
					usage.getCacheWriteInputTokens(), usage.getCompletionTokens(), null);
		}
		return TokenUsage.fromInclusive(usage.getPromptTokens(), usage.getCacheReadInputTokens(),
				usage.getCacheWriteInputTokens(), usage.getCompletionTokens(), reasoningTokens(usage.getNativeUsage()));
	}

	/**
	 * Spring AI passes each provider's prompt count through as the provider reports it:
	 * OpenAI's and Gemini's include cached tokens, Anthropic's and Bedrock Converse's do
	 * not. The native usage object tells which, whatever client made the call; the
	 * provider decides when there is none.
	 */
	private static boolean isExclusive(@Nullable Object nativeUsage, String provider) {
		if (nativeUsage != null) {
			String type = nativeUsage.getClass().getName();
			return type.startsWith("com.anthropic.")
					|| type.startsWith("software.amazon.awssdk.services.bedrockruntime.");
		}
		return EXCLUSIVE_PROVIDERS.contains(provider);
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
