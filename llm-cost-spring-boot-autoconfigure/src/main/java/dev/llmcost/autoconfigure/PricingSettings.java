package dev.llmcost.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.pricing.source.CatalogSource;
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
		pricing.getModels()
			.forEach((model, price) -> prices.put(model.toLowerCase(Locale.ROOT),
					PricedModel.of(model, "unknown", USER_SOURCE, rates(model, price))));
		return PriceList.of(USER_SOURCE, prices);
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

	private static TokenRates rates(String model, LlmCostProperties.ModelPrice price) {
		String property = PREFIX + ".pricing.models[" + model + "]";
		return TokenRates.of(required(property + ".input", price.getInput()),
				optional(property + ".cache-read", price.getCacheRead()),
				optional(property + ".cache-write", price.getCacheWrite()),
				optional(property + ".cache-write1h", price.getCacheWrite1h()),
				required(property + ".output", price.getOutput()),
				optional(property + ".reasoning", price.getReasoning()));
	}

	/**
	 * Model names such as {@code gpt-4.1} contain dots, which the binder reads as
	 * nesting: unquoted, the price would be dropped without a word. Fail instead, saying
	 * how to quote the name.
	 */
	private static void rejectUnquotedDottedModelNames(Environment environment) {
		for (String group : List.of("models", "aliases")) {
			ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX + ".pricing." + group);
			int expectedElements = prefix.getNumberOfElements() + (group.equals("models") ? 2 : 1);
			for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
				if (source instanceof IterableConfigurationPropertySource iterable) {
					iterable.filter(prefix::isAncestorOf)
						.stream()
						.filter((name) -> name.getNumberOfElements() > expectedElements)
						.findFirst()
						.ifPresent((name) -> {
							throw new InvalidConfigurationPropertyValueException(name.toString(), null,
									"Model names that contain dots must be quoted in brackets, for example " + prefix
											+ "[gpt-4.1]" + (group.equals("models") ? ".input" : "")
											+ " (in YAML: \"[gpt-4.1]\").");
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
