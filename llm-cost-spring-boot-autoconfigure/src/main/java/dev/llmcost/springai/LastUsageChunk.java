package dev.llmcost.springai;

import dev.llmcost.provider.ResponseUsage;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.model.ChatResponse;

/**
 * The last chunk of a model's stream that carried usage, as the provider sent it.
 * <p>
 * Spring AI aggregates a stream's chunks into the response its model observation ends
 * with, and the aggregate keeps only prompt and completion counts: cached and reasoning
 * tokens, which the provider reports in its last chunk, are lost. The chunks themselves
 * are kept here for {@link ModelCallObservationHandler}, which prices what the provider
 * billed.
 * <p>
 * A stream's chunks pass here before Spring AI stops the stream's observation, and the
 * observation starts while the stream is subscribed: {@link #subscribing} hands the
 * holder to the observation that starts on the subscribing thread.
 * <p>
 * Until a chunk carries usage, the chunks are also counted for an
 * {@link AbandonedStreamEstimate}, in case the stream is cancelled before its usage
 * chunk.
 *
 * @author llm-cost contributors
 */
final class LastUsageChunk {

	private static final ThreadLocal<LastUsageChunk> SUBSCRIBING = new ThreadLocal<>();

	private volatile @Nullable ChatResponse lastWithUsage;

	private final AbandonedStreamEstimate estimate;

	/**
	 * Create the holder of one stream.
	 * @param requestModel the requested model, or {@code null}
	 */
	LastUsageChunk(@Nullable String requestModel) {
		this.estimate = new AbandonedStreamEstimate(requestModel);
	}

	void onChunk(@Nullable Object chunk) {
		try {
			if (chunk instanceof ChatResponse response) {
				if (ResponseUsage.hasUsage(response)) {
					this.lastWithUsage = response;
				}
				else if (this.lastWithUsage == null) {
					this.estimate.onChunk(response);
				}
			}
		}
		catch (RuntimeException ex) {
			// A chunk whose usage cannot be read is not kept; the stream goes on as it
			// is.
		}
	}

	/**
	 * Return the last chunk that carried usage.
	 * @return the chunk, or {@code null} if none did
	 */
	@Nullable ChatResponse lastWithUsage() {
		return this.lastWithUsage;
	}

	/**
	 * Return the estimate of the stream's usage, counted from its chunks.
	 * @return the estimate
	 */
	AbandonedStreamEstimate estimate() {
		return this.estimate;
	}

	/**
	 * Run the subscription of a stream with this holder offered to the observation that
	 * starts meanwhile.
	 * @param subscription subscribes the stream
	 */
	void subscribing(Runnable subscription) {
		LastUsageChunk previous = SUBSCRIBING.get();
		SUBSCRIBING.set(this);
		try {
			subscription.run();
		}
		finally {
			if (previous != null) {
				SUBSCRIBING.set(previous);
			}
			else {
				SUBSCRIBING.remove();
			}
		}
	}

	/**
	 * Take the holder of the stream being subscribed on this thread, if any: only the
	 * first observation to start takes it.
	 * @return the holder, or {@code null}
	 */
	static @Nullable LastUsageChunk claim() {
		LastUsageChunk usage = SUBSCRIBING.get();
		if (usage != null) {
			SUBSCRIBING.remove();
		}
		return usage;
	}

}
