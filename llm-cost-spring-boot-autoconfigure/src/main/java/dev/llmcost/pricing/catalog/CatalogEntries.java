package dev.llmcost.pricing.catalog;

import java.math.BigDecimal;
import java.util.Locale;

import dev.llmcost.pricing.LoggableNames;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.pricing.UnitRates;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What every catalog reader needs: reading prices as exact decimals with messages that
 * name the field, and reporting skipped entries without flooding the log.
 * <p>
 * A catalog may be any document a URL serves, a redirect to one with secrets included:
 * messages name entries and fields, escaped and cut by {@link LoggableNames}, and
 * describe values by their type ("was a string"), never by their content.
 *
 * @author llm-cost contributors
 */
final class CatalogEntries {

	private static final Log logger = LogFactory.getLog(CatalogEntries.class);

	/**
	 * Entries named individually in the log; more are only counted, so a catalog of
	 * thousands of entries in a new shape cannot flood it.
	 */
	private static final int MAX_NAMED = 20;

	/**
	 * Entry names come from the catalog: a hostile one must stay on one short log line.
	 */
	/**
	 * The automaton states the regular expressions of one catalog may have in all
	 * ({@link CatalogRegex}). A new model name is tried against every name rule on the
	 * caller's thread, so the bound on one pattern's work is not enough: this bounds the
	 * work for the whole catalog to ten worst-case patterns. genai-prices' own regexes
	 * have a few hundred states in all.
	 */
	static final int MAX_REGEX_STATES = 10 * CatalogRegex.MAX_STATES;

	private final String source;

	private int regexStates;

	private int skipped;

	private int ignored;

	CatalogEntries(String source) {
		this.source = source;
	}

	/**
	 * Note an entry skipped because it is malformed; logged as a warning naming it.
	 * @param entry the entry name
	 * @param reason why, naming no value of the catalog
	 */
	void skip(String entry, String reason) {
		if (this.skipped < MAX_NAMED) {
			logger.warn("Skipping price catalog entry '" + LoggableNames.of(entry) + "' in " + this.source + ": "
					+ LoggableNames.of(reason));
		}
		this.skipped++;
	}

	/**
	 * Note an entry skipped because reading it failed.
	 * @param entry the entry name
	 * @param failure why, as {@link #reason(RuntimeException)} tells it
	 */
	void skip(String entry, RuntimeException failure) {
		skip(entry, reason(failure));
	}

	/**
	 * Return why reading an entry failed, naming no value of the catalog.
	 * @param failure the failure
	 * @return the message of an {@link IllegalArgumentException}, which the readers write
	 * without values; only the type of any other exception
	 */
	static String reason(RuntimeException failure) {
		return (failure instanceof IllegalArgumentException) ? String.valueOf(failure.getMessage())
				: "it cannot be read (" + failure.getClass().getSimpleName() + ")";
	}

	/**
	 * Note a part of an entry left out while the entry itself is kept; logged as a
	 * warning naming it.
	 * @param entry the entry name
	 * @param part what is left out, for example {@code "a regex clause"}
	 * @param reason why, and what it means for the entry
	 */
	void ignore(String entry, String part, String reason) {
		if (this.ignored < MAX_NAMED) {
			logger.warn("Ignoring " + part + " of price catalog entry '" + LoggableNames.of(entry) + "' in "
					+ this.source + ": " + reason);
		}
		this.ignored++;
	}

	/**
	 * Count a regular expression's states against the catalog's
	 * {@link #MAX_REGEX_STATES}.
	 * @param states the states of one pattern
	 * @return whether the pattern fits; if not, it is not counted
	 */
	boolean admitRegex(int states) {
		if (this.regexStates + states > MAX_REGEX_STATES) {
			return false;
		}
		this.regexStates += states;
		return true;
	}

	/**
	 * Log a summary when more entries were skipped, or parts of entries ignored, than
	 * were named.
	 */
	void finish() {
		if (this.skipped > MAX_NAMED) {
			logger.warn("Skipped " + this.skipped + " malformed entries in price catalog " + this.source
					+ " (the first " + MAX_NAMED + " are named above)");
		}
		if (this.ignored > MAX_NAMED) {
			logger.warn("Ignored " + this.ignored + " parts of entries in price catalog " + this.source + " (the first "
					+ MAX_NAMED + " are named above)");
		}
	}

