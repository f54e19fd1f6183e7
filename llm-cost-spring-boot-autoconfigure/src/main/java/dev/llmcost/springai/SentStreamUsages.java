package dev.llmcost.springai;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitUsage;
import org.jspecify.annotations.Nullable;

/**
 * The usage that providers sent on the wire for their streams, by the provider's response
 * id, until the stream's recording ends and claims it: the
 * {@link ModelCallObservationHandler}'s, or the advisor's for Anthropic streams.
 * <p>
 * Kept for streams whose usage the starter can only see in full on the wire (see
 * {@link OpenAiStreamUsageInterceptor} and {@link AnthropicStreamUsageInterceptor}).
 * Usages never claimed, such as those of OpenAI streams recorded by the advisor, make
 * room for new ones, oldest first, so the store stays small.
 *
 * @author llm-cost contributors
 */
public class SentStreamUsages {

	private static final int MAX_ENTRIES = 1_000;

	private final Map<String, SentUsage> usages = new LinkedHashMap<>(64, 0.75f, false) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, SentUsage> eldest) {
			return size() > MAX_ENTRIES;
		}

	};

	/**
	 * Keep the usage a provider sent for a response.
	 * @param responseId the provider's id of the response
	 * @param usage the usage
	 */
	public void offer(String responseId, TokenUsage usage) {
		offer(responseId, usage, UnitUsage.NONE);
	}

	/**
	 * Keep the usage a provider sent for a response, with the units it bills besides
	 * tokens (an Anthropic stream's web searches).
	 * @param responseId the provider's id of the response
	 * @param usage the usage
	 * @param units the units
	 */
	public void offer(String responseId, TokenUsage usage, UnitUsage units) {
		synchronized (this.usages) {
			this.usages.put(responseId, new SentUsage(usage, units));
		}
	}

	/**
	 * Take the usage kept for a response.
	 * @param responseId the provider's id of the response, or {@code null}
	 * @return the usage, or {@code null} if none was kept
	 */
	public @Nullable SentUsage claim(@Nullable String responseId) {
		if (responseId == null || responseId.isEmpty()) {
			return null;
		}
		synchronized (this.usages) {
			return this.usages.remove(responseId);
		}
	}

	/**
	 * Take the usage kept for a response, in place of the one read from its chunks when
	 * both count the same input and output tokens: the chunks of that message may have
	 * lost its cache counts, as Spring AI's chunks of an Anthropic stream do. Chunks that
	 * add up several messages (a stream that called tools) keep their usage.
	 * @param responseId the provider's id of the response, or {@code null}
	 * @param fromChunks the usage read from the chunks
	 * @return the usage to record
	 */
	public TokenUsage complete(@Nullable String responseId, TokenUsage fromChunks) {
		SentUsage claimed = claim(responseId);
		TokenUsage sent = (claimed != null) ? claimed.tokens() : null;
		return (sent != null && sent.input() == fromChunks.input() && sent.output() == fromChunks.output()) ? sent
				: fromChunks;
	}

	/**
	 * The usage sent for one response.
	 *
	 * @param tokens its tokens
	 * @param units what it is billed for besides tokens
	 */
	public record SentUsage(TokenUsage tokens, UnitUsage units) {

	}

}
