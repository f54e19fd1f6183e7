package dev.llmcost.pricing.catalog;

import java.io.InputStream;

import dev.llmcost.pricing.PriceList;

/**
 * The price catalog that ships in the jar, {@value #LOCATION}: dated, with the source of
 * each provider's prices, in the starter's own format.
 *
 * @author llm-cost contributors
 */
public final class BuiltInCatalog {

	/**
	 * Classpath location of the built-in catalog.
	 */
	public static final String LOCATION = "META-INF/llm-cost/prices.json";

	/**
	 * The source name of its prices.
	 */
	public static final String SOURCE = "built-in";

	private BuiltInCatalog() {
	}

	/**
	 * Load the built-in catalog from the classpath.
	 * @return its prices
	 */
	public static PriceList load() {
		InputStream in = BuiltInCatalog.class.getClassLoader().getResourceAsStream(LOCATION);
		if (in == null) {
			throw new IllegalStateException("Built-in price catalog " + LOCATION + " is missing from the classpath");
		}
		return CatalogFormat.LLM_COST.read(in, SOURCE);
	}

}
