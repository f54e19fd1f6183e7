package dev.llmcost.springai;

import dev.llmcost.observation.LlmCallObservationContext;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.observation.LlmCallRecorder.CallResult;
import dev.llmcost.provider.LlmProvider;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.provider.ResponseUsage;
import dev.llmcost.springai.SentStreamUsages.SentUsage;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;

/**
 * Records the model calls the {@code ChatClient} advisor does not see: {@code ChatModel}
 * and {@code EmbeddingModel} used directly, and {@code ChatClient}s built without the
 * advisor. It follows Spring AI's own model observation ({@code
 * gen_ai.client.operation}) and records an {@code llm.call} under it, except when the
 * {@link LlmCallRecorder} already records that call (the advisor's): no call is counted
 * twice.
 * <p>
 * Streams are priced with the usage of the provider's last chunk, kept by
 * {@link ChatModelStreamInterceptor} for the application's chat models it can proxy, or
 * read on the wire by {@link OpenAiStreamUsageInterceptor} and
 * {@link AnthropicStreamUsageInterceptor} for Spring AI's OpenAI and Anthropic models:
 * Spring AI's aggregate of a stream drops their cached (and OpenAI's reasoning) tokens.
 * Streams have no time to first chunk on this path.
 * <p>
 * A stream cancelled before any usage (Spring AI stops its observation without a response
 * or an error) was still billed: it is recorded with an estimate of its usage, marked as
 * estimated (see {@link AbandonedStreamEstimate}), the output counted from the chunks
 * kept by {@link ChatModelStreamInterceptor}; for a model it could not proxy, from the
 * prompt alone.
 *
 * @author llm-cost contributors
 */
public class ModelCallObservationHandler implements ObservationHandler<Observation.Context> {

	private static final String CALL = ModelCallObservationHandler.class.getName() + ".call";

	private static final String LAST_USAGE_CHUNK = ModelCallObservationHandler.class.getName() + ".lastUsageChunk";

	private final LlmCallRecorder recorder;

	private final @Nullable SentStreamUsages sentStreamUsages;

	private volatile boolean estimateAbandonedStreams = true;

	/**
	 * Create a handler.
	 * @param recorder records the calls
	 */
	public ModelCallObservationHandler(LlmCallRecorder recorder) {
		this(recorder, null);
	}

	/**
	 * Create a handler that also prices streams with the usage their provider sent on the
	 * wire.
	 * @param recorder records the calls
	 * @param sentStreamUsages the usage of streams by response id, or {@code null}
	 */
	public ModelCallObservationHandler(LlmCallRecorder recorder, @Nullable SentStreamUsages sentStreamUsages) {
		this.recorder = recorder;
		this.sentStreamUsages = sentStreamUsages;
	}

	/**
	 * Set whether streams cancelled before their usage chunk are recorded with an
	 * estimate of their usage rather than with none. On by default.
	 * @param estimateAbandonedStreams whether to estimate
	 */
	public void setEstimateAbandonedStreams(boolean estimateAbandonedStreams) {
		this.estimateAbandonedStreams = estimateAbandonedStreams;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatModelObservationContext || context instanceof EmbeddingModelObservationContext;
	}

