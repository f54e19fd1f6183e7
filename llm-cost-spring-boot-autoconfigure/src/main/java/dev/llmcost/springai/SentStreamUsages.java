package dev.llmcost.springai;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.llmcost.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * The usage that providers sent in the last chunk of their streams, by the provider's
 * response id, until the stream's model observation ends and
 * {@link ModelCallObservationHandler} claims it.
 * <p>
 * Kept for streams whose chunks the starter can only see on the wire (see
 * {@link OpenAiStreamUsageInterceptor}). Streams recorded by the advisor are never
 * claimed: the oldest entries make room for new ones, so the store stays small.
 *
 * @author llm-cost contributors
 */
public class SentStreamUsages {

	private static final int MAX_ENTRIES = 1_000;

	private final Map<String, TokenUsage> usages = new LinkedHashMap<>(64, 0.75f, false) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, TokenUsage> eldest) {
			return size() > MAX_ENTRIES;
		}

	};

	/**
	 * Keep the usage a provider sent for a response.
	 * @param responseId the provider's id of the response
	 * @param usage the usage
	 */
	public void offer(String responseId, TokenUsage usage) {
		synchronized (this.usages) {
			this.usages.put(responseId, usage);
		}
	}

	/**
	 * Take the usage kept for a response.
	 * @param responseId the provider's id of the response, or {@code null}
	 * @return the usage, or {@code null} if none was kept
	 */
	public @Nullable TokenUsage claim(@Nullable String responseId) {
		if (responseId == null || responseId.isEmpty()) {
			return null;
		}
		synchronized (this.usages) {
			return this.usages.remove(responseId);
		}
	}

}
