package dev.llmcost.pricing;

import org.jspecify.annotations.Nullable;

/**
 * Resolves a model name, as a provider or a request names it, to its price.
 *
 * @author llm-cost contributors
 */
@FunctionalInterface
public interface PriceCatalog {

	/**
	 * Return the price of the named model.
	 * @param model the model name, for example {@code gpt-4o-mini-2024-07-18}
	 * @return the price, or {@code null} when the catalog has none for this model
	 */
	@Nullable ModelPrice resolve(String model);

}
