package dev.llmcost.budget;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A budget as configured: whose calls it counts, how much they may cost over which
 * period, when to warn, and what to do once it is spent.
 *
 * @param name the budget's name, the key under {@code llm.cost.budgets}
 * @param feature the feature whose calls the budget counts, or {@code null} for every
 * call of the application
 * @param limit the most the calls may cost in a period, in the reporting currency,
 * positive
 * @param period the period
 * @param warnAt the percentages of the limit at which the budget warns, ascending, each
 * from 1 to 99
 * @param action what happens to a call once the budget is exhausted
 * @param downgradeTo the model calls go to once the budget is exhausted, required with
 * {@link BudgetAction#DOWNGRADE} and {@code null} otherwise
 * @author llm-cost contributors
 */
public record BudgetDefinition(String name, @Nullable String feature, BigDecimal limit, BudgetPeriod period,
		List<Integer> warnAt, BudgetAction action, @Nullable String downgradeTo) {

	/**
	 * The largest limit, in units of the reporting currency: spend is counted in
	 * billionths of a unit, in a {@code long}.
	 */
	public static final BigDecimal MAX_LIMIT = new BigDecimal("1000000000");

	/**
	 * Create a budget.
	 */
	public BudgetDefinition {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(limit, "limit must not be null");
		Objects.requireNonNull(period, "period must not be null");
		Objects.requireNonNull(action, "action must not be null");
		if (limit.signum() <= 0 || limit.compareTo(MAX_LIMIT) > 0) {
			throw new IllegalArgumentException("limit must be positive and at most " + MAX_LIMIT);
		}
		if ((action == BudgetAction.DOWNGRADE) != (downgradeTo != null)) {
			throw new IllegalArgumentException("downgradeTo must be given with action DOWNGRADE, and only then");
		}
		warnAt = List.copyOf(warnAt);
		for (int i = 0; i < warnAt.size(); i++) {
			int percent = warnAt.get(i);
			if (percent < 1 || percent > 99 || (i > 0 && percent <= warnAt.get(i - 1))) {
				throw new IllegalArgumentException("warnAt must be ascending percentages from 1 to 99");
			}
		}
	}

	/**
	 * Return whether the budget counts the calls of the given feature.
	 * @param callFeature the call's feature
	 * @return whether the budget applies to it
	 */
	public boolean appliesTo(String callFeature) {
		return this.feature == null || this.feature.equals(callFeature);
	}

}
