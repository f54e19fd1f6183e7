package dev.llmcost.observation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.attribution.AttributionSources;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.CallPricer.PricedCall;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.provider.LlmProvider;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import org.jspecify.annotations.Nullable;

/**
 * Records model calls as {@code llm.call} observations, whichever path saw them: the
 * {@code ChatClient} advisor, or Spring AI's own model observations for calls that bypass
 * it. One place starts the observation, prices the call and stops it, so every path
 * produces the same meters, spans and ledger entries; and one place knows which model
 * calls are already being recorded, so that no path records a call another one records.
 * <p>
 * Never throws: a failure inside recording goes to {@link CostTrackingFailures}, and the
 * model call it observes goes on untouched.
 *
 * @author llm-cost contributors
 */
public class LlmCallRecorder {

	private static final LlmCallObservationConvention DEFAULT_CONVENTION = new DefaultLlmCallObservationConvention();

	private static final int MAX_PARENT_DEPTH = 64;

	/**
	 * The call whose model call runs on this thread: set while the advisor proceeds to
	 * the model, or subscribes to its stream. Spring AI's model observation is not always
	 * a child of the call's observation (a {@code ChatClient} built without an
	 * observation registry puts a no-op observation between them), so the thread says it
	 * too.
	 */
	private static final ThreadLocal<LlmCallObservationContext> MODEL_CALL = new ThreadLocal<>();

	private volatile ObservationRegistry observationRegistry;

	private final @Nullable LlmCallObservationConvention convention;

	private final FeatureNames featureNames;

	private final ModelNames modelNames;

	private final CallPricer pricer;

	private final ReportingCurrency currency;

	private final CostTrackingFailures failures;

	private final Clock clock;

	private final AttributionSources attributionSources;

	/**
	 * Create a recorder that completes no attribution.
	 * @param observationRegistry the registry of the {@code llm.call} observations
	 * @param convention a custom convention, or {@code null} for the default one
	 * @param featureNames the feature name policy
	 * @param modelNames the model name policy
	 * @param pricer the pricer of calls
	 * @param currency the currency costs are reported in
	 * @param failures where failures inside cost tracking go
	 * @param clock tells when calls end, for their records and their prices
	 */
	public LlmCallRecorder(ObservationRegistry observationRegistry, @Nullable LlmCallObservationConvention convention,
			FeatureNames featureNames, ModelNames modelNames, CallPricer pricer, ReportingCurrency currency,
			CostTrackingFailures failures, Clock clock) {
		this(observationRegistry, convention, featureNames, modelNames, pricer, currency, failures, clock,
				new AttributionSources());
	}

	/**
	 * Create a recorder.
	 * @param observationRegistry the registry of the {@code llm.call} observations
	 * @param convention a custom convention, or {@code null} for the default one
	 * @param featureNames the feature name policy
	 * @param modelNames the model name policy
	 * @param pricer the pricer of calls
	 * @param currency the currency costs are reported in
	 * @param failures where failures inside cost tracking go
	 * @param clock tells when calls end, for their records and their prices
	 * @param attributionSources completes the attribution calls are made under (team,
	 * tenant, user)
	 */
	public LlmCallRecorder(ObservationRegistry observationRegistry, @Nullable LlmCallObservationConvention convention,
			FeatureNames featureNames, ModelNames modelNames, CallPricer pricer, ReportingCurrency currency,
			CostTrackingFailures failures, Clock clock, AttributionSources attributionSources) {
		this.attributionSources = Objects.requireNonNull(attributionSources, "attributionSources must not be null");
		this.observationRegistry = observationRegistry;
		this.convention = convention;
		this.featureNames = featureNames;
		this.modelNames = modelNames;
		this.pricer = pricer;
		this.currency = currency;
		this.failures = failures;
		this.clock = clock;
	}

	/**
	 * Return what completes the attribution of calls: their team, tenant and user.
	 * @return the attribution sources
	 */
	public AttributionSources attributionSources() {
		return this.attributionSources;
	}

