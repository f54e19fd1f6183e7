package dev.llmcost.ledger;

import java.util.List;

import dev.llmcost.ledger.LedgerSnapshot.UnpricedModel;

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

	/**
	 * Return how many models had no price, and the ones with the most unpriced calls.
	 * Callers that need only these, a health probe for one, should use this rather than
	 * {@link #snapshot()}: implementations answer it without copying their totals. This
	 * default takes a snapshot.
	 * @param limit the most models to return
	 * @return the unpriced models
	 */
	default UnpricedModels unpriced(int limit) {
		List<UnpricedModel> unpriced = snapshot().unpriced();
		return new UnpricedModels(unpriced.size(), unpriced.subList(0, Math.min(limit, unpriced.size())));
	}

}
