package dev.llmcost.observation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.llmcost.attribution.Attribution;

import dev.llmcost.pricing.CallPricer.PricedCall;
import dev.llmcost.pricing.Cost;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.provider.LlmProvider;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Context of the {@code llm.call} observation: one real model call, its attribution, its
 * tokens and its price.
 * <p>
 * The attribution, provider, operation and request model are known when the call starts;
 * the response model, response id, usage, the instant it ended, price and cost are filled
 * in when it ends, before the observation stops, so every handler sees the same, already
 * priced call.
 * <p>
 * The feature and the model names are the ones the call is recorded under: sanitised and
 * capped (see {@link FeatureNames} and {@link ModelNames}), since they become tags and
 * ledger keys. The call was priced by its model names as the request and the response
 * gave them.
 *
 * @author llm-cost contributors
 */
public class LlmCallObservationContext extends Observation.Context {

	/**
	 * The {@code gen_ai.operation.name} of chat completions.
	 */
	public static final String CHAT = "chat";

	/**
	 * The {@code gen_ai.operation.name} of embeddings, per the OpenTelemetry GenAI
	 * conventions.
	 */
	public static final String EMBEDDINGS = "embeddings";

	/**
	 * The {@code gen_ai.operation.name} of image generation.
	 */
	public static final String IMAGE_GENERATION = "image_generation";

	/**
	 * The {@code gen_ai.operation.name} of speech-to-text.
	 */
	public static final String AUDIO_TRANSCRIPTION = "audio_transcription";

	/**
	 * The {@code gen_ai.operation.name} of text-to-speech.
	 */
	public static final String TEXT_TO_SPEECH = "text_to_speech";

	/**
	 * Placeholder for a value the call did not reveal, so every series has the same tags.
	 */
	public static final String UNKNOWN = "unknown";

	private final Attribution attribution;

	private final LlmProvider provider;

	private final String operation;

	private final String requestModel;

	private @Nullable String requestModelForPricing;

	private @Nullable String responseModel;

	private @Nullable String responseModelForPricing;

	private @Nullable String responseId;

	private TokenUsage usage = TokenUsage.EMPTY;

	private UnitUsage units = UnitUsage.NONE;

	private final ReportingCurrency currency;

	private PricedCall pricing = PricedCall.UNPRICED;

	private @Nullable Duration timeToFirstChunk;

	private boolean usageEstimated;

	private @Nullable Instant endedAt;

	/**
	 * Create a context for a call that is about to start.
	 * @param attribution who the call is billed to
	 * @param provider the provider
	 * @param operation the operation name, for example {@value #CHAT}
	 * @param requestModel the requested model as recorded, or {@value #UNKNOWN}
	 * @param currency the currency costs are reported in
	 */
	public LlmCallObservationContext(Attribution attribution, LlmProvider provider, String operation,
			String requestModel, ReportingCurrency currency) {
		this.attribution = Objects.requireNonNull(attribution, "attribution must not be null");
		this.provider = Objects.requireNonNull(provider, "provider must not be null");
		this.operation = Objects.requireNonNull(operation, "operation must not be null");
		this.requestModel = Objects.requireNonNull(requestModel, "requestModel must not be null");
		this.currency = Objects.requireNonNull(currency, "currency must not be null");
	}

	/**
	 * Return who the call is billed to.
	 * @return the attribution
	 */
	public Attribution getAttribution() {
		return this.attribution;
	}

	/**
	 * Return the feature the call is billed to.
	 * @return the feature
	 */
	public String getFeature() {
		return this.attribution.feature();
	}

	/**
	 * Return the provider of the call.
	 * @return the provider
	 */
	public LlmProvider getProvider() {
		return this.provider;
	}

	public String getOperation() {
		return this.operation;
	}

	/**
	 * Return the model the request asked for, as recorded: sanitised, or
	 * {@value ModelNames#OTHER} past {@code llm.cost.attribution.max-models}.
	 * @return the recorded request model, or {@value #UNKNOWN}
	 */
	public String getRequestModel() {
		return this.requestModel;
	}

	/**
	 * Return the request model as the request named it, to look its price up by.
	 * @return the name, or {@code null} when the request named none
	 */
	@Nullable String getRequestModelForPricing() {
		return this.requestModelForPricing;
	}

	void setRequestModelForPricing(@Nullable String requestModelForPricing) {
		this.requestModelForPricing = requestModelForPricing;
	}

