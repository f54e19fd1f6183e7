package dev.llmcost.observation;

import java.time.Duration;
import java.time.Instant;

import dev.llmcost.attribution.FeatureNames;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Records model calls as {@code llm.call} observations, whichever path saw them: the
 * {@code ChatClient} advisor, or Spring AI's own model observations for calls that bypass
 * it. One place starts the observation, prices the call and stops it, so every path
 * produces the same meters, spans and ledger entries.
 * <p>
 * Never throws: a failure inside recording goes to {@link CostTrackingFailures}, and the
 * model call it observes goes on untouched.
 *
 * @author llm-cost contributors
 */
public class LlmCallRecorder {

	private static final LlmCallObservationConvention DEFAULT_CONVENTION = new DefaultLlmCallObservationConvention();

	private final ObservationRegistry observationRegistry;

	private final @Nullable LlmCallObservationConvention convention;

	private final FeatureNames featureNames;

	private final CallPricer pricer;

	private final ReportingCurrency currency;

	private final CostTrackingFailures failures;

	/**
	 * Create a recorder.
	 * @param observationRegistry the registry of the {@code llm.call} observations
	 * @param convention a custom convention, or {@code null} for the default one
	 * @param featureNames the feature name policy
	 * @param pricer the pricer of calls
	 * @param currency the currency costs are reported in
	 * @param failures where failures inside cost tracking go
	 */
	public LlmCallRecorder(ObservationRegistry observationRegistry, @Nullable LlmCallObservationConvention convention,
			FeatureNames featureNames, CallPricer pricer, ReportingCurrency currency, CostTrackingFailures failures) {
		this.observationRegistry = observationRegistry;
		this.convention = convention;
		this.featureNames = featureNames;
		this.pricer = pricer;
		this.currency = currency;
		this.failures = failures;
	}

	/**
	 * Start recording a call.
	 * @param feature the feature as requested (sanitised and capped here), or
	 * {@code null}
	 * @param provider the provider, or {@value LlmCallObservationContext#UNKNOWN}
	 * @param operation the operation, for example {@value LlmCallObservationContext#CHAT}
	 * @param requestModel the requested model, or {@code null}
	 * @param parent the parent observation, or {@code null} for the current one
	 * @return the started observation; a no-op one if starting failed
	 */
	public Observation start(@Nullable String feature, String provider, String operation, @Nullable String requestModel,
			@Nullable Observation parent) {
		try {
			LlmCallObservationContext context = new LlmCallObservationContext(this.featureNames.resolve(feature),
					provider, operation, (requestModel != null) ? requestModel : LlmCallObservationContext.UNKNOWN,
					this.currency);
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
	 * Price and stop a call started with {@link #start}.
	 * @param observation the observation of the call
	 * @param result what the call returned
	 */
	public void stop(Observation observation, CallResult result) {
		if (!(observation.getContext() instanceof LlmCallObservationContext context)) {
			return;
		}
		try {
			context.setResponseModel(blankToNull(result.responseModel()));
			context.setResponseId(blankToNull(result.responseId()));
			context.setUsage(result.usage());
			context.setTimeToFirstChunk(result.timeToFirstChunk());
			String requestModel = LlmCallObservationContext.UNKNOWN.equals(context.getRequestModel()) ? null
					: context.getRequestModel();
			context.setPricing(this.pricer.price(context.getProvider(), context.getResponseModel(), requestModel,
					result.usage(), Instant.now()));
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
	 * What a model call returned.
	 *
	 * @param responseModel the model the provider says answered, or {@code null}
	 * @param responseId the provider's response id, or {@code null}
	 * @param usage the tokens of the call
	 * @param timeToFirstChunk for streams, the time until the first content chunk, or
	 * {@code null}
	 * @param error the failure that ended the call, or {@code null}
	 */
	public record CallResult(@Nullable String responseModel, @Nullable String responseId, TokenUsage usage,
			@Nullable Duration timeToFirstChunk, @Nullable Throwable error) {

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
