package dev.llmcost.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitUsage;
import org.jspecify.annotations.Nullable;

/**
 * One model call as the ledger records it: when it ended, who it is billed to, what it
 * asked for and what answered, its tokens and its cost.
 *
 * @param at when the call ended
 * @param attribution who the call is billed to
 * @param provider the provider, as a {@code gen_ai.provider.name} value
 * @param operation the operation, for example {@code chat} or {@code embeddings}
 * @param requestModel the model the request asked for, or {@code unknown}
 * @param responseModel the model the provider says answered, or {@code null} when it
 * named none (a failed call, for example)
 * @param usage the call's tokens
 * @param cost the call's cost in USD; zero when unpriced
 * @param priced whether a price was found for the model
 * @param error whether the call failed
 * @param pricedAs the model the call was priced as because the model that answered has no
 * price (the requested one), or {@code null} when it was priced as itself or not at all
 * @param units the units the call is billed in besides tokens
 * @author llm-cost contributors
 */
public record RecordedCall(Instant at, Attribution attribution, String provider, String operation, String requestModel,
		@Nullable String responseModel, TokenUsage usage, BigDecimal cost, boolean priced, boolean error,
		@Nullable String pricedAs, UnitUsage units) {

	/**
	 * Create a recorded call.
	 */
	public RecordedCall {
		Objects.requireNonNull(units, "units must not be null");
		Objects.requireNonNull(at, "at must not be null");
		Objects.requireNonNull(attribution, "attribution must not be null");
		Objects.requireNonNull(provider, "provider must not be null");
		Objects.requireNonNull(operation, "operation must not be null");
		Objects.requireNonNull(requestModel, "requestModel must not be null");
		Objects.requireNonNull(usage, "usage must not be null");
		Objects.requireNonNull(cost, "cost must not be null");
		if (pricedAs != null && !priced) {
			throw new IllegalArgumentException("An unpriced call cannot be priced as " + pricedAs);
		}
	}

	/**
	 * Create a recorded call billed in tokens only.
	 * @param at when the call ended
	 * @param attribution who the call is billed to
	 * @param provider the provider
	 * @param operation the operation
	 * @param requestModel the model the request asked for, or {@code unknown}
	 * @param responseModel the model the provider says answered, or {@code null}
	 * @param usage the call's tokens
	 * @param cost the call's cost in USD
	 * @param priced whether a price was found for the model
	 * @param error whether the call failed
	 * @param pricedAs the model the call was priced as instead of the answering one, or
	 * {@code null}
	 */
	public RecordedCall(Instant at, Attribution attribution, String provider, String operation, String requestModel,
			@Nullable String responseModel, TokenUsage usage, BigDecimal cost, boolean priced, boolean error,
			@Nullable String pricedAs) {
		this(at, attribution, provider, operation, requestModel, responseModel, usage, cost, priced, error, pricedAs,
				UnitUsage.NONE);
	}

	/**
	 * Create a recorded call priced as the model it is filed under, or not priced.
	 * @param at when the call ended
	 * @param attribution who the call is billed to
	 * @param provider the provider
	 * @param operation the operation
	 * @param requestModel the model the request asked for, or {@code unknown}
	 * @param responseModel the model the provider says answered, or {@code null}
	 * @param usage the call's tokens
	 * @param cost the call's cost in USD
	 * @param priced whether a price was found for the model
	 * @param error whether the call failed
	 */
	public RecordedCall(Instant at, Attribution attribution, String provider, String operation, String requestModel,
			@Nullable String responseModel, TokenUsage usage, BigDecimal cost, boolean priced, boolean error) {
		this(at, attribution, provider, operation, requestModel, responseModel, usage, cost, priced, error, null);
	}

	/**
	 * Return the model the call is filed under: the one that answered when the provider
	 * named it, else the one requested.
	 * @return the model name
	 */
	public String model() {
		return (this.responseModel != null) ? this.responseModel : this.requestModel;
	}

	/**
	 * Return the feature the call is billed to.
	 * @return the feature
	 */
	public String feature() {
		return this.attribution.feature();
	}

}
