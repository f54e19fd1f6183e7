package dev.llmcost.advisor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.llmcost.attribution.FeatureNames;
import dev.llmcost.attribution.LlmFeatureContext;
import dev.llmcost.observation.LlmCallObservationContext;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.observation.LlmCallRecorder.CallResult;
import dev.llmcost.usage.ChatUsageReader;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.core.Ordered;

/**
 * Records every model call made through a {@code ChatClient} as an {@code llm.call}
 * observation, attributed to a feature and priced.
 * <p>
 * Its default order, {@link #DEFAULT_ORDER}, puts it inside Spring AI's tool-calling and
 * structured-output loops, next to the model: it runs once per real model call and sees
 * that call's own usage, so a tool loop is one record per model round and never a double
 * count. Streams are recorded once, on completion, error or cancellation, with the usage
 * of the last chunk that carried any (OpenAI sends it in a chunk of its own after the
 * finish reason), and the time to their first content chunk.
 * <p>
 * The feature is, in order: the request's {@link #FEATURE} advisor parameter, the
 * {@code @LlmFeature} in the subscriber's Reactor context, the {@code @LlmFeature} of the
 * calling thread, else {@value FeatureNames#UNATTRIBUTED}.
 * <p>
 * Cost tracking never changes the call: a failure inside it is counted and logged by the
 * {@link LlmCallRecorder}, and the model's response or exception reaches the caller as it
 * was.
 *
 * @author llm-cost contributors
 */
public class LlmCostAdvisor implements CallAdvisor, StreamAdvisor {

	/**
	 * Advisor parameter that sets the feature of one request, winning over
	 * {@code @LlmFeature}: {@code .advisors(a -> a.param(LlmCostAdvisor.FEATURE, "x"))}.
	 */
	public static final String FEATURE = LlmFeatureContext.KEY;

	/**
	 * The advisor's name, as Spring AI's {@code spring.ai.advisor} observations show it.
	 */
	public static final String NAME = "LlmCostAdvisor";

	/**
	 * Default order: inside the tool-calling loop, once per real model call.
	 */
	public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

	private static final Log logger = LogFactory.getLog(LlmCostAdvisor.class);

	private final LlmCallRecorder recorder;

	private final int order;

	private final AtomicBoolean warnedCallWithoutUsage = new AtomicBoolean();

	private final AtomicBoolean warnedStreamWithoutUsage = new AtomicBoolean();

