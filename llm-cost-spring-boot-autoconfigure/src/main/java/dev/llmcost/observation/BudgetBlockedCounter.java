package dev.llmcost.observation;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.budget.BlockedCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the calls budgets blocked on {@code llm.budget.blocked}, tagged with the budget
 * and the feature, the feature capped as recorded calls' are.
 *
 * @author llm-cost contributors
 */
public class BudgetBlockedCounter implements BlockedCalls {

	private final MeterRegistry registry;

	private final FeatureNames featureNames;

	/**
	 * Create a counter.
	 * @param registry the registry to count on
	 * @param featureNames the cap of feature names
	 */
	public BudgetBlockedCounter(MeterRegistry registry, FeatureNames featureNames) {
		this.registry = registry;
		this.featureNames = featureNames;
	}

	@Override
	public void blocked(String budget, String feature) {
		// Blocked calls are rare: the registry's own lookup is cheap enough for them.
		Counter.builder(LlmCostMeters.BUDGET_BLOCKED.getName())
			.description(LlmCostMeters.BUDGET_BLOCKED.description())
			.tag(LlmCostMeters.MeterKeyNames.BUDGET.asString(), budget)
			.tag(LlmCallObservationDocumentation.LowCardinalityKeyNames.FEATURE.asString(),
					this.featureNames.tagFor(Attribution.of(feature)))
			.register(this.registry)
			.increment();
	}

}
