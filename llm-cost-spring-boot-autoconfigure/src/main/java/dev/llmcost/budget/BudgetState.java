package dev.llmcost.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Where a budget stands in its current period.
 *
 * @param budget the budget
 * @param from the start of the current period, inclusive
 * @param to the end of a calendar period, or now for a rolling window
 * @param spent what the budget's calls cost in the period, in the reporting currency
 * @param remaining what is left of the limit, never negative
 * @param usedPercent the spend as a percentage of the limit, above 100 once the limit is
 * overshot
 * @param projected the spend at the end of the period at the current burn rate: of a
 * calendar period, the spend so far over the time elapsed times the period's length; of a
 * rolling window, its spend (the rate over the window times the window)
 * @param status the status
 * @param resetsAt of a calendar period, its end; of a rolling window, when its spend
 * falls back below the limit if it is exhausted, else when all of it has left the window
 * @author llm-cost contributors
 */
public record BudgetState(BudgetDefinition budget, Instant from, Instant to, BigDecimal spent, BigDecimal remaining,
		double usedPercent, BigDecimal projected, BudgetStatus status, Instant resetsAt) {

}
