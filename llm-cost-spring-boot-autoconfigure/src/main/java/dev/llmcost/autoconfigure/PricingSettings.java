package dev.llmcost.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import dev.llmcost.pricing.ModelPrice;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.pricing.UnitRates;
import dev.llmcost.pricing.source.CatalogSource;
import dev.llmcost.provider.LlmProvider;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.usage.UnitType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Turns the {@code llm.cost.*} pricing properties into pricing types, failing startup
 * with a message naming the property when one is wrong: a cost tool that silently drops a
 * misconfigured price reports wrong numbers with confidence.
 *
 * @author llm-cost contributors
 */
final class PricingSettings {

	/**
	 * Source name of the prices configured in {@code llm.cost.pricing.models}.
	 */
	static final String USER_SOURCE = "llm.cost.pricing.models";

	private static final String PREFIX = LlmCostProperties.PREFIX;

	private PricingSettings() {
	}

	static PriceList userPrices(LlmCostProperties.Pricing pricing, Environment environment) {
		rejectUnquotedDottedModelNames(environment);
		Map<String, PricedModel> prices = new LinkedHashMap<>();
		pricing.getModels().forEach((model, price) -> {
			UnitRates units = units(model, price);
			prices.put(model.toLowerCase(Locale.ROOT), new PricedModel(model, "unknown", USER_SOURCE,
					List.of(ModelPrice.of(rates(model, price, units.isEmpty())).withUnits(units))));
		});
		return PriceList.of(USER_SOURCE, prices);
	}

	/**
	 * Return the providers whose calls cost 0: the self-hosted ones unless turned off,
	 * and those turned on. A provider is named by its {@code gen_ai.provider.name}, the
	 * value of the meters' tag; one the starter does not list is taken as written, for a
	 * Spring AI module it does not know records its calls under a name of its own.
	 */
	static Set<String> freeProviders(LlmCostProperties.Pricing pricing) {
		Map<String, Boolean> free = new LinkedHashMap<>();
		LlmProviders.all()
			.stream()
			.filter(LlmProvider::selfHosted)
			.forEach((provider) -> free.put(provider.name(), true));
		pricing.getProviders().forEach((name, rule) -> {
			if (rule.getFree() != null) {
				free.put(providerName(name), rule.getFree());
			}
		});
		Set<String> providers = new LinkedHashSet<>();
		free.forEach((name, isFree) -> {
			if (isFree) {
				providers.add(name);
			}
		});
		return providers;
	}

