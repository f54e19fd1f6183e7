package dev.llmcost.ledger;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.Totals;

/**
 * What one tenant or user spent over a period, with the features and models it spent on.
 *
 * @param name the tenant, or the user's hash
 * @param totals the calls, errors, cost in USD and tokens counted for it
 * @param overcount how much of {@code totals}' cost, in USD, may belong to others: zero
 * for a ledger that counts exactly; for one that keeps only the top spenders, the spend
 * it inherited when it started tracking this one (see {@link SpenderReport#exact()}),
 * which is not in the breakdown by feature
 * @param features the totals per feature and model that were counted for it, highest cost
 * first
 * @author llm-cost contributors
 */
public record Spender(String name, Totals totals, BigDecimal overcount, List<FeatureTotals> features) {

	/**
	 * Create a spender.
	 */
	public Spender {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(totals, "totals must not be null");
		Objects.requireNonNull(overcount, "overcount must not be null");
		features = List.copyOf(features);
	}

}