	/**
	 * Record into another observation registry from now on. The application's registry
	 * calls its handlers, and one of them records through this recorder, so the recorder
	 * is made before the registry and given it once the registry is configured.
	 * @param observationRegistry the registry
	 */
	public void observeWith(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Start recording a call.
	 * @param requested who the call is billed to (the feature is capped here), or
	 * {@code null} for no one
	 * @param provider the provider
	 * @param operation the operation, for example {@value LlmCallObservationContext#CHAT}
	 * @param requestModel the requested model (recorded sanitised and capped, priced as
	 * given), or {@code null}
	 * @param parent the parent observation, or {@code null} for the current one
	 * @return the started observation; a no-op one if starting failed
	 */
	public Observation start(@Nullable Attribution requested, LlmProvider provider, String operation,
			@Nullable String requestModel, @Nullable Observation parent) {
		try {
			LlmCallObservationContext context = new LlmCallObservationContext(
					this.featureNames.resolve(this.attributionSources.resolve(requested)), provider, operation,
					this.modelNames.tagFor(requestModel), this.currency);
			context.setRequestModelForPricing(blankToNull(requestModel));
			Observation observation = LlmCallObservationDocumentation.LLM_CALL.observation(this.convention,
					DEFAULT_CONVENTION, () -> context, this.observationRegistry);
			// Setting a null parent would drop the current observation as the parent.
			if (parent != null) {
				observation.parentObservation(parent);
			}
			return observation.start();
		}
		catch (RuntimeException ex) {
			this.failures.record("starting the llm.call observation", ex);
			return Observation.NOOP;
		}
	}

	/**
	 * Mark the current thread as running the model call of a started call, until the
	 * returned scope is closed: Spring AI's model observations that start meanwhile are
	 * that call, already recorded.
	 * @param call the observation returned by {@link #start}
	 * @return the scope, to close in the same thread
	 */
	public ModelCallScope openModelCall(Observation call) {
		if (!(call.getContext() instanceof LlmCallObservationContext context)) {
			return () -> {
			};
		}
		LlmCallObservationContext previous = MODEL_CALL.get();
		MODEL_CALL.set(context);
		return () -> {
			if (previous != null) {
				MODEL_CALL.set(previous);
			}
			else {
				MODEL_CALL.remove();
			}
		};
	}

	/**
	 * Return whether an observation belongs to a call this recorder already records: one
	 * inside an {@code llm.call} observation, or started while the thread runs the model
	 * call of one.
	 * @param context the context of the observation
	 * @return whether the call is recorded elsewhere
	 */
	public boolean isRecorded(Observation.Context context) {
		return MODEL_CALL.get() != null || enclosingCall(context) != null;
	}

	/**
	 * Return whether the current thread runs the model call of a started call.
	 * @return whether a model call started now is already recorded
	 */
	public static boolean isModelCallRecorded() {
		return MODEL_CALL.get() != null;
	}

	/**
	 * Return the {@code llm.call} context among the ancestors of a context, if any.
	 * Walking the parents works on any thread, Reactor's included, where thread-locals
	 * may be gone.
	 * @param context the context
	 * @return the enclosing call, or {@code null}
	 */
	public static @Nullable LlmCallObservationContext enclosingCall(Observation.ContextView context) {
		ObservationView parent = context.getParentObservation();
		for (int depth = 0; parent != null && depth < MAX_PARENT_DEPTH; depth++) {
			Observation.ContextView view = parent.getContextView();
			if (view instanceof LlmCallObservationContext call) {
				return call;
			}
			parent = view.getParentObservation();
		}
		return null;
	}

	/**
	 * Price and stop a call started with {@link #start}.
	 * @param observation the observation of the call
	 * @param result what the call returned
	 */
	public void stop(Observation observation, CallResult result) {
		stop(observation, result, true);
	}

	/**
	 * Stop a call started with {@link #start} whose billed quantity is not known (a
	 * transcription answered without its audio's duration): it is recorded unpriced, as a
	 * call of a model without a price is, never at a cost that would pass for the real
	 * one.
	 * @param observation the observation of the call
	 * @param result what the call returned
	 */
	public void stopUnpriced(Observation observation, CallResult result) {
		stop(observation, result, false);
	}

	private void stop(Observation observation, CallResult result, boolean priceable) {
		if (!(observation.getContext() instanceof LlmCallObservationContext context)) {
			return;
		}
		try {
			Instant endedAt = this.clock.instant();
			context.setEndedAt(endedAt);
			String responseModel = blankToNull(result.responseModel());
			String requestModel = context.getRequestModelForPricing();
			context.setResponseModel(this.modelNames.resolve(requestModel, responseModel).responseModel());
			context.setResponseModelForPricing(responseModel);
			context.setResponseId(blankToNull(result.responseId()));
			context.setUsage(result.usage());
			context.setUnits(result.units());
			context.setTimeToFirstChunk(result.timeToFirstChunk());
			context.setUsageEstimated(result.usageEstimated());
			// By the names as given: the recorded ones may be cut or "other".
			context.setPricing(priceable ? this.pricer.price(context.getProvider().name(), responseModel, requestModel,
					result.usage(), result.units(), endedAt) : PricedCall.UNPRICED);
		}
		catch (RuntimeException ex) {
			this.failures.record("pricing a model call", ex);
		}
		try {
			if (result.error() != null) {
				observation.error(result.error());
			}
			observation.stop();
		}
		catch (RuntimeException ex) {
			this.failures.record("recording a model call", ex);
		}
	}

	/**
	 * Report a failure of the code that feeds this recorder.
	 * @param action what was being done
	 * @param failure the failure
	 */
	public void failed(String action, Throwable failure) {
		this.failures.record(action, failure);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value : null;
	}

	/**
	 * The time a thread runs the model call of a recorded call.
	 */
	@FunctionalInterface
	public interface ModelCallScope extends AutoCloseable {

		/**
		 * End the scope.
		 */
		@Override
		void close();

	}

	/**
	 * What a model call returned.
	 *
	 * @param responseModel the model the provider says answered, or {@code null}
	 * @param responseId the provider's response id, or {@code null}
	 * @param usage the tokens of the call
	 * @param timeToFirstChunk for streams, the time until the first content chunk, or
	 * {@code null}
	 * @param error the failure that ended the call, or {@code null}
	 * @param units the units the call is billed in besides tokens (images, seconds of
	 * audio, characters, requests)
	 * @param usageEstimated whether the usage is estimated by the starter rather than
	 * reported by the provider
	 */
	public record CallResult(@Nullable String responseModel, @Nullable String responseId, TokenUsage usage,
			@Nullable Duration timeToFirstChunk, @Nullable Throwable error, UnitUsage units, boolean usageEstimated) {

		/**
		 * Create a result.
		 */
		public CallResult {
			Objects.requireNonNull(usage, "usage must not be null");
			Objects.requireNonNull(units, "units must not be null");
		}

		/**
		 * Create the result of a call billed in tokens only, with the usage its provider
		 * reported.
		 * @param responseModel the model the provider says answered, or {@code null}
		 * @param responseId the provider's response id, or {@code null}
		 * @param usage the tokens of the call
		 * @param timeToFirstChunk for streams, the time until the first content chunk, or
		 * {@code null}
		 * @param error the failure that ended the call, or {@code null}
		 */
		public CallResult(@Nullable String responseModel, @Nullable String responseId, TokenUsage usage,
				@Nullable Duration timeToFirstChunk, @Nullable Throwable error) {
			this(responseModel, responseId, usage, timeToFirstChunk, error, UnitUsage.NONE, false);
		}

		/**
		 * A call that failed before anything was returned.
		 * @param error the failure
		 * @return the result
		 */
		public static CallResult failed(Throwable error) {
			return new CallResult(null, null, TokenUsage.EMPTY, null, error);
		}

	}

}
