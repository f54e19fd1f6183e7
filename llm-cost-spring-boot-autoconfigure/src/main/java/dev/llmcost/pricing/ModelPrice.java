package dev.llmcost.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitUsage;
import org.jspecify.annotations.Nullable;

/**
 * The price of a model from a day on: base rates, optional context-length tiers, and the
 * prices of units billed besides tokens (images, seconds of audio, characters, requests).
 *
 * @param validFrom the first day (UTC) the price applies, or {@code null} for a price
 * with no start
 * @param rates the rates of a call under every tier threshold
 * @param tiers context-length tiers, any order
 * @param units the prices per unit; {@link UnitRates#NONE} when the model bills tokens
 * only
 * @author llm-cost contributors
 */
public record ModelPrice(@Nullable LocalDate validFrom, TokenRates rates, List<PriceTier> tiers, UnitRates units) {

	/**
	 * Create a price; tiers are kept highest threshold first.
	 */
	public ModelPrice {
		Objects.requireNonNull(rates, "rates must not be null");
		Objects.requireNonNull(units, "units must not be null");
		tiers = tiers.stream().sorted(Comparator.comparingLong(PriceTier::aboveInputTokens).reversed()).toList();
	}

	/**
	 * Create a price of tokens only.
	 * @param validFrom the first day (UTC) the price applies, or {@code null}
	 * @param rates the rates of a call under every tier threshold
	 * @param tiers context-length tiers, any order
	 */
	public ModelPrice(@Nullable LocalDate validFrom, TokenRates rates, List<PriceTier> tiers) {
		this(validFrom, rates, tiers, UnitRates.NONE);
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
	 * Return this price with the given unit prices.
	 * @param units the prices per unit
	 * @return the price
	 */
	public ModelPrice withUnits(UnitRates units) {
		return new ModelPrice(this.validFrom, this.rates, this.tiers, units);
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

	/**
	 * Return the exact cost of a call with the given tokens and units, or {@code null}
	 * when the call used a unit this price does not price.
	 * @param usage the tokens
	 * @param units the units
	 * @return the cost in USD, or {@code null}
	 */
	public @Nullable Cost costOf(TokenUsage usage, UnitUsage units) {
		Cost tokens = costOf(usage);
		if (units.isEmpty()) {
			return tokens;
		}
		BigDecimal[] unitAmounts = this.units.costOf(units);
		if (unitAmounts == null) {
			return null;
		}
		return tokens.withUnits(unitAmounts);
	}

}
