package dev.llmcost.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.llmcost.usage.TokenUsage;

/**
 * Totals of a {@link CostLedger} at one moment.
 *
 * @param since when the ledger started counting
 * @param total the totals over all features
 * @param features the totals per feature, highest cost first
 * @param unpriced the models that had no price, most calls first
 * @author llm-cost contributors
 */
public record LedgerSnapshot(Instant since, Totals total, List<FeatureTotals> features, List<UnpricedModel> unpriced) {

	/**
	 * Calls, errors, cost and tokens of a group of calls.
	 *
	 * @param calls the number of calls
	 * @param errors the number of failed calls
	 * @param cost the cost in USD
	 * @param tokens the tokens per bucket
	 */
	public record Totals(long calls, long errors, BigDecimal cost, TokenUsage tokens) {

		/**
		 * No calls at all.
		 */
		public static final Totals NONE = new Totals(0, 0, BigDecimal.ZERO, TokenUsage.EMPTY);

		/**
		 * Return the sum of these totals and others.
		 * @param other the totals to add
		 * @return the sum
		 */
		public Totals plus(Totals other) {
			return new Totals(this.calls + other.calls, this.errors + other.errors, this.cost.add(other.cost),
					this.tokens.plus(other.tokens));
		}

	}

	/**
	 * The totals of one feature, and of each model it used.
	 *
	 * @param feature the feature
	 * @param totals the feature's totals
	 * @param models the totals per model, highest cost first
	 */
	public record FeatureTotals(String feature, Totals totals, List<ModelTotals> models) {

	}

	/**
	 * The totals of one model within a feature.
	 *
	 * @param model the model
	 * @param totals the totals
	 */
	public record ModelTotals(String model, Totals totals) {

	}

	/**
	 * A model that had no price.
	 *
	 * @param model the model name
	 * @param calls the number of unpriced calls
	 */
	public record UnpricedModel(String model, long calls) {

	}

}
