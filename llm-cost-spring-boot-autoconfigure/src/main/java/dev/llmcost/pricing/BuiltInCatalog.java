package dev.llmcost.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The price catalog that ships in the jar, {@value #LOCATION}: dated, with the source of
 * each provider's prices, in USD per million tokens.
 *
 * @param date the day the prices were checked against their sources
 * @param prices the prices by model name
 * @author llm-cost contributors
 */
public record BuiltInCatalog(LocalDate date, Map<String, ModelPrice> prices) {

	/**
	 * Classpath location of the built-in catalog.
	 */
	public static final String LOCATION = "META-INF/llm-cost/prices.json";

	private static final Log logger = LogFactory.getLog(BuiltInCatalog.class);

	// Prices must be read as decimals: 0.075 as a double is not 0.075.
	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	/**
	 * Load the built-in catalog from the classpath.
	 * @return the catalog
	 */
	public static BuiltInCatalog load() {
		ClassLoader classLoader = BuiltInCatalog.class.getClassLoader();
		try (InputStream in = classLoader.getResourceAsStream(LOCATION)) {
			if (in == null) {
				throw new IllegalStateException(
						"Built-in price catalog " + LOCATION + " is missing from the classpath");
			}
			return read(in, LOCATION);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read built-in price catalog " + LOCATION, ex);
		}
	}

	/**
	 * Read a catalog in the built-in format. An entry that is not well formed is skipped
	 * with a warning naming it; the others are kept.
	 * @param in the JSON content
	 * @param description what the content is, for messages
	 * @return the catalog
	 * @throws IllegalArgumentException if the content is not a catalog at all
	 */
	public static BuiltInCatalog read(InputStream in, String description) {
		JsonNode root;
		try {
			root = MAPPER.readTree(in);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"Price catalog " + description + " is not valid JSON: " + ex.getMessage(), ex);
		}
		JsonNode models = root.path("models");
		if (!models.isObject()) {
			throw new IllegalArgumentException("Price catalog " + description + " has no \"models\" object");
		}
		LocalDate date = LocalDate.parse(root.path("catalogDate").asString("1970-01-01"));
		Map<String, ModelPrice> prices = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : models.properties()) {
			try {
				prices.put(entry.getKey(), price(entry.getKey(), entry.getValue()));
			}
			catch (RuntimeException ex) {
				logger.warn("Skipping price catalog entry '" + entry.getKey() + "' in " + description + ": "
						+ ex.getMessage());
			}
		}
		return new BuiltInCatalog(date, Map.copyOf(prices));
	}

	private static ModelPrice price(String model, JsonNode entry) {
		String provider = entry.path("provider").asString("unknown");
		BigDecimal input = required(entry, "input");
		BigDecimal output = ("embedding".equals(entry.path("operation").asString(""))) ? BigDecimal.ZERO
				: required(entry, "output");
		return ModelPrice.of(model, provider, input, optional(entry, "cacheRead"), optional(entry, "cacheWrite"),
				output, optional(entry, "reasoning"));
	}

	private static BigDecimal required(JsonNode entry, String field) {
		BigDecimal price = optional(entry, field);
		if (price == null) {
			throw new IllegalArgumentException("\"" + field + "\" price is missing");
		}
		return price;
	}

	private static @Nullable BigDecimal optional(JsonNode entry, String field) {
		JsonNode value = entry.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isNumber()) {
			throw new IllegalArgumentException("\"" + field + "\" price is not a number: " + value);
		}
		return value.decimalValue();
	}

}
