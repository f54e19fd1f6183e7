package dev.llmcost.actuate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.pricing.PriceCatalogStatus;
import dev.llmcost.usage.TokenUsage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What the endpoint and the health indicator report on, shared by their unit tests:
 * recorded calls and a fixed price catalog status.
 */
final class TestCostReports {

	/**
	 * When every recorded call ended.
	 */
	static final Instant ENDED = Instant.parse("2026-11-22T08:00:00Z");

	/**
	 * The tokens of every recorded call: 1000 input, 100 output.
	 */
	static final TokenUsage USAGE = new TokenUsage(1000, 0, 0, 100, 0);

	private TestCostReports() {
	}

	/**
	 * Return a priced call of a feature, answered by the given model.
	 * @param feature the feature
	 * @param model the model
	 * @param costUsd the cost in USD
	 * @return the call
	 */
	static RecordedCall pricedCall(String feature, String model, String costUsd) {
		return new RecordedCall(ENDED, Attribution.of(feature), "openai", "chat", model, model, USAGE,
				new BigDecimal(costUsd), true, false);
	}

	/**
	 * Return a call of a feature whose model had no price.
	 * @param feature the feature
	 * @param model the model
	 * @return the call
	 */
	static RecordedCall unpricedCall(String feature, String model) {
		return new RecordedCall(ENDED, Attribution.of(feature), "openai", "chat", model, model, USAGE, BigDecimal.ZERO,
				false, false);
	}

	/**
	 * A price catalog status with a built-in catalog of 120 models checked on 2026-11-01,
	 * 2 prices of the application's own, and the given external catalogs.
	 *
	 * @param sources the external catalogs
	 */
	record FixedStatus(List<SourceStatus> sources) implements PriceCatalogStatus {

		@Override
		public @Nullable LocalDate builtInDate() {
			return LocalDate.parse("2026-11-01");
		}

		@Override
		public int builtInModels() {
			return 120;
		}

		@Override
		public int userModels() {
			return 2;
		}

	}

	/**
	 * Return the row of an endpoint answer's array whose field has a value.
	 * @param rows the array, for example {@code features} or a feature's {@code models}
	 * @param key the field, for example {@code feature}
	 * @param value its value
	 * @return the row
	 */
	static JsonNode row(JsonNode rows, String key, String value) {
		for (JsonNode row : rows) {
			if (row.path(key).asString().equals(value)) {
				return row;
			}
		}
		throw new AssertionError("No " + key + " '" + value + "' in " + rows);
	}

}
