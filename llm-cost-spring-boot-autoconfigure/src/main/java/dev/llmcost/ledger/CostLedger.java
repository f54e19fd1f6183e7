package dev.llmcost.ledger;

/**
 * Aggregates recorded model calls per feature and model.
 * <p>
 * The in-memory {@link InMemoryCostLedger} serves one instance; the interface lets a
 * shared store back fleet-wide totals later.
 *
 * @author llm-cost contributors
 */
public interface CostLedger {

	/**
	 * Record one model call.
	 * @param call the call
	 */
	void record(RecordedCall call);

	/**
	 * Return the totals recorded so far.
	 * @return a consistent-per-row snapshot of the totals
	 */
	LedgerSnapshot snapshot();

}
