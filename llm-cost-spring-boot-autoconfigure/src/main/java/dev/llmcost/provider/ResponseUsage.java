package dev.llmcost.provider;

import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitUsage;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * Reads the usage of Spring AI responses with the {@link UsageReader} of the provider
 * that counted it.
 * <p>
 * The native usage object decides when there is one, whatever client made the call (an
 * OpenAI-compatible client may well be talking to another provider's gateway); the
 * provider of the call decides when there is none.
 *
 * @author llm-cost contributors
 */
public final class ResponseUsage {

	private ResponseUsage() {
	}

	/**
	 * Return whether a response carries any usage. Streams report usage only in their
	 * last chunk; every other chunk has none.
	 * @param response the response, or {@code null}
	 * @return {@code true} if some token count is positive
	 */
	public static boolean hasUsage(@Nullable ChatResponse response) {
		Usage usage = usageOf(response);
		return usage != null && (positive(usage.getPromptTokens()) || positive(usage.getCompletionTokens()));
	}

	/**
	 * Read the usage of a chat response.
	 * @param response the response, or {@code null}
	 * @param provider the provider of the call
	 * @return the usage in disjoint buckets; {@link TokenUsage#EMPTY} when none is
	 * reported
	 */
	public static TokenUsage of(@Nullable ChatResponse response, LlmProvider provider) {
		Usage usage = usageOf(response);
		if (usage == null) {
			return TokenUsage.EMPTY;
		}
		return readerOf(usage, provider).read(usage);
	}

	/**
	 * Read what a chat response is billed for besides tokens, such as the requests of a
	 * server-side tool its provider reports in its usage.
	 * @param response the response, or {@code null}
	 * @param provider the provider of the call
	 * @return the units; {@link UnitUsage#NONE} when none is reported
	 */
	public static UnitUsage unitsOf(@Nullable ChatResponse response, LlmProvider provider) {
		Usage usage = usageOf(response);
		return (usage != null) ? readerOf(usage, provider).units(usage) : UnitUsage.NONE;
	}

	private static UsageReader readerOf(Usage usage, LlmProvider provider) {
		LlmProvider counting = LlmProviders.forNativeUsage(usage.getNativeUsage());
		return ((counting != null) ? counting : provider).usageReader();
	}

	/**
	 * Read the usage of an embedding response: input tokens only.
	 * @param response the response, or {@code null}
	 * @return the usage; {@link TokenUsage#EMPTY} when none is reported
	 */
	public static TokenUsage of(@Nullable EmbeddingResponse response) {
		Usage usage = (response != null && response.getMetadata() != null) ? response.getMetadata().getUsage() : null;
		return (usage != null) ? TokenUsage.fromInclusive(usage.getPromptTokens(), null, null, null, null)
				: TokenUsage.EMPTY;
	}

	private static @Nullable Usage usageOf(@Nullable ChatResponse response) {
		return (response != null && response.getMetadata() != null) ? response.getMetadata().getUsage() : null;
	}

	private static boolean positive(@Nullable Integer count) {
		return count != null && count > 0;
	}

}
