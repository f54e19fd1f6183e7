package dev.llmcost.ledger;

import java.util.List;

import dev.llmcost.ledger.LedgerSnapshot.UnpricedModel;

/**
 * How many models had no price, and the ones with the most unpriced calls: what a health
 * check reports, without the ledger's totals.
 *
 * @param count the number of distinct models that had no price
 * @param top the models with the most unpriced calls, most first (ties by name)
 * @author llm-cost contributors
 */
public record UnpricedModels(int count, List<UnpricedModel> top) {

	/**
	 * Create an instance.
	 */
	public UnpricedModels {
		top = List.copyOf(top);
	}

}
