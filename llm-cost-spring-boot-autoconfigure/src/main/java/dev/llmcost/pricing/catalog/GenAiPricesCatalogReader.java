package dev.llmcost.pricing.catalog;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;

import dev.llmcost.pricing.LoggableNames;
import dev.llmcost.pricing.ModelPrice;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.PriceList.NameRule;
import dev.llmcost.pricing.PriceTier;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.pricing.UnitRates;
import dev.llmcost.provider.LlmProvider;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.usage.UnitType;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads pydantic genai-prices' data file ({@code prices/data.json}, or the {@code v2}
 * feed of the same shape): a list of providers, each with models priced in USD per
 * million tokens and matched to the names callers use by {@code match} clauses.
 *
 * <pre class="code">
 * [ { "id": "anthropic", "model_match": { "contains": "claude" },
 *     "models": [ { "id": "claude-sonnet-4-5",
 *       "match": { "or": [ { "starts_with": "claude-sonnet-4-5" }, { "starts_with": "claude-sonnet-4.5" } ] },
 *       "prices": { "input_mtok": { "base": 3, "tiers": [ { "start": 200000, "price": 6 } ] },
 *         "cache_read_mtok": 0.3, "cache_write_mtok": 3.75, "cache_write_1h_mtok": 6, "output_mtok": 15 } } ] } ]
 * </pre>
 *
 * Read as genai-prices applies it:
 * <ul>
 * <li>{@code input_mtok}, {@code cache_read_mtok}, {@code cache_write_mtok},
 * {@code cache_write_1h_mtok}, {@code output_mtok} and {@code output_reasoning_mtok} are
 * read as token prices; {@code input_mchars}, {@code input_audio_minutes} and
 * {@code web_searches_kcount} as prices per character, second and request. Prices of
 * other units (API requests, other tools, audio or image tokens, pixels, pages) are
 * ignored. A model with neither {@code input_mtok} nor a unit price is not priced by the
 * token and is left out without a warning; one with unit prices only charges its tokens
 * nothing.</li>
 * <li>A tier {@code start} applies when the call's input, cached tokens included, exceeds
 * it, so it is the tier's {@code aboveInputTokens}. Each price changes only at its own
 * tiers: the tiers of all prices become one {@link PriceTier} per distinct start, where a
 * price without a tier at that start keeps its highest tier below it, else its base, and
 * a price the model does not publish at all is derived as {@link TokenRates#forTier}
 * does.</li>
 * <li>A {@code start_date} constraint is the price's {@link ModelPrice#validFrom()}. A
 * time-of-day constraint (off-peak hours) cannot be represented by prices that change by
 * the day: such a price is kept as if unconstrained when its window covers most of the
 * day, and left out otherwise, so the price charged is the one that applies most of the
 * time.</li>
 * <li>Each model's {@code match} clause becomes a {@link NameRule}. Names that no entry
 * has as its id are matched first among the models of a provider whose
 * {@code model_match} claims the name, as genai-prices looks a model up when the provider
 * is not known, then among all models, those of providers that claim model families
 * first; file order within each.</li>
 * <li>A {@code regex} clause is searched for in time linear in the name
 * ({@link CatalogRegex}). One using a construct that needs backtracking, such as a
 * back-reference, matches no name, with a warning; the model keeps its price under its
 * id.</li>
 * <li>A model id listed by several providers is the entry of its home provider: the one
 * whose {@code model_match} claims it, else the first that claims model families at all,
 * else the first listed. The others are kept as {@code <provider id>/<model id>}.</li>
 * </ul>
 *
 * @author llm-cost contributors
 */
final class GenAiPricesCatalogReader {

	private static final String INPUT = "input_mtok";

	private static final String CACHE_READ = "cache_read_mtok";

	private static final String CACHE_WRITE = "cache_write_mtok";

	private static final String CACHE_WRITE_5M = "cache_write_5m_mtok";

	private static final String CACHE_WRITE_1H = "cache_write_1h_mtok";

	private static final String OUTPUT = "output_mtok";

	private static final String REASONING = "output_reasoning_mtok";

	/**
	 * The genai-prices prices of the starter's units: characters per million, audio per
	 * minute, web searches per thousand. Its {@code requests_kcount} (a fee per API call)
	 * and prices of other tools, pages or pixels have no unit here and are ignored.
	 */
	private static final List<UnitPrice> UNIT_PRICES = List.of(
			new UnitPrice("input_mchars", UnitType.CHARACTER, 1_000_000),
			new UnitPrice("input_audio_minutes", UnitType.SECOND, 60),
			new UnitPrice("web_searches_kcount", UnitType.REQUEST, 1_000));

	private static final int SECONDS_PER_DAY = 24 * 60 * 60;

	private static final String PROVIDER_WITHOUT_ID = "a provider must be an object with an \"id\"";

	private GenAiPricesCatalogReader() {
	}

	static PriceList read(CatalogParser parser, String source) {
		if (parser.next() != JsonToken.START_ARRAY) {
			throw new IllegalArgumentException("Price catalog " + source
					+ " is not a genai-prices catalog: it must be a JSON list of providers, was " + parser.kind());
		}
		CatalogEntries entries = new CatalogEntries(source);
		List<Listing> listings = new ArrayList<>();
		int index = 0;
		while (parser.next() != JsonToken.END_ARRAY) {
			index++;
			listings.addAll(provider(parser, "provider #" + index, entries));
		}
		Map<String, PricedModel> priced = new LinkedHashMap<>();
		List<Map.Entry<Listing, String>> named = name(listings, source, priced);
		entries.finish();
		return new PriceList(source, null, priced, Map.of(), rules(named));
	}

	/**
	 * Read one provider. Its fields may come in any order: its models are read one at a
	 * time as they come, and listed under the provider once its id is known.
	 * @param position the provider's position, to name it when it has no id
	 * @return the provider's models priced by the token
	 */
	private static List<Listing> provider(CatalogParser parser, String position, CatalogEntries entries) {
		if (parser.token() != JsonToken.START_OBJECT) {
			parser.skipValue();
			entries.skip(position, PROVIDER_WITHOUT_ID);
			return List.of();
		}
		JsonNode id = null;
		JsonNode modelMatch = null;
		boolean modelMatchTooLarge = false;
		String modelsNotAList = null;
		List<Model> models = new ArrayList<>();
		while (parser.next() == JsonToken.PROPERTY_NAME) {
			String field = parser.name();
			parser.next();
			switch (field) {
				case "id" -> id = parser.readValue();
				case "model_match" -> {
					modelMatch = parser.readValue();
					modelMatchTooLarge = modelMatch == null;
				}
				case "models" -> {
					if (parser.token() == JsonToken.START_ARRAY) {
						while (parser.next() != JsonToken.END_ARRAY) {
							models.add(model(parser, entries));
						}
					}
					else {
						modelsNotAList = parser.kind();
						parser.skipValue();
					}
				}
				default -> parser.skipValue();
			}
		}
		if (id == null || !id.isString()) {
			entries.skip(position, PROVIDER_WITHOUT_ID);
			return List.of();
		}
		String providerId = id.asString().toLowerCase(Locale.ROOT);
		if (CatalogParser.isTooLong(providerId)) {
			entries.skip(providerId, CatalogParser.NAME_TOO_LONG);
			return List.of();
		}
		if (modelsNotAList != null) {
			entries.skip(providerId, "\"models\" must be a list, was " + modelsNotAList);
			return List.of();
		}
		Predicate<String> providerMatch = null;
		if (modelMatchTooLarge) {
			entries.skip(providerId + " model_match", CatalogParser.ENTRY_TOO_LARGE);
		}
		else if (modelMatch != null) {
			providerMatch = providerMatch(providerId, modelMatch, entries);
		}
		List<Listing> listings = new ArrayList<>();
		for (Model model : models) {
			if (model.failure() != null) {
				entries.skip(providerId + "/" + model.id(), model.failure());
			}
			else if (model.prices() != null && model.matches() != null) {
				// The rule as written, cut: it is for messages, and must not keep a large
				// clause.
				listings.add(new Listing(providerId, providerMatch, model.id(), model.id().toLowerCase(Locale.ROOT),
						model.matches(), LoggableNames.of(providerId + ": " + model.clause()), model.prices()));
			}
		}
		return listings;
	}

	private static @Nullable Predicate<String> providerMatch(String providerId, JsonNode modelMatch,
			CatalogEntries entries) {
		if (modelMatch.isMissingNode() || modelMatch.isNull()) {
			return null;
		}
		try {
			return clause(modelMatch, entries, providerId + " model_match");
		}
		catch (IllegalArgumentException ex) {
			// Only the choice of home provider depends on it: its models are still read.
			entries.skip(providerId + " model_match", ex.getMessage());
			return null;
		}
	}

	/**
	 * Read one model, counting it as an entry of the catalog.
	 */
	private static Model model(CatalogParser parser, CatalogEntries entries) {
		parser.countEntry();
		JsonNode model = parser.readValue();
		if (model == null) {
			return Model.skipped("?", CatalogParser.ENTRY_TOO_LARGE);
		}
		String id = model.path("id").asString("?");
		if (CatalogParser.isTooLong(id)) {
			return Model.skipped(id, CatalogParser.NAME_TOO_LONG);
		}
		try {
			if (!model.isObject() || !model.path("id").isString()) {
				throw new IllegalArgumentException(
						"a model must be an object with an \"id\", was " + CatalogEntries.kind(model));
			}
			JsonNode match = model.path("match");
			if (match.isMissingNode() || match.isNull()) {
				throw new IllegalArgumentException("\"match\" is missing");
			}
			Predicate<String> matches = clause(match, entries, id);
			List<ModelPrice> prices = prices(model.path("prices"));
			String clause = match.toString();
			return new Model(id, matches, clause.substring(0, Math.min(clause.length(), LoggableNames.MAX_LENGTH)),
					prices, null);
		}
		catch (RuntimeException ex) {
			// Only the reason is kept: a provider may list many malformed models.
			return Model.skipped(id, CatalogEntries.reason(ex));
		}
	}

	/**
	 * Give each listing its entry name, home providers first so that no prefixed name of
	 * another provider takes a name a home provider needs.
	 * @return the listings kept, in file order, each with its entry name
	 */
	private static List<Map.Entry<Listing, String>> name(List<Listing> listings, String source,
			Map<String, PricedModel> priced) {
		Map<String, Listing> homes = new HashMap<>();
		for (Listing listing : listings) {
			// Ties keep the first listed.
			homes.merge(listing.name(), listing, (home, other) -> (rank(other) < rank(home)) ? other : home);
		}
		Map<Listing, String> keys = new IdentityHashMap<>();
		for (boolean home : new boolean[] { true, false }) {
			for (Listing listing : listings) {
				if ((homes.get(listing.name()) == listing) != home) {
					continue;
				}
				String model = home ? listing.id() : listing.providerId() + "/" + listing.id();
				String key = model.toLowerCase(Locale.ROOT);
				if (priced.containsKey(key)) {
					// Another provider lists the model under this very name (a router's
					// "perplexity/sonar-reasoning"): the name has its price, and this
					// one is not malformed, so it is left out without a warning.
					continue;
				}
				priced.put(key, new PricedModel(model, provider(listing.providerId()), source, listing.prices()));
				keys.put(listing, key);
			}
		}
		return listings.stream()
			.filter(keys::containsKey)
			.map((listing) -> Map.entry(listing, keys.get(listing)))
			.toList();
	}

	/**
	 * Rank a listing's claim to its model id: lower is stronger.
	 */
	private static int rank(Listing listing) {
		if (listing.providerMatch() == null) {
			return 2;
		}
		return listing.providerMatch().test(listing.name()) ? 0 : 1;
	}

	/**
	 * Turn the {@code match} clauses into rules: first as genai-prices looks a model up
	 * when the provider is not known, among the models of providers whose
	 * {@code model_match} claims the name; then all of them, so that a name no provider
	 * claims still finds a price, models of providers that claim model families first.
	 */
	private static List<NameRule> rules(List<Map.Entry<Listing, String>> named) {
		List<NameRule> rules = new ArrayList<>();
		named.forEach((entry) -> {
			Predicate<String> providerMatch = entry.getKey().providerMatch();
			if (providerMatch != null) {
				rules.add(new NameRule(entry.getKey().description(), providerMatch.and(entry.getKey().matches()),
						entry.getValue()));
			}
		});
		named.stream()
			.sorted(Comparator.comparing((Map.Entry<Listing, String> entry) -> entry.getKey().providerMatch() == null))
			.forEach((entry) -> rules
				.add(new NameRule(entry.getKey().description(), entry.getKey().matches(), entry.getValue())));
		return rules;
	}

	/**
	 * Read a model's prices.
	 * @return the prices, or {@code null} if the model is not priced by the token
	 */
	private static @Nullable List<ModelPrice> prices(JsonNode prices) {
		if (prices.isObject()) {
			ModelPrice price = price(prices, null);
			return (price != null) ? List.of(price) : null;
		}
		if (!prices.isArray()) {
			throw new IllegalArgumentException(
					"\"prices\" must be an object or a list, was " + CatalogEntries.kind(prices));
		}
		List<ModelPrice> result = new ArrayList<>();
		int withoutTokenPrices = 0;
		int leftOut = 0;
		for (JsonNode conditional : prices) {
			JsonNode constraint = conditional.path("constraint");
			LocalDate from = null;
			if (!constraint.isMissingNode() && !constraint.isNull()) {
				if (isTimeOfDay(constraint)) {
					if (!coversMostOfTheDay(constraint)) {
						leftOut++;
						continue;
					}
				}
				else {
					from = startDate(constraint);
				}
			}
			ModelPrice price = price(conditional.path("prices"), from);
			if (price == null) {
				withoutTokenPrices++;
				continue;
			}
			if (from == null) {
				// genai-prices takes the last price whose constraint holds, and an
				// unconstrained price always holds: no price before it ever applies.
				result.clear();
			}
			result.add(price);
		}
		if (withoutTokenPrices > 0 && !result.isEmpty()) {
			throw new IllegalArgumentException("some of its prices have no \"" + INPUT + "\"");
		}
		if (result.isEmpty() && withoutTokenPrices > 0) {
			return null;
		}
		if (result.isEmpty()) {
			throw new IllegalArgumentException((leftOut > 0)
					? "its only prices apply at times of day, which cannot be represented" : "it has no price");
		}
		return result;
	}

	private static boolean isTimeOfDay(JsonNode constraint) {
		return "time_of_date".equals(constraint.path("type").asString(""))
				|| (constraint.has("start_time") && !constraint.has("start_date"));
	}

	private static boolean coversMostOfTheDay(JsonNode constraint) {
		int start = secondOfDay(constraint, "start_time");
		int end = secondOfDay(constraint, "end_time");
		// A window may wrap past midnight; a window that ends where it starts is empty.
		int length = Math.floorMod(end - start, SECONDS_PER_DAY);
		return length > SECONDS_PER_DAY / 2;
	}

	private static int secondOfDay(JsonNode constraint, String field) {
		String time = constraint.path(field).asString("");
		try {
			return OffsetTime.parse(time).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime().toSecondOfDay();
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("\"" + field + "\" is not a time (HH:mm:ssZ)");
		}
	}

	private static LocalDate startDate(JsonNode constraint) {
		JsonNode date = constraint.path("start_date");
		if (date.isMissingNode()) {
			throw new IllegalArgumentException("unknown price constraint: it has no \"start_date\"");
		}
		try {
			return LocalDate.parse(date.asString(""));
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("\"start_date\" is not a date (yyyy-MM-dd)");
		}
	}

	/**
	 * Read one set of prices.
	 * @return the price, or {@code null} if it has no input price
	 */
	private static @Nullable ModelPrice price(JsonNode prices, @Nullable LocalDate from) {
		if (!prices.isObject()) {
			throw new IllegalArgumentException("\"prices\" must be an object, was " + CatalogEntries.kind(prices));
		}
		UnitRates units = units(prices);
		Bucket input = bucket(prices, INPUT);
		if (input == null) {
			// Priced per unit only (speech, transcription): its tokens cost nothing.
			return units.isEmpty() ? null : new ModelPrice(from,
					TokenRates.of(BigDecimal.ZERO, null, null, null, BigDecimal.ZERO, null), List.of(), units);
		}
		Bucket cacheRead = bucket(prices, CACHE_READ);
		Bucket cacheWrite = bucket(prices, CACHE_WRITE);
		if (cacheWrite == null) {
			cacheWrite = bucket(prices, CACHE_WRITE_5M);
		}
		Bucket cacheWrite1h = bucket(prices, CACHE_WRITE_1H);
		Bucket output = bucket(prices, OUTPUT);
		Bucket reasoning = bucket(prices, REASONING);
		// Without an output price (embeddings), genai-prices charges output tokens
		// nothing.
		TokenRates base = TokenRates.of(input.base(), base(cacheRead), base(cacheWrite), base(cacheWrite1h),
				(output != null) ? output.base() : BigDecimal.ZERO, base(reasoning));
		TreeSet<Long> starts = new TreeSet<>();
		for (Bucket bucket : new Bucket[] { input, cacheRead, cacheWrite, cacheWrite1h, output, reasoning }) {
			if (bucket != null) {
				starts.addAll(bucket.tiers().keySet());
			}
		}
		List<PriceTier> tiers = new ArrayList<>();
		for (long start : starts) {
			BigDecimal write = at(cacheWrite, start);
			// A one-hour write without a price of its own costs what a write costs, at
			// every tier, as it does under the threshold.
			BigDecimal write1h = (cacheWrite1h != null) ? cacheWrite1h.at(start) : write;
			tiers.add(new PriceTier(start, TokenRates.forTier(base, input.at(start), at(cacheRead, start), write,
					write1h, at(output, start), at(reasoning, start))));
		}
		return new ModelPrice(from, base, tiers, units);
	}

	/**
	 * Read the prices of units billed besides tokens, each published per a number of
	 * units ({@code web_searches_kcount} per 1,000 searches), as USD per unit.
	 */
	private static UnitRates units(JsonNode prices) {
		Map<UnitType, BigDecimal> units = new EnumMap<>(UnitType.class);
		for (UnitPrice unit : UNIT_PRICES) {
			JsonNode value = prices.path(unit.field());
			if (value.isMissingNode() || value.isNull()) {
				continue;
			}
			if (!value.isNumber()) {
				// A tiered unit price has no tier a call of the five buckets could reach.
				throw new IllegalArgumentException(
						"\"" + unit.field() + "\" price is not a number (" + CatalogEntries.kind(value) + ")");
			}
			try {
				// Division by a small whole number with a bounded precision: cheap
				// whatever the exponent; the result is bounded before it is kept.
				units.put(unit.type(), UnitRates
					.rate(value.decimalValue().divide(BigDecimal.valueOf(unit.per()), MathContext.DECIMAL64)));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("\"" + unit.field() + "\" price " + ex.getMessage(), ex);
			}
		}
		return UnitRates.of(units);
	}

	private static @Nullable BigDecimal base(@Nullable Bucket bucket) {
		return (bucket != null) ? bucket.base() : null;
	}

	private static @Nullable BigDecimal at(@Nullable Bucket bucket, long start) {
		return (bucket != null) ? bucket.at(start) : null;
	}

	/**
	 * Read a price that is a number or {@code {"base": ..., "tiers": [...]}}.
	 * @return the price, or {@code null} if absent
	 */
	private static @Nullable Bucket bucket(JsonNode prices, String field) {
		JsonNode value = prices.path(field);
		if (value.isMissingNode() || value.isNull()) {
			return null;
		}
		if (!value.isObject()) {
			return new Bucket(CatalogEntries.required(prices, field), new TreeMap<>());
		}
		try {
			BigDecimal base = CatalogEntries.required(value, "base");
			NavigableMap<Long, BigDecimal> tiers = new TreeMap<>();
			JsonNode list = value.path("tiers");
			if (!list.isMissingNode() && !list.isArray()) {
				throw new IllegalArgumentException("\"tiers\" must be a list, was " + CatalogEntries.kind(list));
			}
			for (JsonNode tier : list) {
				Long start = CatalogEntries.tokens(tier.path("start"));
				if (start == null) {
					throw new IllegalArgumentException("a tier needs a whole, non-negative \"start\", was "
							+ CatalogEntries.kind(tier.path("start")));
				}
				tiers.put(start, CatalogEntries.required(tier, "price"));
			}
			return new Bucket(base, tiers);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("\"" + field + "\": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Compile a {@code match} clause into a predicate on lower-case names. Text is
	 * compared ignoring case, a regular expression is searched for in the lower-case
	 * name, as genai-prices does.
	 * @param clause the clause
	 * @param entries where to report a regular expression that is ignored
	 * @param entry the name of the entry the clause belongs to, for messages
	 */
	private static Predicate<String> clause(JsonNode clause, CatalogEntries entries, String entry) {
		if (!clause.isObject() || clause.size() != 1) {
			throw new IllegalArgumentException("a match clause must be an object with one key, was "
					+ (clause.isObject() ? "an object with " + clause.size() + " keys" : CatalogEntries.kind(clause)));
		}
		Map.Entry<String, JsonNode> only = clause.properties().iterator().next();
		String kind = only.getKey();
		JsonNode operand = only.getValue();
		return switch (kind) {
			case "equals" -> {
				String text = text(kind, operand);
				yield (name) -> name.equals(text);
			}
			case "starts_with" -> {
				String text = text(kind, operand);
				yield (name) -> name.startsWith(text);
			}
			case "ends_with" -> {
				String text = text(kind, operand);
				yield (name) -> name.endsWith(text);
			}
			case "contains" -> {
				String text = text(kind, operand);
				yield (name) -> name.contains(text);
			}
			case "regex" -> regex(operand, entries, entry);
			case "or" -> {
				List<Predicate<String>> clauses = clauses(kind, operand, entries, entry);
				yield (name) -> clauses.stream().anyMatch((each) -> each.test(name));
			}
			case "and" -> {
				List<Predicate<String>> clauses = clauses(kind, operand, entries, entry);
				yield (name) -> clauses.stream().allMatch((each) -> each.test(name));
			}
			default -> throw new IllegalArgumentException("unknown match clause \"" + LoggableNames.of(kind) + "\"");
		};
	}

	private static String text(String kind, JsonNode operand) {
		if (!operand.isString()) {
			throw new IllegalArgumentException("\"" + kind + "\" needs a string, was " + CatalogEntries.kind(operand));
		}
		return operand.asString().toLowerCase(Locale.ROOT);
	}

	/**
	 * Compile a {@code regex} clause, which is searched for on the caller's thread and
	 * may come from anyone who can write the catalog: see {@link CatalogRegex}. One that
	 * is not a valid regular expression makes its entry malformed; a valid one that
	 * cannot be matched in time linear in the name matches no name, with a warning, and
	 * the rest of the entry is kept, so a model stays priced under its id.
	 */
	private static Predicate<String> regex(JsonNode operand, CatalogEntries entries, String entry) {
		if (!operand.isString()) {
			throw new IllegalArgumentException("\"regex\" needs a string, was " + CatalogEntries.kind(operand));
		}
		CatalogRegex regex;
		try {
			regex = CatalogRegex.compile(operand.asString());
		}
		catch (PatternSyntaxException ex) {
			throw new IllegalArgumentException("\"regex\" is not a valid regular expression: " + ex.getDescription());
		}
		catch (IllegalArgumentException ex) {
			return ignoredRegex(entries, entry, ex.getMessage());
		}
		if (!entries.admitRegex(regex.states())) {
			return ignoredRegex(entries, entry,
					"the regex of " + regex.states() + " states would take the catalog's regexes past the "
							+ CatalogEntries.MAX_REGEX_STATES + " states they may have in all");
		}
		return regex;
	}

	private static Predicate<String> ignoredRegex(CatalogEntries entries, String entry, String reason) {
		entries.ignore(entry, "a regex clause", reason
				+ ". The clause matches no name; the rest of the entry is kept (a model keeps its price under its id).");
		return (name) -> false;
	}

	private static List<Predicate<String>> clauses(String kind, JsonNode operand, CatalogEntries entries,
			String entry) {
		if (!operand.isArray()) {
			throw new IllegalArgumentException(
					"\"" + kind + "\" needs a list of clauses, was " + CatalogEntries.kind(operand));
		}
		List<Predicate<String>> clauses = new ArrayList<>();
		for (JsonNode each : operand) {
			clauses.add(clause(each, entries, entry));
		}
		return List.copyOf(clauses);
	}

	/**
	 * Map a genai-prices provider id to its {@code gen_ai.provider.name}; providers
	 * without a descriptor keep their id.
	 */
	private static String provider(String providerId) {
		LlmProvider provider = LlmProviders.forGenAiPrices(providerId);
		return (provider != null) ? provider.name() : providerId;
	}

	/**
	 * A price with the tiers it publishes.
	 *
	 * @param base the price under every tier
	 * @param tiers the tier prices by start
	 */
	private record Bucket(BigDecimal base, NavigableMap<Long, BigDecimal> tiers) {

		/**
		 * Return the price above a start: that of the highest tier starting at or below
		 * it, else the base.
		 */
		BigDecimal at(long start) {
			Map.Entry<Long, BigDecimal> tier = this.tiers.floorEntry(start);
			return (tier != null) ? tier.getValue() : this.base;
		}

	}

	/**
	 * A model as read, before its provider is known.
	 *
	 * @param id the model id as written
	 * @param matches its {@code match} clause, or {@code null} if skipped
	 * @param clause the start of the clause as written, for messages
	 * @param prices the prices, or {@code null} if it is not priced by the token or
	 * skipped
	 * @param failure why it is skipped, or {@code null}
	 */
	private record Model(String id, @Nullable Predicate<String> matches, String clause,
			@Nullable List<ModelPrice> prices, @Nullable String failure) {

		static Model skipped(String id, String failure) {
			return new Model(id, null, "", null, failure);
		}

	}

	/**
	 * A model as one provider lists it.
	 *
	 * @param providerId the provider's id
	 * @param providerMatch the provider's {@code model_match}, or {@code null}
	 * @param id the model id as written
	 * @param name the model id in lower case
	 * @param matches the model's {@code match} clause
	 * @param description the clause as written, for messages
	 * @param prices the prices
	 */
	private record Listing(String providerId, @Nullable Predicate<String> providerMatch, String id, String name,
			Predicate<String> matches, String description, List<ModelPrice> prices) {

	}

	/**
	 * A genai-prices price of a unit: its field, the unit, and how many units it is the
	 * price of.
	 */
	private record UnitPrice(String field, UnitType type, long per) {
	}

}
