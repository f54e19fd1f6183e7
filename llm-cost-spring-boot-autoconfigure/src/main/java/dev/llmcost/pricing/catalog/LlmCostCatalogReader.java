package dev.llmcost.pricing.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.llmcost.pricing.ModelPrice;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.PriceTier;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.pricing.UnitRates;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.usage.UnitType;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads the starter's own catalog format (USD per million tokens):
 *
 * <pre class="code">
 * { "catalogDate": "2026-11-22", "sources": { "openai": "..." },
 *   "aliases": { "gpt-35-turbo": "gpt-3.5-turbo" },
 *   "models": {
 *     "gemini-2.5-pro": { "provider": "gcp.gen_ai", "operation": "chat",
 *       "input": 1.25, "cacheRead": 0.125, "output": 10,
 *       "tiers": [ { "aboveInputTokens": 200000, "input": 2.5, "cacheRead": 0.25, "output": 15 } ] },
 *     "o3": { "provider": "openai", "operation": "chat", "input": 10, "cacheRead": 2.5, "output": 40,
 *       "changes": [ { "from": "2025-06-10", "input": 2, "cacheRead": 0.5, "output": 8 } ] } } }
 * </pre>
 *
 * A tier that leaves a bucket out derives it as {@link TokenRates#forTier} does; a change
 * is a whole new price from its day on.
 * <p>
 * A price may also give USD per unit for what a model bills besides tokens:
 * {@code perImage}, {@code perSecond}, {@code perCharacter}, {@code perRequest}. A price
 * with unit prices and no token price at all (an image or audio model) charges its tokens
 * nothing; one with some token prices needs {@code input} and {@code output} as any
 * other.
 *
 * <pre class="code">
 * "hd/1024-x-1792/dall-e-3": { "provider": "openai", "operation": "image_generation", "perImage": 0.12 },
 * "whisper-1": { "provider": "openai", "operation": "audio_transcription", "perSecond": 0.0001 },
 * "claude-sonnet-4-5": { "provider": "anthropic", "input": 3, "output": 15, "perRequest": 0.01 }
 * </pre>
 *
 * @author llm-cost contributors
 */
final class LlmCostCatalogReader {

	private static final Map<UnitType, String> UNIT_FIELDS = unitFields();

	private static final List<String> TOKEN_FIELDS = List.of("input", "cacheRead", "cacheWrite", "cacheWrite1h",
			"output", "reasoning");

	private LlmCostCatalogReader() {
	}

	static PriceList read(CatalogParser parser, String source) {
		if (parser.next() != JsonToken.START_OBJECT) {
			throw noModels(source);
		}
		CatalogEntries entries = new CatalogEntries(source);
		Map<String, PricedModel> prices = null;
		Map<String, String> aliases = new LinkedHashMap<>();
		LocalDate date = null;
		while (parser.next() == JsonToken.PROPERTY_NAME) {
			String field = parser.name();
			parser.next();
			switch (field) {
				case "models" -> prices = models(parser, source, entries);
				case "aliases" -> aliases = aliases(parser, entries);
				case "catalogDate" -> date = date(parser.readValue(), "catalogDate");
				default -> parser.skipValue();
			}
		}
		if (prices == null) {
			throw noModels(source);
		}
		// Aliases may come before the models they name: resolved once both are read.
		Map<String, String> resolved = new LinkedHashMap<>();
		for (Map.Entry<String, String> alias : aliases.entrySet()) {
			if (prices.containsKey(alias.getValue())) {
				resolved.put(alias.getKey().toLowerCase(Locale.ROOT), alias.getValue());
			}
			else {
				entries.skip("alias " + alias.getKey(), "its target has no price");
			}
		}
		entries.finish();
		return new PriceList(source, date, prices, resolved, List.of());
	}

	private static IllegalArgumentException noModels(String source) {
		return new IllegalArgumentException("Price catalog " + source + " has no \"models\" object");
	}

	private static Map<String, PricedModel> models(CatalogParser parser, String source, CatalogEntries entries) {
		if (parser.token() != JsonToken.START_OBJECT) {
			throw noModels(source);
		}
		Map<String, PricedModel> prices = new LinkedHashMap<>();
		while (parser.next() == JsonToken.PROPERTY_NAME) {
			String name = parser.name();
			parser.next();
			JsonNode entry = parser.readEntry(name, entries);
			if (entry == null) {
				continue;
			}
			try {
				prices.put(name.toLowerCase(Locale.ROOT), entry(name, entry, source));
			}
			catch (RuntimeException ex) {
				entries.skip(name, ex);
			}
		}
		return prices;
	}

	/**
	 * Read the aliases: each counts as an entry.
	 * @return the lower-case target of each alias, by alias as written
	 */
	private static Map<String, String> aliases(CatalogParser parser, CatalogEntries entries) {
		Map<String, String> aliases = new LinkedHashMap<>();
		if (parser.token() != JsonToken.START_OBJECT) {
			parser.skipValue();
			return aliases;
		}
		while (parser.next() == JsonToken.PROPERTY_NAME) {
			String alias = parser.name();
			parser.next();
			parser.countEntry();
			if (CatalogParser.isTooLong(alias)) {
				parser.skipValue();
				entries.skip("alias " + alias, CatalogParser.NAME_TOO_LONG);
				continue;
			}
			JsonNode target = parser.readValue();
			// A target that is not a name has no price: reported with the others.
			aliases.put(alias, (target != null) ? target.asString("").toLowerCase(Locale.ROOT) : "");
		}
		return aliases;
	}

	private static PricedModel entry(String model, JsonNode entry, String source) {
		if (!entry.isObject()) {
			throw new IllegalArgumentException("an entry must be an object, was " + CatalogEntries.kind(entry));
		}
		boolean embedding = "embedding".equals(entry.path("operation").asString(""));
		List<ModelPrice> prices = new ArrayList<>();
		prices.add(price(entry, null, embedding));
		for (JsonNode change : entry.path("changes")) {
			prices.add(price(change, date(change.path("from"), "from"), embedding));
		}
		return new PricedModel(model,
				LlmProviders.canonicalName(entry.path("provider").asString(LlmProviders.UNKNOWN.name())), source,
				prices);
	}

	private static ModelPrice price(JsonNode price, @Nullable LocalDate from, boolean embedding) {
		UnitRates units = units(price);
		TokenRates base = (units.isEmpty() || hasTokenPrice(price)) ? rates(price, null, embedding)
				: TokenRates.of(BigDecimal.ZERO, null, null, null, BigDecimal.ZERO, null);
		List<PriceTier> tiers = new ArrayList<>();
		for (JsonNode tier : price.path("tiers")) {
			Long threshold = CatalogEntries.tokens(tier.path("aboveInputTokens"));
			if (threshold == null) {
				throw new IllegalArgumentException("a tier needs a non-negative \"aboveInputTokens\", was "
						+ CatalogEntries.kind(tier.path("aboveInputTokens")));
			}
			tiers.add(new PriceTier(threshold, rates(tier, base, embedding)));
		}
		return new ModelPrice(from, base, tiers, units);
	}

	/**
	 * Read the prices per unit of a price: {@code perImage}, {@code perSecond},
	 * {@code perCharacter}, {@code perRequest}, in USD per unit.
	 */
	private static UnitRates units(JsonNode price) {
		Map<UnitType, BigDecimal> prices = new EnumMap<>(UnitType.class);
		UNIT_FIELDS.forEach((type, field) -> {
			BigDecimal perUnit = CatalogEntries.optionalPerUnit(price, field);
			if (perUnit != null) {
				prices.put(type, perUnit);
			}
		});
		return UnitRates.of(prices);
	}

	private static boolean hasTokenPrice(JsonNode price) {
		for (String field : TOKEN_FIELDS) {
			if (price.has(field) && !price.get(field).isNull()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Read rates; a tier's are derived from its base where it leaves a bucket out.
	 */
	private static TokenRates rates(JsonNode node, @Nullable TokenRates base, boolean embedding) {
		BigDecimal input = CatalogEntries.optional(node, "input");
		BigDecimal cacheRead = CatalogEntries.optional(node, "cacheRead");
		BigDecimal cacheWrite = CatalogEntries.optional(node, "cacheWrite");
		BigDecimal cacheWrite1h = CatalogEntries.optional(node, "cacheWrite1h");
		BigDecimal output = CatalogEntries.optional(node, "output");
		BigDecimal reasoning = CatalogEntries.optional(node, "reasoning");
		if (base != null) {
			return TokenRates.forTier(base, input, cacheRead, cacheWrite, cacheWrite1h, output, reasoning);
		}
		if (input == null) {
			throw new IllegalArgumentException("\"input\" price is missing");
		}
		if (output == null && !embedding) {
			throw new IllegalArgumentException("\"output\" price is missing");
		}
		return TokenRates.of(input, cacheRead, cacheWrite, cacheWrite1h, (output != null) ? output : BigDecimal.ZERO,
				reasoning);
	}

	private static Map<UnitType, String> unitFields() {
		Map<UnitType, String> fields = new EnumMap<>(UnitType.class);
		fields.put(UnitType.IMAGE, "perImage");
		fields.put(UnitType.SECOND, "perSecond");
		fields.put(UnitType.CHARACTER, "perCharacter");
		fields.put(UnitType.REQUEST, "perRequest");
		return fields;
	}

	private static @Nullable LocalDate date(@Nullable JsonNode node, String field) {
		if (node == null || node.isMissingNode() || node.isNull()) {
			return null;
		}
		try {
			return LocalDate.parse(node.asString(""));
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("\"" + field + "\" is not a date (yyyy-MM-dd)");
		}
	}

}