	/**
	 * Read a price in USD per million tokens that must be there.
	 * @param entry the JSON object
	 * @param field the field name
	 * @return the price, as {@link TokenRates#rate(BigDecimal)} keeps it
	 * @throws IllegalArgumentException if it is missing, not a number or out of bounds
	 */
	static BigDecimal required(JsonNode entry, String field) {
		return requireNonNull(optional(entry, field), field);
	}

	/**
	 * Read a price in USD per million tokens that may be absent.
	 * @param entry the JSON object
	 * @param field the field name
	 * @return the price, as {@link TokenRates#rate(BigDecimal)} keeps it, or {@code null}
	 * if absent or JSON {@code null}
	 * @throws IllegalArgumentException if it is not a number or out of bounds
	 */
	static @Nullable BigDecimal optional(JsonNode entry, String field) {
		return price(entry, field, false);
	}

	/**
	 * Read a price in USD per token that must be there.
	 * @param entry the JSON object
	 * @param field the field name
	 * @return the price per million tokens, as {@link TokenRates#rateFromPerToken}
	 * returns it
	 * @throws IllegalArgumentException if it is missing, not a number or out of bounds
	 */
	static BigDecimal requiredPerToken(JsonNode entry, String field) {
		return requireNonNull(optionalPerToken(entry, field), field);
	}

	/**
	 * Read a price in USD per token that may be absent.
	 * @param entry the JSON object
	 * @param field the field name
	 * @return the price per million tokens, as {@link TokenRates#rateFromPerToken}
	 * returns it, or {@code null} if absent or JSON {@code null}
	 * @throws IllegalArgumentException if it is not a number or out of bounds
	 */
	static @Nullable BigDecimal optionalPerToken(JsonNode entry, String field) {
		return price(entry, field, true);
	}

	/**
	 * Read a price in USD per unit (image, second, character, request) that may be
	 * absent.
	 * @param entry the JSON object
	 * @param field the field name
	 * @return the price, as {@link UnitRates#rate} keeps it, or {@code null} if absent or
	 * JSON {@code null}
	 * @throws IllegalArgumentException if it is not a number or out of bounds
	 */
	static @Nullable BigDecimal optionalPerUnit(JsonNode entry, String field) {
		JsonNode value = entry.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isNumber()) {
			throw new IllegalArgumentException("\"" + field + "\" price is not a number (" + kind(value) + ")");
		}
		try {
			return UnitRates.rate(value.decimalValue());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("\"" + field + "\" price " + ex.getMessage(), ex);
		}
	}

	private static BigDecimal requireNonNull(@Nullable BigDecimal price, String field) {
		if (price == null) {
			throw new IllegalArgumentException("\"" + field + "\" price is missing");
		}
		return price;
	}

	private static @Nullable BigDecimal price(JsonNode entry, String field, boolean perToken) {
		JsonNode value = entry.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isNumber()) {
			throw new IllegalArgumentException("\"" + field + "\" price is not a number (" + kind(value) + ")");
		}
		try {
			// Bounded before any arithmetic, however large its exponent.
			return perToken ? TokenRates.rateFromPerToken(value.decimalValue()) : TokenRates.rate(value.decimalValue());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("\"" + field + "\" price " + ex.getMessage(), ex);
		}
	}

	/**
	 * Describe what a JSON value is, for messages that must not repeat it.
	 * @param value the value
	 * @return for example {@code a string} or {@code a list}
	 */
	static String kind(JsonNode value) {
		return switch (value.getNodeType()) {
			case ARRAY -> "a list";
			case OBJECT -> "an object";
			case STRING -> "a string";
			case NUMBER -> "a number";
			case BOOLEAN -> "a boolean";
			case NULL -> "null";
			case MISSING -> "missing";
			default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
		};
	}

	/**
	 * Read a number of tokens, such as a tier threshold.
	 * @param value the JSON value
	 * @return the number, or {@code null} if it is not a whole, non-negative number that
	 * fits in a {@code long}
	 */
	static @Nullable Long tokens(JsonNode value) {
		if (!value.isNumber()) {
			return null;
		}
		BigDecimal number = value.decimalValue();
		// Digits and scale first: 1e1000000 is not expanded to find that it is too large.
		if (number.signum() < 0 || number.precision() - (long) number.scale() > 19
				|| number.stripTrailingZeros().scale() > 0) {
			return null;
		}
		try {
			return number.longValueExact();
		}
		catch (ArithmeticException ex) {
			return null;
		}
	}

}
