package dev.llmcost.springai;

import java.util.function.Supplier;

import dev.llmcost.observation.LlmCallObservationContext;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.observation.LlmCallRecorder.CallResult;
import dev.llmcost.usage.ChatUsageReader;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;

/**
 * Records the model calls the {@code ChatClient} advisor does not see: {@code ChatModel}
 * and {@code EmbeddingModel} used directly, and {@code ChatClient}s built by hand without
 * the advisor. It follows Spring AI's own model observation ({@code
 * gen_ai.client.operation}) and records an {@code llm.call} under it, except when an
 * {@code llm.call} already encloses it: that call came through the advisor and is
 * recorded there, so no call is counted twice.
 * <p>
 * Streams seen this way carry the usage Spring AI aggregates, which has no cached or
 * reasoning tokens, and no time to first chunk: the advisor path is the precise one.
 *
 * @author llm-cost contributors
 */
public class ModelCallObservationHandler implements ObservationHandler<Observation.Context> {

	private static final String CALL = ModelCallObservationHandler.class.getName() + ".call";

	private final Supplier<LlmCallRecorder> recorder;

	/**
	 * Create a handler.
	 * @param recorder supplies the recorder of the calls; looked up on first use, because
	 * the recorder needs the observation registry this handler is registered with
	 */
	public ModelCallObservationHandler(Supplier<LlmCallRecorder> recorder) {
		this.recorder = recorder;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatModelObservationContext || context instanceof EmbeddingModelObservationContext;
	}

	@Override
	public void onStart(Observation.Context context) {
		try {
			if (SpringAiObservations.enclosingCall(context) != null) {
				return;
			}
			String provider;
			String operation;
			String requestModel;
			if (context instanceof ChatModelObservationContext chat) {
				provider = SpringAiObservations.provider(chat.getOperationMetadata().provider());
				operation = LlmCallObservationContext.CHAT;
				requestModel = (chat.getRequest().getOptions() != null) ? chat.getRequest().getOptions().getModel()
						: null;
			}
			else {
				EmbeddingModelObservationContext embedding = (EmbeddingModelObservationContext) context;
				provider = SpringAiObservations.provider(embedding.getOperationMetadata().provider());
				operation = LlmCallObservationContext.EMBEDDINGS;
				requestModel = (embedding.getRequest().getOptions() != null)
						? embedding.getRequest().getOptions().getModel() : null;
			}
			Observation call = this.recorder.get()
				.start(SpringAiObservations.feature(context), provider, operation, requestModel, null);
			if (!call.isNoop()) {
				context.put(CALL, call);
			}
		}
		catch (RuntimeException ex) {
			this.recorder.get().failed("following a model observation", ex);
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
			this.recorder.get().failed("reading a model response", ex);
			result = new CallResult(null, null, TokenUsage.EMPTY, null, context.getError());
		}
		this.recorder.get().stop(call, result);
	}

	private static CallResult result(Observation.Context context, Observation call) {
		String provider = ((LlmCallObservationContext) call.getContext()).getProvider();
		if (context instanceof ChatModelObservationContext chat) {
			ChatResponse response = chat.getResponse();
			return new CallResult(
					(response != null && response.getMetadata() != null) ? response.getMetadata().getModel() : null,
					(response != null && response.getMetadata() != null) ? response.getMetadata().getId() : null,
					ChatUsageReader.read(response, provider), null, context.getError());
		}
		EmbeddingResponse response = ((EmbeddingModelObservationContext) context).getResponse();
		Usage usage = (response != null && response.getMetadata() != null) ? response.getMetadata().getUsage() : null;
		return new CallResult(
				(response != null && response.getMetadata() != null) ? response.getMetadata().getModel() : null, null,
				embeddingUsage(usage), null, context.getError());
	}

	private static TokenUsage embeddingUsage(@Nullable Usage usage) {
		return (usage != null) ? TokenUsage.fromInclusive(usage.getPromptTokens(), null, null, null, null)
				: TokenUsage.EMPTY;
	}

}
