package dev.llmcost.advisor;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.llmcost.attribution.FeatureNames;
import dev.llmcost.attribution.LlmFeatureContext;
import dev.llmcost.observation.DefaultLlmCallObservationConvention;
import dev.llmcost.observation.LlmCallObservationContext;
import dev.llmcost.observation.LlmCallObservationConvention;
import dev.llmcost.observation.LlmCallObservationDocumentation;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.usage.ChatUsageReader;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
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
 * finish reason).
 * <p>
 * The feature is, in order: the request's {@link #FEATURE} advisor parameter, the
 * {@code @LlmFeature} in the subscriber's Reactor context, the {@code @LlmFeature} of the
 * calling thread, else {@value FeatureNames#UNATTRIBUTED}.
 * <p>
 * Cost tracking never changes the call: a failure inside it is handed to
 * {@link CostTrackingFailures} and the model's response or exception reaches the caller
 * as it was.
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
	 * Default order: inside the tool-calling loop, once per real model call.
	 */
	public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

	private static final LlmCallObservationConvention DEFAULT_CONVENTION = new DefaultLlmCallObservationConvention();

	private final ObservationRegistry observationRegistry;

	private final @Nullable LlmCallObservationConvention convention;

	private final FeatureNames featureNames;

	private final CallPricer pricer;

	private final ReportingCurrency currency;

	private final CostTrackingFailures failures;

	private final int order;

	/**
	 * Create an advisor.
	 * @param observationRegistry the registry of the {@code llm.call} observations
	 * @param convention a custom convention, or {@code null} for the default one
	 * @param featureNames the feature name policy
	 * @param pricer the pricer of calls
	 * @param currency the currency costs are reported in
	 * @param failures where failures inside cost tracking go
	 * @param order the advisor order
	 */
	public LlmCostAdvisor(ObservationRegistry observationRegistry, @Nullable LlmCallObservationConvention convention,
			FeatureNames featureNames, CallPricer pricer, ReportingCurrency currency, CostTrackingFailures failures,
			int order) {
		this.observationRegistry = observationRegistry;
		this.convention = convention;
		this.featureNames = featureNames;
		this.pricer = pricer;
		this.currency = currency;
		this.failures = failures;
		this.order = order;
	}

	@Override
	public String getName() {
		return "LlmCostAdvisor";
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
			stop(observation, null, null, ex);
			throw ex;
		}
		ChatResponse chatResponse = response.chatResponse();
		stop(observation, chatResponse, chatResponse, null);
		return response;
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		String threadFeature = LlmFeatureContext.current();
		return Flux.deferContextual((reactorContext) -> {
			String feature = reactorContext.getOrDefault(LlmFeatureContext.KEY, threadFeature);
			Observation parent = reactorContext.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			Observation observation = start(request, feature, parent);
			StreamRecording recording = new StreamRecording(observation);
			// The model's own observation becomes a child of this call's.
			Flux<ChatClientResponse> stream = observation.isNoop() ? chain.nextStream(request)
					: chain.nextStream(request)
						.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, observation));
			return stream.doOnNext(recording::onChunk)
				.doOnError(recording::onError)
				.doOnComplete(recording::onEnd)
				.doOnCancel(recording::onEnd);
		});
	}

	private Observation start(ChatClientRequest request, @Nullable String threadFeature, @Nullable Observation parent) {
		try {
			ChatOptions options = request.prompt().getOptions();
			String requestModel = (options != null && options.getModel() != null) ? options.getModel()
					: LlmCallObservationContext.UNKNOWN;
			LlmCallObservationContext context = new LlmCallObservationContext(featureOf(request, threadFeature),
					ProviderNames.of(options), LlmCallObservationContext.CHAT, requestModel, this.currency);
			return LlmCallObservationDocumentation.LLM_CALL
				.observation(this.convention, DEFAULT_CONVENTION, () -> context, this.observationRegistry)
				.parentObservation(parent)
				.start();
		}
		catch (RuntimeException ex) {
			this.failures.record("starting the llm.call observation", ex);
			return Observation.NOOP;
		}
	}

	private String featureOf(ChatClientRequest request, @Nullable String fallback) {
		Object requested = request.context().get(FEATURE);
		return this.featureNames.resolve((requested != null) ? requested.toString() : fallback);
	}

	private void stop(Observation observation, @Nullable ChatResponse response, @Nullable ChatResponse usageResponse,
			@Nullable Throwable error) {
		if (!(observation.getContext() instanceof LlmCallObservationContext context)) {
			return;
		}
		try {
			ChatResponseMetadata metadata = (response != null) ? response.getMetadata() : null;
			if (metadata != null) {
				context.setResponseModel(blankToNull(metadata.getModel()));
				context.setResponseId(blankToNull(metadata.getId()));
			}
			TokenUsage usage = ChatUsageReader.read(usageResponse, context.getProvider());
			context.setUsage(usage);
			String requestModel = LlmCallObservationContext.UNKNOWN.equals(context.getRequestModel()) ? null
					: context.getRequestModel();
			context.setPricing(this.pricer.price(context.getProvider(), context.getResponseModel(), requestModel, usage,
					Instant.now()));
		}
		catch (RuntimeException ex) {
			this.failures.record("pricing a model call", ex);
		}
		try {
			if (error != null) {
				observation.error(error);
			}
			observation.stop();
		}
		catch (RuntimeException ex) {
			this.failures.record("recording a model call", ex);
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value : null;
	}

	/**
	 * The state of one streamed call: the last chunk that named a model and the last one
	 * that carried usage, recorded exactly once when the stream ends however it ends.
	 */
	private final class StreamRecording {

		private final Observation observation;

		private final AtomicBoolean recorded = new AtomicBoolean();

		private volatile @Nullable ChatResponse lastWithMetadata;

		private volatile @Nullable ChatResponse lastWithUsage;

		StreamRecording(Observation observation) {
			this.observation = observation;
		}

		void onChunk(ChatClientResponse chunk) {
			try {
				ChatResponse response = chunk.chatResponse();
				if (response != null && response.getMetadata() != null
						&& blankToNull(response.getMetadata().getModel()) != null) {
					this.lastWithMetadata = response;
				}
				if (ChatUsageReader.hasUsage(response)) {
					this.lastWithUsage = response;
				}
			}
			catch (RuntimeException ex) {
				LlmCostAdvisor.this.failures.record("reading a stream chunk", ex);
			}
		}

		void onError(Throwable error) {
			if (this.recorded.compareAndSet(false, true)) {
				stop(this.observation, this.lastWithMetadata, this.lastWithUsage, error);
			}
		}

		void onEnd() {
			if (this.recorded.compareAndSet(false, true)) {
				stop(this.observation, this.lastWithMetadata, this.lastWithUsage, null);
			}
		}

	}

}
