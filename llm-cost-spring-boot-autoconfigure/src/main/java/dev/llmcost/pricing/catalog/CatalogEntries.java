package dev.llmcost.pricing.catalog;

import java.math.BigDecimal;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What every catalog reader needs: reading prices as exact decimals with messages that
 * name the field, and reporting skipped entries without flooding the log.
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

	private final String source;

	private int skipped;

	CatalogEntries(String source) {
		this.source = source;
	}

	/**
	 * Note an entry skipped because it is malformed; logged as a warning naming it.
	 * @param entry the entry name
	 * @param reason why
	 */
	void skip(String entry, String reason) {
		if (this.skipped < MAX_NAMED) {
			logger.warn("Skipping price catalog entry '" + entry + "' in " + this.source + ": " + reason);
		}
		this.skipped++;
	}

	/**
	 * Log a summary when more entries were skipped than were named.
	 */
	void finish() {
		if (this.skipped > MAX_NAMED) {
			logger.warn("Skipped " + this.skipped + " malformed entries in price catalog " + this.source
					+ " (the first " + MAX_NAMED + " are named above)");
		}
	}

	/**
	 * Read a price that must be there.
	 * @param entry the JSON object
	 * @param field the field name
	 * @return the price
	 * @throws IllegalArgumentException if it is missing, not a number or negative
	 */
	static BigDecimal required(JsonNode entry, String field) {
		BigDecimal price = optional(entry, field);
		if (price == null) {
			throw new IllegalArgumentException("\"" + field + "\" price is missing");
		}
		return price;
	}

	/**
	 * Read a price that may be absent.
	 * @param entry the JSON object
	 * @param field the field name
	 * @return the price, or {@code null} if absent or JSON {@code null}
	 * @throws IllegalArgumentException if it is not a number or negative
	 */
	static @Nullable BigDecimal optional(JsonNode entry, String field) {
		JsonNode value = entry.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isNumber()) {
			throw new IllegalArgumentException("\"" + field + "\" price is not a number: " + value);
		}
		BigDecimal price = value.decimalValue();
		if (price.signum() < 0) {
			throw new IllegalArgumentException("\"" + field + "\" price is negative: " + price.toPlainString());
		}
		return price;
	}

}
