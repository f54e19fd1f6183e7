package dev.llmcost.provider;

import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitUsage;

import org.springframework.ai.chat.metadata.Usage;

/**
 * Reads Spring AI's {@link Usage} of one response the way its provider counts tokens,
 * into disjoint {@link TokenUsage} buckets.
 * <p>
 * Spring AI passes each provider's prompt count through as the provider reports it:
 * OpenAI's and Gemini's include the tokens read from or written to the prompt cache,
 * Anthropic's and Bedrock Converse's do not. Counts only the provider's own SDK carries
 * (OpenAI's reasoning tokens, for example) are read from {@link Usage#getNativeUsage()}.
 * <p>
 * Some usage also counts what a response is billed for besides tokens, such as the
 * requests of a server-side tool: a reader that knows such counts reads them as
 * {@link #units(Usage) units}.
 *
 * @author llm-cost contributors
 */
@FunctionalInterface
public interface UsageReader {

	/**
	 * Prompt tokens include cache reads and writes; completion tokens include reasoning,
	 * which is not reported apart.
	 */
	UsageReader PROMPT_INCLUDES_CACHE = (usage) -> TokenUsage.fromInclusive(usage.getPromptTokens(),
			usage.getCacheReadInputTokens(), usage.getCacheWriteInputTokens(), usage.getCompletionTokens(), null);

	/**
	 * Prompt tokens exclude cache reads and writes, which are reported beside them, as
	 * Anthropic and Amazon Bedrock count.
	 */
	UsageReader PROMPT_EXCLUDES_CACHE = (usage) -> TokenUsage.fromExclusive(usage.getPromptTokens(),
			usage.getCacheReadInputTokens(), usage.getCacheWriteInputTokens(), usage.getCompletionTokens(), null);

	/**
	 * Read the usage of one response.
	 * @param usage the usage Spring AI reports
	 * @return the usage in disjoint buckets
	 */
	TokenUsage read(Usage usage);

	/**
	 * Read what one response is billed for besides tokens.
	 * @param usage the usage Spring AI reports
	 * @return the units; {@link UnitUsage#NONE} by default
	 */
	default UnitUsage units(Usage usage) {
		return UnitUsage.NONE;
	}

}
