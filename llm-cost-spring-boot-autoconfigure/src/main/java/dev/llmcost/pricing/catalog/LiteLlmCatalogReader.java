package dev.llmcost.pricing.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.llmcost.pricing.ModelPrice;
import dev.llmcost.pricing.PriceList;
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
 * Reads LiteLLM's {@code model_prices_and_context_window.json}: an object of entries by
 * model name, priced in USD per token.
 *
 * <pre class="code">
 * { "claude-sonnet-4-5": { "litellm_provider": "anthropic", "mode": "chat",
 *     "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
 *     "cache_read_input_token_cost": 3e-07, "cache_creation_input_token_cost": 3.75e-06,
 *     "cache_creation_input_token_cost_above_1hr": 6e-06,
 *     "input_cost_per_token_above_200k_tokens": 6e-06,
 *     "output_cost_per_token_above_200k_tokens": 2.25e-05 } }
 * </pre>
 *
 * Entry names are kept as written, lower-cased, provider prefixes included
 * ({@code azure/gpt-4o}). Only entries billed by the token are read: chat, completion and
 * responses entries, and embeddings; image, audio, rerank and moderation entries are left
 * out without a warning, since they are not malformed, only priced per image, second or
 * query. Image and audio entries (modes {@code image_generation},
 * {@code audio_transcription}, {@code audio_speech}) are read for their prices per unit:
 * {@code input_cost_per_image} (else {@code output_cost_per_image}, else
 * {@code input_cost_per_pixel} times the pixels of the size in the entry's name),
 * {@code input_cost_per_second}, {@code input_cost_per_character}; and any entry's
 * {@code search_context_cost_per_query} prices its web searches per request. Service-tier
 * variants ({@code _priority}, {@code _flex}, {@code _batches}) are ignored: the standard
 * price is the one a call pays unless it asks for another tier.
 * <p>
 * A key {@code <price>_above_<N>k_tokens} starts a context-length tier at N thousand
 * input tokens, as LiteLLM applies it: a tier exists where
 * {@code input_cost_per_token_above_<N>k_tokens} is published, and it applies when the
 * call's input, cached tokens included, exceeds N thousand tokens (reaches it, for xAI,
 * which LiteLLM treats as inclusive).
 *
 * @author llm-cost contributors
 */
final class LiteLlmCatalogReader {

	/**
	 * LiteLLM's documentation entry, not a model.
	 */
	private static final String SAMPLE_SPEC = "sample_spec";

	private static final String INPUT = "input_cost_per_token";

	private static final String CACHE_READ = "cache_read_input_token_cost";

	private static final String CACHE_WRITE = "cache_creation_input_token_cost";

	private static final String CACHE_WRITE_1H = "cache_creation_input_token_cost_above_1hr";

	private static final String OUTPUT = "output_cost_per_token";

	private static final String REASONING = "output_cost_per_reasoning_token";

	/**
	 * A tier key: a price name, then the threshold in tokens or thousands of tokens. The
	 * greedy first group keeps {@code cache_creation_input_token_cost_above_1hr} whole in
	 * {@code cache_creation_input_token_cost_above_1hr_above_200k_tokens}; service-tier
	 * variants end in their tier's name and do not match.
	 */
	private static final Pattern TIER_KEY = Pattern.compile("(.+)_above_(\\d{1,12})(k?)_tokens");

	private static final Set<String> TOKEN_PRICED_MODES = Set.of("chat", "completion", "responses");

	private static final String EMBEDDING_MODE = "embedding";

	/**
	 * Modes whose entries are priced per image, second or character, with or without
	 * token prices.
	 */
	private static final Set<String> UNIT_PRICED_MODES = Set.of("image_generation", "audio_transcription",
			"audio_speech");

	/**
	 * The size in the name of LiteLLM's DALL·E entries: {@code hd/1024-x-1792/dall-e-3}.
	 */
	private static final Pattern IMAGE_SIZE = Pattern.compile("(?:^|/)(\\d{2,5})-x-(\\d{2,5})/");

	/**
	 * LiteLLM keeps DALL·E prices per pixel: the published price per image divided by the
	 * pixels of its size, rounded. Times the pixels, rounded to a tenth of a cent, it is
	 * the published price again (0.00000006539 × 1024 × 1792 = 0.11999... → 0.120).
	 */
	private static final int IMAGE_PRICE_SCALE = 3;

	/**
	 * LiteLLM bills the higher tier of these providers once the input reaches the
	 * threshold, and of the others once it exceeds it.
	 */
	private static final Set<String> INCLUSIVE_THRESHOLD_PROVIDERS = Set.of("xai");