	/**
	 * Create an advisor.
	 * @param recorder records the calls
	 * @param order the advisor order
	 */
	public LlmCostAdvisor(LlmCallRecorder recorder, int order) {
		this.recorder = recorder;
		this.order = order;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		Observation observation = start(request, LlmFeatureContext.current(), null);
		ChatClientResponse response;
		try (Observation.Scope scope = observation.openScope()) {
			response = chain.nextCall(request);
		}
		catch (RuntimeException | Error ex) {
			this.recorder.stop(observation, CallResult.failed(ex));
			throw ex;
		}
		ChatResponse chatResponse = response.chatResponse();
		CallResult result = result(observation, chatResponse, chatResponse, null, null);
		if (result.usage().isEmpty() && this.warnedCallWithoutUsage.compareAndSet(false, true)) {
			logger.warn("An LLM call completed without reporting token usage (none, or all zero), so it is "
					+ "recorded with no tokens and no cost. Check that the provider, or a gateway in front of it, "
					+ "returns usage in its responses. This is logged once.");
		}
		this.recorder.stop(observation, result);
		return response;
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		String threadFeature = LlmFeatureContext.current();
		return Flux.deferContextual((reactorContext) -> {
			String feature = reactorContext.getOrDefault(LlmFeatureContext.KEY, threadFeature);
			Observation parent = reactorContext.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			// Tracing takes the thread's current span over an explicit parent: open the
			// parent's scope so the call is a child of the advisor that subscribed it.
			Observation observation;
			try (Observation.Scope scope = (parent != null) ? parent.openScope() : Observation.Scope.NOOP) {
				observation = start(request, feature, parent);
			}
			StreamRecording recording = new StreamRecording(observation);
			// The model's own observation becomes a child of this call's.
			Flux<ChatClientResponse> stream = observation.isNoop() ? chain.nextStream(request)
					: chain.nextStream(request)
						.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, observation));
			return stream.doOnNext(recording::onChunk)
				.doOnError(recording::onError)
				.doOnComplete(recording::onComplete)
				.doOnCancel(recording::onCancel);
		});
	}

	private Observation start(ChatClientRequest request, @Nullable String threadFeature, @Nullable Observation parent) {
		try {
			ChatOptions options = request.prompt().getOptions();
			Object requested = request.context().get(FEATURE);
			return this.recorder.start((requested != null) ? requested.toString() : threadFeature,
					ProviderNames.of(options), LlmCallObservationContext.CHAT,
					(options != null) ? options.getModel() : null, parent);
		}
		catch (RuntimeException ex) {
			this.recorder.failed("starting the llm.call observation", ex);
			return Observation.NOOP;
		}
	}

	private CallResult result(Observation observation, @Nullable ChatResponse response,
			@Nullable ChatResponse usageResponse, @Nullable Duration timeToFirstChunk, @Nullable Throwable error) {
		try {
			ChatResponseMetadata metadata = (response != null) ? response.getMetadata() : null;
			String provider = (observation.getContext() instanceof LlmCallObservationContext context)
					? context.getProvider() : LlmCallObservationContext.UNKNOWN;
			return new CallResult((metadata != null) ? metadata.getModel() : null,
					(metadata != null) ? metadata.getId() : null, ChatUsageReader.read(usageResponse, provider),
					timeToFirstChunk, error);
		}
		catch (RuntimeException ex) {
			this.recorder.failed("reading a model response", ex);
			return (error != null) ? CallResult.failed(error)
					: new CallResult(null, null, TokenUsage.EMPTY, timeToFirstChunk, null);
		}
	}

	/**
	 * The state of one streamed call: when it started and first delivered content, the
	 * last chunk that named a model and the last one that carried usage; recorded exactly
	 * once when the stream ends, however it ends.
	 */
	private final class StreamRecording {

		private final Observation observation;

		private final long started = System.nanoTime();

		private final AtomicBoolean recorded = new AtomicBoolean();

		private volatile @Nullable Duration timeToFirstChunk;

		private volatile @Nullable ChatResponse lastWithMetadata;

		private volatile @Nullable ChatResponse lastWithUsage;

		StreamRecording(Observation observation) {
			this.observation = observation;
		}

		void onChunk(ChatClientResponse chunk) {
			try {
				ChatResponse response = chunk.chatResponse();
				if (this.timeToFirstChunk == null && hasContent(response)) {
					this.timeToFirstChunk = Duration.ofNanos(System.nanoTime() - this.started);
				}
				if (response != null && response.getMetadata() != null && response.getMetadata().getModel() != null
						&& !response.getMetadata().getModel().isBlank()) {
					this.lastWithMetadata = response;
				}
				if (ChatUsageReader.hasUsage(response)) {
					this.lastWithUsage = response;
				}
			}
			catch (RuntimeException ex) {
				LlmCostAdvisor.this.recorder.failed("reading a stream chunk", ex);
			}
		}

		void onError(Throwable error) {
			end(error);
		}

		void onComplete() {
			if (this.lastWithUsage == null && LlmCostAdvisor.this.warnedStreamWithoutUsage.compareAndSet(false, true)) {
				logger.warn("A streamed LLM call completed without reporting usage, so it is recorded with no tokens "
						+ "and no cost. For OpenAI, keep stream_options.include_usage on: setting any "
						+ "spring.ai.openai.chat.stream-options.* (or .chat.options.stream-options.*) property "
						+ "needs include-usage=true there as well.");
			}
			end(null);
		}

		void onCancel() {
			end(null);
		}

		private void end(@Nullable Throwable error) {
			if (this.recorded.compareAndSet(false, true)) {
				LlmCostAdvisor.this.recorder.stop(this.observation, result(this.observation, this.lastWithMetadata,
						this.lastWithUsage, this.timeToFirstChunk, error));
			}
		}

		private static boolean hasContent(@Nullable ChatResponse response) {
			if (response == null) {
				return false;
			}
			return response.getResults()
				.stream()
				.anyMatch((generation) -> generation.getOutput() != null
						&& ((generation.getOutput().getText() != null && !generation.getOutput().getText().isEmpty())
								|| generation.getOutput().hasToolCalls()));
		}

	}

}
