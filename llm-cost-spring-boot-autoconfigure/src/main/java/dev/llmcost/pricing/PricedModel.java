package dev.llmcost.pricing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A catalog entry: a model, its provider, where its price comes from, and its prices over
 * time.
 *
 * @param model the entry's model name
 * @param provider the provider, as a {@code gen_ai.provider.name} value, or
 * {@code "unknown"}
 * @param source where the price comes from, for example {@code built-in} or a catalog
 * location
 * @param prices the prices over time; at least one
 * @author llm-cost contributors
 */
public record PricedModel(String model, String provider, String source, List<ModelPrice> prices) {

	private static final Comparator<ModelPrice> BY_START = Comparator.comparing(ModelPrice::validFrom,
			Comparator.nullsFirst(Comparator.naturalOrder()));

	/**
	 * Create an entry; prices are kept in the order they came into force.
	 */
	public PricedModel {
		Objects.requireNonNull(model, "model must not be null");
		Objects.requireNonNull(provider, "provider must not be null");
		Objects.requireNonNull(source, "source must not be null");
		if (prices.isEmpty()) {
			throw new IllegalArgumentException("model " + model + " has no price");
		}
		List<ModelPrice> sorted = new ArrayList<>(prices);
		sorted.sort(BY_START);
		prices = List.copyOf(sorted);
	}

	/**
	 * Create an entry with one price that always applied.
	 * @param model the model name
	 * @param provider the provider
	 * @param source where the price comes from
	 * @param rates the rates
	 * @return the entry
	 */
	public static PricedModel of(String model, String provider, String source, TokenRates rates) {
		return new PricedModel(model, provider, source, List.of(ModelPrice.of(rates)));
	}

	/**
	 * Return the price in force on a day: the latest price that started on or before it.
	 * A day before every known start gets the earliest price, rather than none.
	 * @param day the day (UTC)
	 * @return the price
	 */
	public ModelPrice priceOn(LocalDate day) {
		ModelPrice inForce = this.prices.get(0);
		for (ModelPrice price : this.prices) {
			if (price.validFrom() == null || !price.validFrom().isAfter(day)) {
				inForce = price;
			}
		}
		return inForce;
	}

	/**
	 * Return the current price, as of the last known start.
	 * @return the latest price
	 */
	public ModelPrice latest() {
		return this.prices.get(this.prices.size() - 1);
	}

}