	@Override
	public void onStart(Observation.Context context) {
		try {
			LastUsageChunk lastUsageChunk = LastUsageChunk.claim();
			if (this.recorder.isRecorded(context)) {
				return;
			}
			LlmProvider provider;
			String operation;
			String requestModel;
			if (context instanceof ChatModelObservationContext chat) {
				provider = LlmProviders.forSpringAi(chat.getOperationMetadata().provider());
				operation = LlmCallObservationContext.CHAT;
				requestModel = (chat.getRequest().getOptions() != null) ? chat.getRequest().getOptions().getModel()
						: null;
			}
			else {
				EmbeddingModelObservationContext embedding = (EmbeddingModelObservationContext) context;
				provider = LlmProviders.forSpringAi(embedding.getOperationMetadata().provider());
				operation = LlmCallObservationContext.EMBEDDINGS;
				requestModel = (embedding.getRequest().getOptions() != null)
						? embedding.getRequest().getOptions().getModel() : null;
			}
			Observation call = this.recorder.start(SpringAiObservations.attribution(context), provider, operation,
					requestModel, null);
			if (!call.isNoop()) {
				context.put(CALL, call);
				if (lastUsageChunk != null) {
					context.put(LAST_USAGE_CHUNK, lastUsageChunk);
				}
			}
		}
		catch (RuntimeException ex) {
			this.recorder.failed("following a model observation", ex);
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		Observation call = context.get(CALL);
		if (call == null) {
			return;
		}
		context.remove(CALL);
		CallResult result;
		try {
			result = result(context, call);
		}
		catch (RuntimeException ex) {
			this.recorder.failed("reading a model response", ex);
			result = new CallResult(null, null, TokenUsage.EMPTY, null, context.getError());
		}
		this.recorder.stop(call, result);
	}

	private CallResult result(Observation.Context context, Observation call) {
		if (context instanceof ChatModelObservationContext chat) {
			LlmProvider provider = ((LlmCallObservationContext) call.getContext()).getProvider();
			ChatResponse response = chat.getResponse();
			if (isAbandoned(chat)) {
				return abandoned(chat);
			}
			SentUsage usage = usage(chat, response, provider);
			return new CallResult(model(response), id(response), usage.tokens(), null, context.getError(),
					usage.units(), false);
		}
		EmbeddingResponse response = ((EmbeddingModelObservationContext) context).getResponse();
		return new CallResult(
				(response != null && response.getMetadata() != null) ? response.getMetadata().getModel() : null, null,
				ResponseUsage.of(response), null, context.getError());
	}

	/**
	 * The usage of a call: for a stream, what the provider sent in its last chunk, kept
	 * from the chunks or from the wire, rather than Spring AI's aggregate, which drops
	 * cached and reasoning tokens.
	 */
	private SentUsage usage(ChatModelObservationContext context, @Nullable ChatResponse response,
			LlmProvider provider) {
		LastUsageChunk lastUsageChunk = context.get(LAST_USAGE_CHUNK);
		context.remove(LAST_USAGE_CHUNK);
		if (lastUsageChunk != null && lastUsageChunk.lastWithUsage() != null) {
			return read(lastUsageChunk.lastWithUsage(), provider);
		}
		if (context.isStreaming() && this.sentStreamUsages != null) {
			SentUsage sent = this.sentStreamUsages.claim(id(response));
			if (sent != null) {
				return sent;
			}
		}
		return read(response, provider);
	}

	private static SentUsage read(@Nullable ChatResponse response, LlmProvider provider) {
		return new SentUsage(ResponseUsage.of(response, provider), ResponseUsage.unitsOf(response, provider));
	}

	/**
	 * Spring AI stops the observation of a cancelled stream with neither a response nor
	 * an error: both come from the stream's end.
	 */
	private boolean isAbandoned(ChatModelObservationContext context) {
		if (!this.estimateAbandonedStreams || !context.isStreaming() || context.getResponse() != null
				|| context.getError() != null) {
			return false;
		}
		LastUsageChunk lastUsageChunk = context.get(LAST_USAGE_CHUNK);
		return lastUsageChunk == null || lastUsageChunk.lastWithUsage() == null;
	}

	private CallResult abandoned(ChatModelObservationContext context) {
		LastUsageChunk lastUsageChunk = context.get(LAST_USAGE_CHUNK);
		context.remove(LAST_USAGE_CHUNK);
		AbandonedStreamEstimate estimate = (lastUsageChunk != null) ? lastUsageChunk.estimate()
				: new AbandonedStreamEstimate((context.getRequest().getOptions() != null)
						? context.getRequest().getOptions().getModel() : null);
		TokenUsage usage;
		try {
			usage = estimate.estimate(context.getRequest());
		}
		catch (RuntimeException ex) {
			this.recorder.failed("estimating the usage of a cancelled stream", ex);
			usage = TokenUsage.EMPTY;
		}
		return new CallResult(estimate.responseModel(), null, usage, null, null, UnitUsage.NONE, !usage.isEmpty());
	}

	private static @Nullable String model(@Nullable ChatResponse response) {
		return (response != null && response.getMetadata() != null) ? response.getMetadata().getModel() : null;
	}

	private static @Nullable String id(@Nullable ChatResponse response) {
		return (response != null && response.getMetadata() != null) ? response.getMetadata().getId() : null;
	}

}
