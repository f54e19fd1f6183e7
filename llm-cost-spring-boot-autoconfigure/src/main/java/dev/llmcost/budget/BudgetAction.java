package dev.llmcost.budget;

/**
 * What happens to a call whose budget is exhausted.
 *
 * @author llm-cost contributors
 */
public enum BudgetAction {

	/**
	 * The call proceeds; the budget only reports that it is exhausted.
	 */
	WARN,

	/**
	 * The model is not called: the caller gets an {@link LlmBudgetExceededException}.
	 */
	BLOCK,

	/**
	 * The call goes to a cheaper model instead.
	 */
	DOWNGRADE

}
