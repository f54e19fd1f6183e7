package dev.llmcost.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A {@link PriceCatalog} over the user's prices and, below them, catalogs in precedence
 * order (external catalogs, then the built-in catalog), with name matching.
 * <p>
 * The user's prices win under every name form: a price configured for {@code gpt-4o-mini}
 * applies to {@code gpt-4o-mini-2024-07-18} even when a catalog lists that dated name.
 * The catalogs are then tried, lower-cased, in these steps; the first step that finds a
 * price wins, and within a step the catalog with the higher precedence:
 * <ol>
 * <li>the name as written, also as an alias of a catalog; within a catalog, under the
 * provider's own prefix first (an Azure call finds LiteLLM's {@code azure/gpt-4o} before
 * its {@code gpt-4o});</li>
 * <li>the user's alias of the name (a deployment or gateway name), resolved again;</li>
 * <li>its normalised forms: without a provider prefix, Bedrock region prefix, version
 * suffix and vendor prefix, Vertex or date snapshot suffix, and {@code -latest};</li>
 * <li>the name rules of the catalogs (genai-prices' {@code match} clauses), for names of
 * at most {@value PriceList.NameRule#MAX_NAME_LENGTH} characters;</li>
 * <li>the longest known name that the name continues with a version only.</li>
 * </ol>
 * A call of a free provider (a self-hosted one, such as Ollama) that the user's prices do
 * not cover costs 0 and is priced: the catalogs are not tried, for a local
 * {@code deepseek-r1} is not billed at the DeepSeek API's price.
 * <p>
 * Each name's resolution is cached until the lists change, so pricing a name seen before
 * is one map lookup.
 *
 * @author llm-cost contributors
 */
public class DefaultPriceCatalog implements PriceCatalog {

	/**
	 * Bounds the cache of resolved names: names come from provider responses, and a
	 * misbehaving gateway must not grow it without end.
	 */
	private static final int MAX_CACHED_NAMES = 10_000;

	/**
	 * The source of a free provider's entries, followed by the provider and
	 * {@code .free}: the property that makes it free.
	 */
	private static final String FREE_SOURCE_PREFIX = "llm.cost.pricing.providers.";

	private static final TokenRates FREE = TokenRates.of(BigDecimal.ZERO, null, null, null, BigDecimal.ZERO, null);

	private final PriceList userPrices;

	private final Map<String, String> userAliases;

	private final Set<String> freeProviders;

	private volatile Resolver resolver;

	/**
	 * Create a catalog.
	 * @param userPrices the user's prices, which win
	 * @param userAliases the user's aliases: a deployment or gateway name to a catalog
	 * model name
	 * @param catalogs the catalogs, highest precedence first
	 */
	public DefaultPriceCatalog(PriceList userPrices, Map<String, String> userAliases, List<PriceList> catalogs) {
		this(userPrices, userAliases, Set.of(), catalogs);
	}

	/**
	 * Create a catalog.
	 * @param userPrices the user's prices, which win
	 * @param userAliases the user's aliases: a deployment or gateway name to a catalog
	 * model name
	 * @param freeProviders the providers whose calls cost 0 unless the user's prices
	 * cover them, as {@code gen_ai.provider.name} values
	 * @param catalogs the catalogs, highest precedence first
	 */
	public DefaultPriceCatalog(PriceList userPrices, Map<String, String> userAliases, Set<String> freeProviders,
			List<PriceList> catalogs) {
		Map<String, String> aliases = new HashMap<>();
		userAliases.forEach((name, target) -> aliases.put(name.toLowerCase(Locale.ROOT), target));
		this.userPrices = userPrices;
		this.userAliases = Map.copyOf(aliases);
		this.freeProviders = Set.copyOf(freeProviders);
		this.resolver = new Resolver(List.copyOf(catalogs));
	}

	/**
	 * Replace the catalogs, for example after an external catalog was refreshed. Names
	 * are resolved anew against the new catalogs.
	 * @param catalogs the catalogs, highest precedence first
	 */
	public void update(List<PriceList> catalogs) {
		this.resolver = new Resolver(List.copyOf(catalogs));
	}

	@Override
	public @Nullable PricedModel resolve(String provider, String model) {
		return this.resolver.resolve(provider, model);
	}

	/**
	 * One generation of price lists and the names resolved against them.
	 */
	private final class Resolver {

		private final List<PriceList> userLists;

		private final List<PriceList> catalogLists;

		// Keyed by the name as the call gives it (its hash code is cached in the string),
		// with one entry per provider that used the name: almost always one, so a seen
		// name costs one map lookup and an identity check, and allocates nothing.
		private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

		private final AtomicInteger size = new AtomicInteger();

		Resolver(List<PriceList> catalogs) {
			this.userLists = List.of(DefaultPriceCatalog.this.userPrices);
			this.catalogLists = catalogs;
		}

		@Nullable PricedModel resolve(String provider, String model) {
			Resolved first = this.resolved.get(model);
			Resolved seen = (first != null) ? first.find(provider) : null;
			if (seen != null) {
				return seen.price;
			}
			PricedModel price = match(provider, model.strip().toLowerCase(Locale.ROOT), 0);
			if (this.size.get() < MAX_CACHED_NAMES) {
				this.resolved.compute(model, (name, current) -> {
					if (current != null && current.find(provider) != null) {
						return current;
					}
					this.size.incrementAndGet();
					return new Resolved(provider, price, current);
				});
			}
			return price;
		}

		private @Nullable PricedModel match(String provider, String name, int aliasHops) {
			List<String> forms = new ArrayList<>();
			forms.add(name);
			forms.addAll(ModelNames.normalizedForms(name));
			// The user's own prices win under every name form: a price configured for
			// gpt-4o-mini must not lose to a catalog's entry for gpt-4o-mini-2024-07-18.
			for (String form : forms) {
				PricedModel price = find(provider, form, this.userLists);
				if (price != null) {
					return price;
				}
			}
			if (DefaultPriceCatalog.this.freeProviders.contains(provider)) {
				return free(provider, name);
			}
			for (String form : forms) {
				PricedModel price = find(provider, form, this.catalogLists);
				if (price != null) {
					return price;
				}
				// A user alias may point at another alias; the bound stops a cycle.
				String alias = DefaultPriceCatalog.this.userAliases.get(form);
				if (alias != null && aliasHops < DefaultPriceCatalog.this.userAliases.size()) {
					return match(provider, alias.strip().toLowerCase(Locale.ROOT), aliasHops + 1);
				}
			}
			List<String> ruleForms = forms.stream()
				.filter((form) -> form.length() <= PriceList.NameRule.MAX_NAME_LENGTH)
				.toList();
			for (PriceList list : this.catalogLists) {
				for (PriceList.NameRule rule : list.rules()) {
					for (String form : ruleForms) {
						if (rule.matches().test(form) && list.models().containsKey(rule.model())) {
							return list.models().get(rule.model());
						}
					}
				}
			}
			return longestVersionedPrefix(forms);
		}

		private PricedModel free(String provider, String name) {
			return PricedModel.of(name, provider, FREE_SOURCE_PREFIX + provider + ".free", FREE);
		}

		/**
		 * Find a form in the lists, highest precedence first: within a list the
		 * provider's own entry (LiteLLM's {@code azure/gpt-4o}) beats the plain one, but
		 * a plain user price beats another list's provider entry.
		 */
		private @Nullable PricedModel find(String provider, String form, List<PriceList> lists) {
			List<String> names = new ArrayList<>(ModelNames.providerForms(provider, form));
			names.add(form);
			for (PriceList list : lists) {
				for (String name : names) {
					PricedModel price = list.models().get(name);
					if (price != null) {
						return price;
					}
				}
			}
			for (PriceList list : lists) {
				for (String name : names) {
					String target = list.aliases().get(name);
					if (target != null && list.models().containsKey(target)) {
						return list.models().get(target);
					}
				}
			}
			return null;
		}

		private @Nullable PricedModel longestVersionedPrefix(List<String> forms) {
			for (String form : forms) {
				PricedModel best = null;
				int bestLength = 0;
				for (PriceList list : this.catalogLists) {
					for (Map.Entry<String, PricedModel> entry : list.models().entrySet()) {
						String known = entry.getKey();
						if (known.length() > bestLength && ModelNames.isVersionOf(form, known)) {
							best = entry.getValue();
							bestLength = known.length();
						}
					}
				}
				if (best != null) {
					return best;
				}
			}
			return null;
		}

	}

	/**
	 * A name's resolution for one provider, and the next provider's for the same name.
	 *
	 * @param provider the provider
	 * @param price the price, or {@code null} when the name is unpriced
	 * @param next the resolution of the same name for another provider
	 */
	private record Resolved(String provider, @Nullable PricedModel price, @Nullable Resolved next) {

		@Nullable Resolved find(String provider) {
			for (Resolved entry = this; entry != null; entry = entry.next) {
				if (entry.provider.equals(provider)) {
					return entry;
				}
			}
			return null;
		}

	}

}
