package dev.llmcost.ledger;

import java.time.Instant;
import java.util.Objects;

import dev.llmcost.ledger.LedgerSnapshot.Totals;

/**
 * The totals of one feature and model over one hour: the unit a {@link CostLedger} keeps
 * its history in, and the unit a shared store writes.
 *
 * @param hour the start of the hour, an hour of the ledger's zone (the same instant as a
 * UTC hour in every zone whose offset is a whole number of hours)
 * @param feature the feature
 * @param model the model, as {@link RecordedCall#model()} files it
 * @param totals the calls, errors, cost in USD and tokens of the hour
 * @param unpricedCalls how many of those calls had no price
 * @author llm-cost contributors
 */
public record LedgerRow(Instant hour, String feature, String model, Totals totals, long unpricedCalls) {

	/**
	 * Create a row.
	 */
	public LedgerRow {
		Objects.requireNonNull(hour, "hour must not be null");
		Objects.requireNonNull(feature, "feature must not be null");
		Objects.requireNonNull(model, "model must not be null");
		Objects.requireNonNull(totals, "totals must not be null");
	}

}
