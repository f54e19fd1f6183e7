package dev.llmcost.advisor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import java.util.Map;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.attribution.AttributionContext;
import dev.llmcost.budget.BudgetEnforcement;
import dev.llmcost.budget.LlmBudgetExceededException;
import dev.llmcost.observation.LlmCallObservationContext;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.observation.LlmCallRecorder.CallResult;
import dev.llmcost.observation.LlmCallRecorder.ModelCallScope;
import dev.llmcost.provider.LlmProvider;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.provider.ResponseUsage;
import dev.llmcost.springai.AbandonedStreamEstimate;
import dev.llmcost.springai.SentStreamUsages;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
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
import org.springframework.ai.chat.prompt.Prompt;
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
 * finish reason), and the time to their first content chunk. A stream its subscriber
 * cancels before any chunk carried usage (a user pressing "stop") was still billed: it is
 * recorded with an estimate of its usage, marked as estimated (see
 * {@link AbandonedStreamEstimate}), unless {@link #setEstimateAbandonedStreams} turned
 * that off.
 * <p>
 * The call is billed to, in order: the request's {@link #ATTRIBUTION} or {@link #FEATURE}
 * advisor parameter, the {@link Attribution} in the subscriber's Reactor context (an
 * {@code @LlmFeature} method returning the stream), the one of the calling thread, else
 * {@link Attribution#UNATTRIBUTED}. A {@link #FEATURE} parameter keeps the caller's
 * tenant and user; the {@link #TENANT} and {@link #USER} parameters set them for the
 * request. What is still unknown when the call starts (the team, the tenant, the user)
 * comes from the {@link dev.llmcost.attribution.AttributionSources}: for a stream, asked
 * on the thread that calls {@code stream()}.
 * <p>
 * Spring AI's own observation of the model call, which the starter follows to record
 * calls made without this advisor, is this very call: the advisor tells the
 * {@link LlmCallRecorder} so, and the call is recorded once, however the
 * {@code ChatClient} was built.
 * <p>
 * Budgets are checked before each model call, on every round of a tool loop, and for
 * streams when they are subscribed: an exhausted budget whose action is {@code block}
 * stops the call before the model is called with an {@link LlmBudgetExceededException}
 * (for a stream, as its error signal), and one whose action is {@code downgrade} sends
 * the call to its cheaper model. A request with the {@link #BYPASS_BUDGETS} parameter
 * skips the checks.
 * <p>
 * Otherwise cost tracking never changes the call: a failure inside it is counted and
 * logged by the {@link LlmCallRecorder}, and the model's response or exception reaches
 * the caller as it was.
 *
 * @author llm-cost contributors
 */
public class LlmCostAdvisor implements CallAdvisor, StreamAdvisor {

	/**
	 * Advisor parameter that sets the feature of one request, winning over
	 * {@code @LlmFeature}: {@code .advisors(a -> a.param(LlmCostAdvisor.FEATURE, "x"))}.
	 */
	public static final String FEATURE = "llm.cost.feature";

	/**
	 * Advisor parameter that sets the whole {@link Attribution} of one request, winning
	 * over {@link #FEATURE} and {@code @LlmFeature}.
	 */
	public static final String ATTRIBUTION = AttributionContext.KEY;

	/**
	 * Advisor parameter that sets the tenant of one request, winning over
	 * {@code LlmAttribution} scopes and resolvers:
	 * {@code .advisors(a -> a.param(LlmCostAdvisor.TENANT, "acme"))}.
	 */
	public static final String TENANT = "llm.cost.tenant";

	/**
	 * Advisor parameter that sets the user id of one request, in clear: it is hashed
	 * before it is recorded, or ignored without
	 * {@code llm.cost.attribution.user.hash-key}.
	 */
	public static final String USER = "llm.cost.user";

	/**
	 * Advisor parameter that, set to {@code true}, lets one request skip every budget
	 * check, for admin tools:
	 * {@code .advisors(a -> a.param(LlmCostAdvisor.BYPASS_BUDGETS,
	 * true))}. The call is still recorded and counted against the budgets.
	 */
	public static final String BYPASS_BUDGETS = "llm.cost.bypass-budgets";

	/**
	 * The advisor's name, as Spring AI's {@code spring.ai.advisor} observations show it.
	 */
	public static final String NAME = "LlmCostAdvisor";

	/**
	 * Default order: inside the tool-calling loop, once per real model call.
	 */
	public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

	private static final Log logger = LogFactory.getLog(LlmCostAdvisor.class);

	private final @Nullable LlmCallRecorder recorder;

	private final @Nullable BudgetEnforcement budgets;

	private final @Nullable SentStreamUsages sentStreamUsages;

	private final int order;

	private final AtomicBoolean warnedCallWithoutUsage = new AtomicBoolean();

	private final AtomicBoolean warnedStreamWithoutUsage = new AtomicBoolean();

	private volatile boolean estimateAbandonedStreams = true;

	/**
	 * Create an advisor.
	 * @param recorder records the calls
	 * @param order the advisor order
	 */
	public LlmCostAdvisor(LlmCallRecorder recorder, int order) {
		this(recorder, null, order);
	}

	/**
	 * Create an advisor that also enforces budgets.
	 * @param recorder records the calls
	 * @param budgets the budgets to check before each model call, or {@code null}
	 * @param order the advisor order
	 */
	public LlmCostAdvisor(LlmCallRecorder recorder, @Nullable BudgetEnforcement budgets, int order) {
		this(recorder, budgets, null, order);
	}

	/**
	 * Create an advisor that also enforces budgets and completes the usage of streams
	 * with the usage their provider sent on the wire.
	 * @param recorder records the calls
	 * @param budgets the budgets to check before each model call, or {@code null}
	 * @param sentStreamUsages the usage of streams by response id, or {@code null}
	 * @param order the advisor order
	 */
	public LlmCostAdvisor(LlmCallRecorder recorder, @Nullable BudgetEnforcement budgets,
			@Nullable SentStreamUsages sentStreamUsages, int order) {
		this.recorder = recorder;
		this.budgets = budgets;
		this.sentStreamUsages = sentStreamUsages;
		this.order = order;
	}

	private LlmCostAdvisor(int order) {
		this.recorder = null;
		this.budgets = null;
		this.sentStreamUsages = null;
		this.order = order;
	}

	/**
	 * Return an advisor that records nothing and passes every call through unchanged: the
	 * bean of an application with {@code llm.cost.enabled=false}, so that code that adds
	 * the advisor to a {@code ChatClient} it builds starts, and runs, unchanged.
	 * @return the advisor
	 */
	public static LlmCostAdvisor disabled() {
		return new LlmCostAdvisor(DEFAULT_ORDER);
	}

	/**
	 * Return whether this advisor records calls.
	 * @return {@code false} for the {@link #disabled()} advisor
	 */
	public boolean isEnabled() {
		return this.recorder != null;
	}

	/**
	 * Set whether streams cancelled before their usage chunk are recorded with an
	 * estimate of their usage rather than with none. On by default.
	 * @param estimateAbandonedStreams whether to estimate
	 */
	public void setEstimateAbandonedStreams(boolean estimateAbandonedStreams) {
		this.estimateAbandonedStreams = estimateAbandonedStreams;
	}

	/**
	 * Return the attribution a request asks for with an advisor parameter.
	 * @param context the context of a {@code ChatClient} request
	 * @return the attribution of {@link #ATTRIBUTION}, else of {@link #FEATURE}, or
	 * {@code null} when the request sets neither
	 */
	public static @Nullable Attribution requestedAttribution(Map<String, Object> context) {
		Object attribution = context.get(ATTRIBUTION);
		if (attribution instanceof Attribution requested) {
			return requested;
		}
		Object feature = context.get(FEATURE);
		return (feature != null) ? Attribution.of(feature.toString()) : null;
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
		LlmCallRecorder recorder = this.recorder;
		if (recorder == null) {
			return chain.nextCall(request);
		}
		Attribution attribution = attribution(recorder, request, AttributionContext.current());
		request = applyBudgets(request, attribution);
		Observation observation = start(recorder, request, attribution, null);
		ChatClientResponse response;
		try (Observation.Scope scope = observation.openScope();
				ModelCallScope modelCall = recorder.openModelCall(observation)) {
			response = chain.nextCall(request);
		}
		catch (RuntimeException | Error ex) {
			recorder.stop(observation, CallResult.failed(ex));
			throw ex;
		}
		ChatResponse chatResponse = response.chatResponse();
		CallResult result = result(recorder, observation, chatResponse, chatResponse, null, null, null);
		if (result.usage().isEmpty() && this.warnedCallWithoutUsage.compareAndSet(false, true)) {
			logger.warn("An LLM call completed without reporting token usage (none, or all zero), so it is "
					+ "recorded with no tokens and no cost. Check that the provider, or a gateway in front of it, "
					+ "returns usage in its responses. This is logged once.");
		}
		recorder.stop(observation, result);
		return response;
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		LlmCallRecorder recorder = this.recorder;
		if (recorder == null) {
			return chain.nextStream(request);
		}
		// The tenant and user are resolved on the calling thread, which a stream may
		// leave.
		Attribution threadAttribution = callerAttribution(recorder);
		return Flux.deferContextual((reactorContext) -> {
			Attribution attribution = attribution(recorder, request,
					reactorContext.getOrDefault(AttributionContext.KEY, threadAttribution));
			// Thrown here, at subscription, it reaches the subscriber as the error
			// signal.
			ChatClientRequest checked = applyBudgets(request, attribution);
			Observation parent = reactorContext.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			// Tracing takes the thread's current span over an explicit parent: open the
			// parent's scope so the call is a child of the advisor that subscribed it.
			Observation observation;
			try (Observation.Scope scope = (parent != null) ? parent.openScope() : Observation.Scope.NOOP) {
				observation = start(recorder, checked, attribution, parent);
			}
			StreamRecording recording = new StreamRecording(recorder, observation,
					this.estimateAbandonedStreams ? checked.prompt() : null);
			Flux<ChatClientResponse> stream;
			try (ModelCallScope modelCall = recorder.openModelCall(observation)) {
				stream = chain.nextStream(checked);
			}
			// The model's own observation becomes a child of this call's.
			if (!observation.isNoop()) {
				stream = stream.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, observation));
			}
			return Flux.from(subscribedAsModelCall(recorder, observation, stream))
				.doOnNext(recording::onChunk)
				.doOnError(recording::onError)
				.doOnComplete(recording::onComplete)
				.doOnCancel(recording::onCancel);
		});
	}

	/**
	 * The model's stream starts its observation when it is subscribed: the thread says
	 * meanwhile that this call is the model call, already recorded.
	 */
	private static <T> Publisher<T> subscribedAsModelCall(LlmCallRecorder recorder, Observation observation,
			Flux<T> stream) {
		return (subscriber) -> {
			try (ModelCallScope modelCall = recorder.openModelCall(observation)) {
				stream.subscribe(subscriber);
			}
		};
	}

	private static @Nullable Attribution callerAttribution(LlmCallRecorder recorder) {
		try {
			return recorder.attributionSources().resolve(AttributionContext.current());
		}
		catch (RuntimeException ex) {
			recorder.failed("resolving the attribution of a stream", ex);
			return AttributionContext.current();
		}
	}

	/**
	 * Return who a request is billed to: its advisor parameters, else the one of the
	 * calling thread or subscriber. A feature parameter keeps the caller's tenant and
	 * user.
	 */
	private static @Nullable Attribution attribution(LlmCallRecorder recorder, ChatClientRequest request,
			@Nullable Attribution callerAttribution) {
		try {
			Map<String, Object> context = request.context();
			Attribution attribution = callerAttribution;
			if (context.get(ATTRIBUTION) instanceof Attribution requested) {
				attribution = requested;
			}
			else if (context.get(FEATURE) != null) {
				String feature = context.get(FEATURE).toString();
				attribution = (callerAttribution != null) ? callerAttribution.withFeature(feature)
						: Attribution.of(feature);
			}
			Object tenant = context.get(TENANT);
			Object user = context.get(USER);
			if (tenant != null || user != null) {
				attribution = recorder.attributionSources()
					.withCaller(attribution, (tenant != null) ? tenant.toString() : null,
							(user != null) ? user.toString() : null);
			}
			return attribution;
		}
		catch (RuntimeException ex) {
			return callerAttribution;
		}
	}

	/**
	 * Check the budgets of the call's feature: the request as it was, or sent to the
	 * {@code downgrade-to} model of an exhausted budget.
	 * @throws LlmBudgetExceededException if an exhausted {@code block} budget applies
	 */
	private ChatClientRequest applyBudgets(ChatClientRequest request, @Nullable Attribution attribution) {
		BudgetEnforcement budgets = this.budgets;
		if (budgets == null || !budgets.isActive() || isBypassed(request)) {
			return request;
		}
		ChatOptions options = request.prompt().getOptions();
		String model = (options != null) ? options.getModel() : null;
		String target = budgets
			.beforeCall((attribution != null) ? attribution.feature() : Attribution.UNATTRIBUTED_FEATURE, model);
		if (target == null || target.equals(model)) {
			return request;
		}
		try {
			ChatOptions downgraded = ((options != null) ? options.mutate() : ChatOptions.builder()).model(target)
				.build();
			return request.mutate().prompt(request.prompt().mutate().chatOptions(downgraded).build()).build();
		}
		catch (RuntimeException ex) {
			if (this.recorder != null) {
				this.recorder.failed("downgrading a call for its budget", ex);
			}
			return request;
		}
	}

	private static boolean isBypassed(ChatClientRequest request) {
		Object bypass = request.context().get(BYPASS_BUDGETS);
		return Boolean.TRUE.equals(bypass) || "true".equals(bypass);
	}

	private Observation start(LlmCallRecorder recorder, ChatClientRequest request, @Nullable Attribution attribution,
			@Nullable Observation parent) {
		try {
			ChatOptions options = request.prompt().getOptions();
			return recorder.start(attribution, LlmProviders.forOptions(options), LlmCallObservationContext.CHAT,
					(options != null) ? options.getModel() : null, parent);
		}
		catch (RuntimeException ex) {
			recorder.failed("starting the llm.call observation", ex);
			return Observation.NOOP;
		}
	}

	private static CallResult result(LlmCallRecorder recorder, Observation observation, @Nullable ChatResponse response,
			@Nullable ChatResponse usageResponse, @Nullable Duration timeToFirstChunk, @Nullable Throwable error,
			@Nullable SentStreamUsages sentStreamUsages) {
		try {
			ChatResponseMetadata metadata = (response != null) ? response.getMetadata() : null;
			LlmProvider provider = (observation.getContext() instanceof LlmCallObservationContext context)
					? context.getProvider() : LlmProviders.UNKNOWN;
			TokenUsage usage = ResponseUsage.of(usageResponse, provider);
			if (sentStreamUsages != null && usageResponse != null && usageResponse.getMetadata() != null) {
				usage = sentStreamUsages.complete(usageResponse.getMetadata().getId(), usage);
			}
			return new CallResult((metadata != null) ? metadata.getModel() : null,
					(metadata != null) ? metadata.getId() : null, usage, timeToFirstChunk, error,
					ResponseUsage.unitsOf(usageResponse, provider), false);
		}
		catch (RuntimeException ex) {
			recorder.failed("reading a model response", ex);
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

		private final LlmCallRecorder recorder;

		private final Observation observation;

		private final long started = System.nanoTime();

		private final AtomicBoolean recorded = new AtomicBoolean();

		private volatile @Nullable Duration timeToFirstChunk;

		private volatile @Nullable ChatResponse lastWithMetadata;

		private volatile @Nullable ChatResponse lastWithUsage;

		private final @Nullable Prompt prompt;

		private final @Nullable AbandonedStreamEstimate estimate;

		/**
		 * Create the recording of one stream.
		 * @param prompt the stream's prompt, to estimate the usage of the stream if it is
		 * cancelled before any usage, or {@code null} not to estimate
		 */
		StreamRecording(LlmCallRecorder recorder, Observation observation, @Nullable Prompt prompt) {
			this.recorder = recorder;
			this.observation = observation;
			this.prompt = prompt;
			this.estimate = (prompt != null) ? new AbandonedStreamEstimate(requestModel(prompt)) : null;
		}

		private static @Nullable String requestModel(Prompt prompt) {
			try {
				return (prompt.getOptions() != null) ? prompt.getOptions().getModel() : null;
			}
			catch (RuntimeException ex) {
				return null;
			}
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
				if (ResponseUsage.hasUsage(response)) {
					this.lastWithUsage = response;
				}
				if (this.estimate != null && this.lastWithUsage == null) {
					this.estimate.onChunk(response);
				}
			}
			catch (RuntimeException ex) {
				this.recorder.failed("reading a stream chunk", ex);
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
			if (this.estimate != null && this.lastWithUsage == null && this.recorded.compareAndSet(false, true)) {
				this.recorder.stop(this.observation, estimated(this.estimate));
				return;
			}
			end(null);
		}

		/**
		 * The result of a stream cancelled before any chunk carried usage: not an error,
		 * with the estimated usage.
		 */
		private CallResult estimated(AbandonedStreamEstimate estimate) {
			TokenUsage usage;
			try {
				usage = estimate.estimate(this.prompt);
			}
			catch (RuntimeException ex) {
				this.recorder.failed("estimating the usage of a cancelled stream", ex);
				usage = TokenUsage.EMPTY;
			}
			CallResult result = result(this.recorder, this.observation, this.lastWithMetadata, null,
					this.timeToFirstChunk, null, null);
			return new CallResult(result.responseModel(), result.responseId(), usage, result.timeToFirstChunk(), null,
					UnitUsage.NONE, !usage.isEmpty());
		}

		private void end(@Nullable Throwable error) {
			if (this.recorded.compareAndSet(false, true)) {
				this.recorder.stop(this.observation, result(this.recorder, this.observation, this.lastWithMetadata,
						this.lastWithUsage, this.timeToFirstChunk, error, LlmCostAdvisor.this.sentStreamUsages));
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
