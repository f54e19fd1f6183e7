package dev.llmcost.observation;

import java.time.Clock;
import java.time.Instant;

import dev.llmcost.budget.LlmBudgets;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Counts the cost of each stopped {@code llm.call} observation against the
 * {@link LlmBudgets budgets} of its feature: the same calls, from the same place, as the
 * ledger, whether they went through the advisor or straight to a model.
 *
 * @author llm-cost contributors
 */
public class LlmCallBudgetObservationHandler implements ObservationHandler<LlmCallObservationContext> {

	private final LlmBudgets budgets;

	private final Clock clock;

	/**
	 * Create a handler that counts against the given budgets.
	 * @param budgets the budgets
	 * @param clock tells the time of calls stopped without one
	 */
	public LlmCallBudgetObservationHandler(LlmBudgets budgets, Clock clock) {
		this.budgets = budgets;
		this.clock = clock;
	}

	@Override
	public void onStop(LlmCallObservationContext context) {
		Instant at = (context.getEndedAt() != null) ? context.getEndedAt() : this.clock.instant();
		this.budgets.record(at, context.getAttribution().feature(), context.getTotalCost());
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof LlmCallObservationContext;
	}

}
