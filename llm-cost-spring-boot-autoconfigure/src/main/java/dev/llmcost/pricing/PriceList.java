package dev.llmcost.pricing;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The prices of one source (the built-in catalog, the user's configuration, or an
 * external catalog), as read from it.
 *
 * @param source where the prices come from, for messages and the endpoint
 * @param date the day the source says its prices were checked, or {@code null}
 * @param models the entries by lower-case model name
 * @param aliases other names of entries: lower-case name to entry name
 * @param rules name rules of the source (for example genai-prices' {@code match}
 * clauses), tried in order after exact and normalised names
 * @author llm-cost contributors
 */
public record PriceList(String source, @Nullable LocalDate date, Map<String, PricedModel> models,
		Map<String, String> aliases, List<NameRule> rules) {

	/**
	 * Create a price list.
	 */
	public PriceList {
		Objects.requireNonNull(source, "source must not be null");
		models = Map.copyOf(models);
		aliases = Map.copyOf(aliases);
		rules = List.copyOf(rules);
	}

	/**
	 * Create a price list of entries only.
	 * @param source where the prices come from
	 * @param models the entries by lower-case name
	 * @return the price list
	 */
	public static PriceList of(String source, Map<String, PricedModel> models) {
		return new PriceList(source, null, models, Map.of(), List.of());
	}

	/**
	 * A rule that prices every name it matches with one entry.
	 *
	 * @param description the rule as written in its source, for messages
	 * @param matches whether a lower-case model name of at most {@value #MAX_NAME_LENGTH}
	 * characters matches
	 * @param model the lower-case name of the entry in {@link #models()}
	 */
	public record NameRule(String description, Predicate<String> matches, String model) {

		/**
		 * The longest name rules are tried on. Names come from provider responses and a
		 * rule's text or regex is searched for in them, so the work is bounded by the
		 * name's length; no model is named with hundreds of characters.
		 */
		public static final int MAX_NAME_LENGTH = 256;

	}

}
