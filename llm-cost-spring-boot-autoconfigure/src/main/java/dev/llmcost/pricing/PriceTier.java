package dev.llmcost.pricing;

import java.util.Objects;

/**
 * A context-length tier: when a call's input (cache reads and writes included) exceeds
 * {@code aboveInputTokens}, every token of the call is billed at the tier's rates, the
 * way Google and Anthropic bill long prompts.
 *
 * @param aboveInputTokens the input-token threshold the call must exceed
 * @param rates the rates of the whole call above the threshold
 * @author llm-cost contributors
 */
public record PriceTier(long aboveInputTokens, TokenRates rates) {

	/**
	 * Create a tier.
	 */
	public PriceTier {
		if (aboveInputTokens < 0) {
			throw new IllegalArgumentException("tier threshold must not be negative, was " + aboveInputTokens);
		}
		Objects.requireNonNull(rates, "rates must not be null");
	}

}
