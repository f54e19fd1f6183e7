package dev.llmcost.budget;

/**
 * Told of each call a budget blocked, for example to count it on a meter.
 *
 * @author llm-cost contributors
 */
@FunctionalInterface
public interface BlockedCalls {

	/**
	 * Does nothing.
	 */
	BlockedCalls NONE = (budget, feature) -> {
	};

	/**
	 * Called once for each call a budget blocked, before the caller gets the exception.
	 * @param budget the name of the budget that blocked it
	 * @param feature the call's feature
	 */
	void blocked(String budget, String feature);

}