	private LiteLlmCatalogReader() {
	}

	static PriceList read(CatalogParser parser, String source) {
		if (parser.next() != JsonToken.START_OBJECT) {
			throw new IllegalArgumentException("Price catalog " + source
					+ " is not a LiteLLM catalog: it must be a JSON object of model entries, was " + parser.kind());
		}
		CatalogEntries entries = new CatalogEntries(source);
		Map<String, PricedModel> models = new LinkedHashMap<>();
		while (parser.next() == JsonToken.PROPERTY_NAME) {
			String name = parser.name();
			parser.next();
			if (SAMPLE_SPEC.equals(name)) {
				parser.skipValue();
				continue;
			}
			JsonNode entry = parser.readEntry(name, entries);
			if (entry == null) {
				continue;
			}
			try {
				PricedModel model = entry(name, entry, source);
				if (model != null) {
					// Names differing only in case are one name to the resolver:
					// the first written wins.
					models.putIfAbsent(name.toLowerCase(Locale.ROOT), model);
				}
			}
			catch (RuntimeException ex) {
				entries.skip(name, ex);
			}
		}
		entries.finish();
		return new PriceList(source, null, models, Map.of(), List.of());
	}

	/**
	 * Read one entry.
	 * @return the entry, or {@code null} if it is not priced by the token
	 */
	private static @Nullable PricedModel entry(String name, JsonNode entry, String source) {
		if (!entry.isObject()) {
			throw new IllegalArgumentException("an entry must be an object, was " + CatalogEntries.kind(entry));
		}
		// LiteLLM prices an entry without a mode by its token prices, as a chat model.
		JsonNode modeNode = entry.path("mode");
		String mode = (modeNode.isMissingNode() || modeNode.isNull()) ? "chat" : modeNode.asString("");
		boolean embedding = EMBEDDING_MODE.equals(mode);
		String litellmProvider = entry.path("litellm_provider").asString("");
		boolean tokenPriced = !(entry.path(INPUT).isMissingNode() || entry.path(INPUT).isNull());
		if (UNIT_PRICED_MODES.contains(mode)) {
			UnitRates units = unitRates(name, entry);
			if (units.isEmpty() && !tokenPriced) {
				return null;
			}
			TokenRates rates = tokenPriced ? baseRates(entry, true)
					: TokenRates.of(BigDecimal.ZERO, null, null, null, BigDecimal.ZERO, null);
			return new PricedModel(name, provider(litellmProvider), source,
					List.of(new ModelPrice(null, rates, List.of(), units)));
		}
		if (!embedding && !TOKEN_PRICED_MODES.contains(mode)) {
			return null;
		}
		if (!tokenPriced) {
			// Priced per character, second or request instead.
			return null;
		}
		TokenRates base = baseRates(entry, embedding);
		List<PriceTier> tiers = new ArrayList<>();
		boolean inclusive = INCLUSIVE_THRESHOLD_PROVIDERS.contains(litellmProvider);
		thresholds(entry).forEach((threshold, suffix) -> {
			long above = inclusive ? Math.max(0, threshold - 1) : threshold;
			tiers.add(new PriceTier(above, tierRates(entry, base, suffix)));
		});
		ModelPrice price = new ModelPrice(null, base, tiers, searchRates(entry));
		return new PricedModel(name, provider(litellmProvider), source, List.of(price));
	}

	/**
	 * Read the prices per unit of an image or audio entry.
	 */
	private static UnitRates unitRates(String name, JsonNode entry) {
		Map<UnitType, BigDecimal> prices = new EnumMap<>(UnitType.class);
		BigDecimal image = CatalogEntries.optionalPerUnit(entry, "input_cost_per_image");
		if (image == null) {
			image = CatalogEntries.optionalPerUnit(entry, "output_cost_per_image");
		}
		if (image == null) {
			image = imageFromPixels(name, entry);
		}
		putIfPriced(prices, UnitType.IMAGE, image);
		putIfPriced(prices, UnitType.SECOND, CatalogEntries.optionalPerUnit(entry, "input_cost_per_second"));
		putIfPriced(prices, UnitType.CHARACTER, CatalogEntries.optionalPerUnit(entry, "input_cost_per_character"));
		return UnitRates.of(prices);
	}

