package dev.llmcost.budget;

/**
 * How much of its limit a budget has spent in its current period.
 *
 * @author llm-cost contributors
 */
public enum BudgetStatus {

	/**
	 * Below every warning threshold.
	 */
	OK,

	/**
	 * At or above a warning threshold, below the limit.
	 */
	WARNING,

	/**
	 * At or above the limit.
	 */
	EXHAUSTED

}
