package dev.llmcost.pricing;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import dev.llmcost.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * The price of a model from a day on: base rates and optional context-length tiers.
 *
 * @param validFrom the first day (UTC) the price applies, or {@code null} for a price
 * with no start
 * @param rates the rates of a call under every tier threshold
 * @param tiers context-length tiers, any order
 * @author llm-cost contributors
 */
public record ModelPrice(@Nullable LocalDate validFrom, TokenRates rates, List<PriceTier> tiers) {

	/**
	 * Create a price; tiers are kept highest threshold first.
	 */
	public ModelPrice {
		Objects.requireNonNull(rates, "rates must not be null");
		tiers = tiers.stream().sorted(Comparator.comparingLong(PriceTier::aboveInputTokens).reversed()).toList();
	}

	/**
	 * Create a price without tiers and without a start day.
	 * @param rates the rates
	 * @return the price
	 */
	public static ModelPrice of(TokenRates rates) {
		return new ModelPrice(null, rates, List.of());
	}

	/**
	 * Return the rates that apply to a call with the given usage: those of the highest
	 * tier whose threshold the call's input exceeds, else the base rates.
	 * @param usage the call's usage
	 * @return the rates
	 */
	public TokenRates ratesFor(TokenUsage usage) {
		long input = usage.totalInput();
		for (PriceTier tier : this.tiers) {
			if (input > tier.aboveInputTokens()) {
				return tier.rates();
			}
		}
		return this.rates;
	}

	/**
	 * Return the exact cost of a call with the given usage.
	 * @param usage the usage
	 * @return the cost in USD
	 */
	public Cost costOf(TokenUsage usage) {
		return ratesFor(usage).costOf(usage);
	}

}