	private static String providerName(String name) {
		LlmProvider provider = LlmProviders.named(name);
		if (provider != null) {
			return provider.name();
		}
		// Another vocabulary's name of a known provider would be a rule that never
		// applies: its calls are recorded under the gen_ai.provider.name.
		String lowerCase = name.toLowerCase(Locale.ROOT);
		LlmProvider meant = LlmProviders.named(lowerCase);
		if (meant == null) {
			meant = LlmProviders.all()
				.stream()
				.filter((candidate) -> candidate.springAiIds().contains(lowerCase)
						|| candidate.propertySegments().contains(lowerCase)
						|| candidate.genAiPricesIds().contains(lowerCase))
				.findFirst()
				.orElseGet(() -> LlmProviders.forLiteLlm(lowerCase));
		}
		if (meant != null) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".pricing.providers", name,
					"Providers are named by their gen_ai.provider.name: use '" + meant.name() + "'.");
		}
		return name;
	}

	/**
	 * Return the external catalogs. The messages of the exceptions never quote a location
	 * or a header value: they may hold credentials.
	 */
	static List<CatalogSource> sources(LlmCostProperties.Pricing pricing) {
		List<LlmCostProperties.Source> sources = pricing.getSources();
		Map<String, Integer> names = new HashMap<>();
		return IntStream.range(0, sources.size()).mapToObj((index) -> {
			LlmCostProperties.Source source = sources.get(index);
			String property = PREFIX + ".pricing.sources[" + index + "]";
			if (source.getLocation() == null || source.getLocation().isBlank()) {
				throw new InvalidConfigurationPropertyValueException(property + ".location", source.getLocation(),
						"A file path, a 'classpath:' location or an http(s) URL is required.");
			}
			if (source.getName() != null) {
				if (source.getName().isBlank()) {
					throw new InvalidConfigurationPropertyValueException(property + ".name", source.getName(),
							"It must not be blank; leave it unset to name the catalog after its location.");
				}
				Integer other = names.putIfAbsent(source.getName(), index);
				if (other != null) {
					throw new InvalidConfigurationPropertyValueException(property + ".name", source.getName(),
							PREFIX + ".pricing.sources[" + other + "] has the same name; names must be unique.");
				}
			}
			if (source.getTimeout().isNegative() || source.getTimeout().isZero()) {
				throw new InvalidConfigurationPropertyValueException(property + ".timeout", source.getTimeout(),
						"It must be positive.");
			}
			if (source.getRefreshInterval() != null
					&& source.getRefreshInterval().compareTo(Duration.ofMinutes(1)) < 0) {
				throw new InvalidConfigurationPropertyValueException(property + ".refresh-interval",
						source.getRefreshInterval(), "It must be at least one minute; leave it unset to load once.");
			}
			try {
				return new CatalogSource(source.getName(), source.getLocation(), source.getFormat(),
						source.getRefreshInterval(), source.getTimeout(), source.getHeaders());
			}
			catch (IllegalArgumentException ex) {
				// What is left to refuse is in the headers; the value reported is their
				// names, for the failure analysis shows the value of the property named.
				throw new InvalidConfigurationPropertyValueException(property + ".headers",
						source.getHeaders().keySet(), ex.getMessage());
			}
		}).toList();
	}

	static ReportingCurrency currency(LlmCostProperties properties) {
		Currency currency;
		try {
			currency = Currency.getInstance(properties.getCurrency().strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".currency", properties.getCurrency(),
					"It must be an ISO 4217 currency code such as USD or EUR.");
		}
		BigDecimal rate = properties.getExchangeRate();
		boolean usd = "USD".equals(currency.getCurrencyCode());
		if (rate == null) {
			if (!usd) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".exchange-rate", null,
						"Reporting in " + currency.getCurrencyCode() + " needs the number of "
								+ currency.getCurrencyCode() + " one USD buys.");
			}
			return ReportingCurrency.USD;
		}
		if (!ReportingCurrency.isValidExchangeRate(rate)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".exchange-rate", rate,
					"It must be from " + ReportingCurrency.MIN_EXCHANGE_RATE + " to "
							+ ReportingCurrency.MAX_EXCHANGE_RATE + " with at most "
							+ ReportingCurrency.MAX_EXCHANGE_RATE_SCALE + " decimal places.");
		}
		if (usd && rate.compareTo(BigDecimal.ONE) != 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".exchange-rate", rate,
					"Prices are in USD, so reporting in USD needs a rate of 1; set llm.cost.currency too.");
		}
		return new ReportingCurrency(currency, rate);
	}

	/**
	 * Read the token prices of a model. A model priced only per unit (an image or audio
	 * model) may leave them all out: its calls report no tokens.
	 */
	private static TokenRates rates(String model, LlmCostProperties.ModelPrice price, boolean tokensRequired) {
		String property = PREFIX + ".pricing.models[" + model + "]";
		if (!tokensRequired && price.getInput() == null && price.getCacheRead() == null && price.getCacheWrite() == null
				&& price.getCacheWrite1h() == null && price.getOutput() == null && price.getReasoning() == null) {
			return TokenRates.of(BigDecimal.ZERO, null, null, null, BigDecimal.ZERO, null);
		}
		return TokenRates.of(required(property + ".input", price.getInput()),
				optional(property + ".cache-read", price.getCacheRead()),
				optional(property + ".cache-write", price.getCacheWrite()),
				optional(property + ".cache-write1h", price.getCacheWrite1h()),
				required(property + ".output", price.getOutput()),
				optional(property + ".reasoning", price.getReasoning()));
	}

	private static UnitRates units(String model, LlmCostProperties.ModelPrice price) {
		String property = PREFIX + ".pricing.models[" + model + "]";
		Map<UnitType, BigDecimal> prices = new EnumMap<>(UnitType.class);
		putUnitPrice(prices, UnitType.IMAGE, property + ".per-image", price.getPerImage());
		putUnitPrice(prices, UnitType.SECOND, property + ".per-second", price.getPerSecond());
		putUnitPrice(prices, UnitType.CHARACTER, property + ".per-character", price.getPerCharacter());
		putUnitPrice(prices, UnitType.REQUEST, property + ".per-request", price.getPerRequest());
		return UnitRates.of(prices);
	}

	/**
	 * Check a price per unit as every catalog price per unit is checked, naming the
	 * property.
	 */
	private static void putUnitPrice(Map<UnitType, BigDecimal> prices, UnitType unit, String property,
			@Nullable BigDecimal price) {
		if (price == null) {
			return;
		}
		try {
			prices.put(unit, UnitRates.rate(price));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, price,
					"A price must be 0 or from " + UnitRates.MIN_NON_ZERO_PRICE.toPlainString() + " to "
							+ UnitRates.MAX_PRICE + " USD per " + unit.tagValue() + "; it "
							+ ex.getMessage().replace("USD per unit", "USD per " + unit.tagValue()) + ".");
		}
	}

	/**
	 * Model names such as {@code gpt-4.1} contain dots, which the binder reads as
	 * nesting: unquoted, the price would be dropped without a word. Fail instead, saying
	 * how to quote the name.
	 */
	private static void rejectUnquotedDottedModelNames(Environment environment) {
		for (String group : List.of("models", "aliases", "providers")) {
			ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX + ".pricing." + group);
			boolean keyedGroups = !group.equals("aliases");
			int expectedElements = prefix.getNumberOfElements() + (keyedGroups ? 2 : 1);
			for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
				if (source instanceof IterableConfigurationPropertySource iterable) {
					iterable.filter(prefix::isAncestorOf)
						.stream()
						.filter((name) -> name.getNumberOfElements() > expectedElements)
						.findFirst()
						.ifPresent((name) -> {
							String example = group.equals("providers") ? "azure.ai.openai" : "gpt-4.1";
							throw new InvalidConfigurationPropertyValueException(name.toString(), null,
									(group.equals("providers") ? "Provider" : "Model")
											+ " names that contain dots must be quoted in brackets, for example "
											+ prefix + "[" + example + "]" + switch (group) {
												case "models" -> ".input";
												case "providers" -> ".free";
												default -> "";
											} + " (in YAML: \"[" + example + "]\").");
						});
				}
			}
		}
	}

	private static BigDecimal required(String property, @Nullable BigDecimal price) {
		if (price == null) {
			throw new InvalidConfigurationPropertyValueException(property, null,
					"A price in USD per million tokens is required.");
		}
		return bounded(property, price);
	}

	private static @Nullable BigDecimal optional(String property, @Nullable BigDecimal price) {
		return (price != null) ? bounded(property, price) : null;
	}

	/**
	 * Check a price as every catalog price is checked, naming the property.
	 */
	private static BigDecimal bounded(String property, BigDecimal price) {
		try {
			return TokenRates.rate(price);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, price,
					"A price must be 0 or from " + TokenRates.MIN_NON_ZERO_PRICE.toPlainString() + " to "
							+ TokenRates.MAX_PRICE + " USD per million tokens; it " + ex.getMessage() + ".");
		}
	}

}