	private static @Nullable BigDecimal imageFromPixels(String name, JsonNode entry) {
		Matcher size = IMAGE_SIZE.matcher(name);
		JsonNode perPixel = entry.get("input_cost_per_pixel");
		if (!size.find() || perPixel == null || !perPixel.isNumber() || perPixel.decimalValue().signum() <= 0) {
			return null;
		}
		// Bounded first: a price per pixel of 1e1000000 is rejected before it is
		// multiplied.
		BigDecimal checked = UnitRates.rate(perPixel.decimalValue());
		long pixels = Long.parseLong(size.group(1)) * Long.parseLong(size.group(2));
		return UnitRates
			.rate(checked.multiply(BigDecimal.valueOf(pixels)).setScale(IMAGE_PRICE_SCALE, RoundingMode.HALF_EVEN));
	}

	/**
	 * Read the price of a web search ({@code search_context_cost_per_query}), published
	 * per search context size; the medium size is the default of the providers that have
	 * sizes, and the only price of those that have not (all three are equal).
	 */
	private static UnitRates searchRates(JsonNode entry) {
		JsonNode search = entry.get("search_context_cost_per_query");
		if (search == null || !search.isObject()) {
			return UnitRates.NONE;
		}
		BigDecimal price = CatalogEntries.optionalPerUnit(search, "search_context_size_medium");
		if (price == null) {
			price = CatalogEntries.optionalPerUnit(search, "search_context_size_low");
		}
		return (price != null) ? UnitRates.of(Map.of(UnitType.REQUEST, price)) : UnitRates.NONE;
	}

	private static void putIfPriced(Map<UnitType, BigDecimal> prices, UnitType type, @Nullable BigDecimal price) {
		if (price != null) {
			prices.put(type, price);
		}
	}

	private static TokenRates baseRates(JsonNode entry, boolean embedding) {
		BigDecimal input = CatalogEntries.requiredPerToken(entry, INPUT);
		BigDecimal output = CatalogEntries.optionalPerToken(entry, OUTPUT);
		if (output == null) {
			if (!embedding) {
				throw new IllegalArgumentException("\"" + OUTPUT + "\" price is missing");
			}
			output = BigDecimal.ZERO;
		}
		return TokenRates.of(input, CatalogEntries.optionalPerToken(entry, CACHE_READ),
				CatalogEntries.optionalPerToken(entry, CACHE_WRITE),
				CatalogEntries.optionalPerToken(entry, CACHE_WRITE_1H), output,
				CatalogEntries.optionalPerToken(entry, REASONING));
	}

	/**
	 * Find the tier thresholds of an entry: those with an input price, since LiteLLM
	 * looks for a tier through its input key and ignores the other keys of a threshold
	 * that has none.
	 * @return the thresholds in tokens, each with the key suffix naming it ({@code 200k})
	 */
	private static Map<Long, String> thresholds(JsonNode entry) {
		Map<Long, String> thresholds = new TreeMap<>();
		for (String field : entry.propertyNames()) {
			Matcher matcher = TIER_KEY.matcher(field);
			if (matcher.matches() && INPUT.equals(matcher.group(1))) {
				long tokens = Long.parseLong(matcher.group(2)) * (matcher.group(3).isEmpty() ? 1 : 1000);
				thresholds.putIfAbsent(tokens, matcher.group(2) + matcher.group(3));
			}
		}
		return thresholds;
	}

	private static TokenRates tierRates(JsonNode entry, TokenRates base, String suffix) {
		BigDecimal cacheWrite = tierPrice(entry, CACHE_WRITE, suffix);
		BigDecimal cacheWrite1h = tierPrice(entry, CACHE_WRITE_1H, suffix);
		if (cacheWrite1h == null && CatalogEntries.optionalPerToken(entry, CACHE_WRITE_1H) == null) {
			// An entry without any one-hour price bills one-hour writes as writes, at
			// every tier, as it does under the threshold.
			cacheWrite1h = cacheWrite;
		}
		return TokenRates.forTier(base, tierPrice(entry, INPUT, suffix), tierPrice(entry, CACHE_READ, suffix),
				cacheWrite, cacheWrite1h, tierPrice(entry, OUTPUT, suffix), tierPrice(entry, REASONING, suffix));
	}

	private static @Nullable BigDecimal tierPrice(JsonNode entry, String price, String suffix) {
		return CatalogEntries.optionalPerToken(entry, price + "_above_" + suffix + "_tokens");
	}

	/**
	 * Map a {@code litellm_provider} to its {@code gen_ai.provider.name}; providers
	 * without a descriptor keep LiteLLM's id.
	 */
	private static String provider(String litellmProvider) {
		String id = litellmProvider.toLowerCase(Locale.ROOT);
		if (id.isEmpty()) {
			return LlmProviders.UNKNOWN.name();
		}
		LlmProvider provider = LlmProviders.forLiteLlm(id);
		return (provider != null) ? provider.name() : id;
	}

}