	/**
	 * Return the response model as the response named it, to look its price up by.
	 * @return the name, or {@code null} when the response named none
	 */
	@Nullable String getResponseModelForPricing() {
		return this.responseModelForPricing;
	}

	void setResponseModelForPricing(@Nullable String responseModelForPricing) {
		this.responseModelForPricing = responseModelForPricing;
	}

	/**
	 * Return the model the provider says answered, as recorded: sanitised, or
	 * {@value ModelNames#OTHER} past {@code llm.cost.attribution.max-models}.
	 * @return the recorded response model, or {@code null} when the response named none
	 */
	public @Nullable String getResponseModel() {
		return this.responseModel;
	}

	/**
	 * Set the response model as recorded.
	 * @param responseModel the recorded response model, or {@code null}
	 */
	public void setResponseModel(@Nullable String responseModel) {
		this.responseModel = responseModel;
	}

	/**
	 * Return the model that served the call, as recorded: the response model when the
	 * provider named one, else the requested model.
	 * @return the model name
	 */
	public String getModel() {
		return (this.responseModel != null) ? this.responseModel : this.requestModel;
	}

	public @Nullable String getResponseId() {
		return this.responseId;
	}

	public void setResponseId(@Nullable String responseId) {
		this.responseId = responseId;
	}

	public TokenUsage getUsage() {
		return this.usage;
	}

	public void setUsage(TokenUsage usage) {
		this.usage = Objects.requireNonNull(usage, "usage must not be null");
	}

	/**
	 * Return the units the call is billed in besides tokens.
	 * @return the units; {@link UnitUsage#NONE} for most calls
	 */
	public UnitUsage getUnits() {
		return this.units;
	}

	public void setUnits(UnitUsage units) {
		this.units = Objects.requireNonNull(units, "units must not be null");
	}

	/**
	 * Return the catalog entry the call was priced with.
	 * @return the entry, or {@code null} when the model has no price
	 */
	public @Nullable PricedModel getPricedModel() {
		return this.pricing.entry();
	}

	/**
	 * Set how the call was priced.
	 * @param pricing the priced call
	 */
	public void setPricing(PricedCall pricing) {
		this.pricing = Objects.requireNonNull(pricing, "pricing must not be null");
	}

	/**
	 * Return whether the model had a price.
	 * @return {@code true} if the call was priced
	 */
	public boolean isPriced() {
		return this.pricing.isPriced();
	}

	/**
	 * Return whether the call was priced as the requested model because the model the
	 * response named has no price.
	 * @return {@code true} if the requested model's price stood in
	 */
	public boolean isPricingFallback() {
		return this.pricing.fallback();
	}

	/**
	 * Return the model the call was priced as when the model that answered has no price:
	 * the requested model, as recorded.
	 * @return the requested model, or {@code null} unless the call was priced as it in
	 * place of the model that answered
	 * @see #isPricingFallback()
	 */
	public @Nullable String getPricedAs() {
		return isPricingFallback() ? this.requestModel : null;
	}

	/**
	 * Return the cost of the call in USD, the currency of every price.
	 * @return the cost per bucket in USD
	 */
	public Cost getCost() {
		return this.pricing.cost();
	}

	/**
	 * Return the total cost of the call in USD.
	 * @return the cost in USD
	 */
	public BigDecimal getTotalCost() {
		return this.pricing.cost().total();
	}

	/**
	 * Return, for a stream, the time until its first content chunk.
	 * @return the time, or {@code null} for calls that are not streams
	 */
	/**
	 * Return whether the usage was estimated by the starter because the provider never
	 * reported it: a stream stopped by its caller before its usage chunk.
	 * @return whether the usage is an estimate
	 */
	public boolean isUsageEstimated() {
		return this.usageEstimated;
	}

	public void setUsageEstimated(boolean usageEstimated) {
		this.usageEstimated = usageEstimated;
	}

	public @Nullable Duration getTimeToFirstChunk() {
		return this.timeToFirstChunk;
	}

	public void setTimeToFirstChunk(@Nullable Duration timeToFirstChunk) {
		this.timeToFirstChunk = timeToFirstChunk;
	}

	/**
	 * Return when the call ended.
	 * @return the instant, or {@code null} while the call runs
	 */
	public @Nullable Instant getEndedAt() {
		return this.endedAt;
	}

	public void setEndedAt(@Nullable Instant endedAt) {
		this.endedAt = endedAt;
	}

	/**
	 * Return the currency costs are reported in, with its exchange rate from USD.
	 * @return the reporting currency
	 */
	public ReportingCurrency getCurrency() {
		return this.currency;
	}

}
