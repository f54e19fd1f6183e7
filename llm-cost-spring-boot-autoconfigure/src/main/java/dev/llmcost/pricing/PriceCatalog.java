package dev.llmcost.pricing;

import org.jspecify.annotations.Nullable;

/**
 * Resolves a model name, as a provider or a request names it, to its catalog entry.
 *
 * @author llm-cost contributors
 */
@FunctionalInterface
public interface PriceCatalog {

	/**
	 * Return the catalog entry of the named model.
	 * @param provider the provider of the call, as a {@code gen_ai.provider.name} value,
	 * or {@code "unknown"}
	 * @param model the model name, for example {@code gpt-4o-mini-2024-07-18}
	 * @return the entry, or {@code null} when the catalog has no price for this model
	 */
	@Nullable PricedModel resolve(String provider, String model);

}
