package dev.llmcost.observation;

import java.math.BigDecimal;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import dev.llmcost.budget.BudgetDefinition;
import dev.llmcost.budget.BudgetState;
import dev.llmcost.budget.LlmBudgets;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Registers the gauges {@code llm.budget.limit}, {@code llm.budget.spent} and
 * {@code llm.budget.remaining} of each budget, tagged with its name, in the reporting
 * currency: its code in lower case is their base unit, so that the Prometheus names are
 * {@code llm_budget_spent_usd} or {@code llm_budget_spent_eur}.
 * <p>
 * The spend is read when the registry is scraped, under the budget's lock for a few
 * microseconds; a new period is seen then too, so a scrape may publish a
 * {@link dev.llmcost.budget.LlmBudgetEvent.Type#RESET reset}.
 *
 * @author llm-cost contributors
 */
public class LlmBudgetMeterBinder implements MeterBinder {

	private final LlmBudgets budgets;

	/**
	 * Create a binder for the given budgets.
	 * @param budgets the budgets
	 */
	public LlmBudgetMeterBinder(LlmBudgets budgets) {
		this.budgets = budgets;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		String unit = this.budgets.currency().baseUnit();
		for (BudgetDefinition budget : this.budgets.definitions()) {
			double limit = budget.limit().doubleValue();
			register(registry, LlmCostMeters.BUDGET_LIMIT, budget, unit, (budgets) -> limit);
			register(registry, LlmCostMeters.BUDGET_SPENT, budget, unit,
					(budgets) -> amount(budgets, budget, BudgetState::spent));
			register(registry, LlmCostMeters.BUDGET_REMAINING, budget, unit,
					(budgets) -> amount(budgets, budget, BudgetState::remaining));
		}
	}

	private void register(MeterRegistry registry, LlmCostMeters meter, BudgetDefinition budget, String unit,
			ToDoubleFunction<LlmBudgets> value) {
		Gauge.builder(meter.getName(), this.budgets, value)
			.description(meter.description())
			.baseUnit(unit)
			.tag(LlmCostMeters.MeterKeyNames.BUDGET.asString(), budget.name())
			.strongReference(true)
			.register(registry);
	}

	private static double amount(LlmBudgets budgets, BudgetDefinition budget,
			Function<BudgetState, BigDecimal> amount) {
		BudgetState state = budgets.state(budget.name());
		return (state != null) ? amount.apply(state).doubleValue() : Double.NaN;
	}

}
