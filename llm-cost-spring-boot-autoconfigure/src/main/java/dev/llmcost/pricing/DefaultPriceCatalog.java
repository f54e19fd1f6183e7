package dev.llmcost.pricing;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A {@link PriceCatalog} over user prices and catalog prices, with name matching.
 * <p>
 * A name is tried as written, then through the user's aliases (an Azure deployment or a
 * gateway route, say), then normalised: lower case, without a provider prefix such as
 * {@code openai/}, and without a date suffix ({@code -2024-08-06} or {@code -20240806}),
 * so the dated names providers answer with find the undated catalog entry. A dated entry
 * in the catalog (a snapshot priced differently) wins over its undated alias because the
 * name as written is tried first. User prices win over catalog prices of the same name.
 * <p>
 * Each name's resolution is cached, so pricing a name seen before is one map lookup.
 *
 * @author llm-cost contributors
 */
public class DefaultPriceCatalog implements PriceCatalog {

	private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");

	/**
	 * Bounds the cache of resolved names: names come from provider responses, and a
	 * misbehaving gateway must not grow it without end.
	 */
	private static final int MAX_CACHED_NAMES = 10_000;

	private final Map<String, ModelPrice> prices;

	private final Map<String, String> aliases;

	private final Map<String, Optional<ModelPrice>> resolved = new ConcurrentHashMap<>();

	/**
	 * Create a catalog.
	 * @param catalogPrices prices from catalogs, by model name
	 * @param userPrices prices configured by the user, by model name; they win
	 * @param aliases user aliases: a deployment or gateway name to a catalog model name
	 */
	public DefaultPriceCatalog(Map<String, ModelPrice> catalogPrices, Map<String, ModelPrice> userPrices,
			Map<String, String> aliases) {
		Map<String, ModelPrice> prices = new HashMap<>();
		catalogPrices.forEach((name, price) -> prices.put(name.toLowerCase(Locale.ROOT), price));
		userPrices.forEach((name, price) -> prices.put(name.toLowerCase(Locale.ROOT), price));
		this.prices = Map.copyOf(prices);
		Map<String, String> lowerCaseAliases = new HashMap<>();
		aliases.forEach((name, target) -> lowerCaseAliases.put(name.toLowerCase(Locale.ROOT), target));
		this.aliases = Map.copyOf(lowerCaseAliases);
	}

	@Override
	public @Nullable ModelPrice resolve(String model) {
		Optional<ModelPrice> price = this.resolved.get(model);
		if (price == null) {
			price = Optional.ofNullable(match(model));
			if (this.resolved.size() < MAX_CACHED_NAMES) {
				Optional<ModelPrice> existing = this.resolved.putIfAbsent(model, price);
				price = (existing != null) ? existing : price;
			}
		}
		return price.orElse(null);
	}

	private @Nullable ModelPrice match(String model) {
		String name = model.strip().toLowerCase(Locale.ROOT);
		// An alias may point at another alias; the bound stops a cycle.
		for (int hops = 0; hops <= this.aliases.size(); hops++) {
			ModelPrice price = this.prices.get(name);
			if (price != null) {
				return price;
			}
			String alias = this.aliases.get(name);
			String normalized = normalize(name);
			if (alias == null) {
				price = this.prices.get(normalized);
				if (price != null) {
					return price;
				}
				alias = this.aliases.get(normalized);
			}
			if (alias == null) {
				return null;
			}
			name = alias.strip().toLowerCase(Locale.ROOT);
		}
		return null;
	}

	private static String normalize(String name) {
		String normalized = name;
		int slash = normalized.lastIndexOf('/');
		if (slash >= 0) {
			normalized = normalized.substring(slash + 1);
		}
		return DATE_SUFFIX.matcher(normalized).replaceFirst("");
	}

}
