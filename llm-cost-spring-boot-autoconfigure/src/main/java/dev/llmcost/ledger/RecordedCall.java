package dev.llmcost.ledger;

import java.math.BigDecimal;

import dev.llmcost.usage.TokenUsage;

/**
 * One model call as the ledger records it.
 *
 * @param feature the feature the call is attributed to
 * @param model the model that answered (the response model, else the requested one)
 * @param usage the call's tokens
 * @param cost the call's cost in USD; zero when unpriced
 * @param priced whether a price was found for the model
 * @param error whether the call failed
 * @author llm-cost contributors
 */
public record RecordedCall(String feature, String model, TokenUsage usage, BigDecimal cost, boolean priced,
		boolean error) {

}
