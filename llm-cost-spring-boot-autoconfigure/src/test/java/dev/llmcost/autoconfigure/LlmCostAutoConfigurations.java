package dev.llmcost.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfigurations;

/**
 * The starter's auto-configurations, for context runners that want all of them.
 */
final class LlmCostAutoConfigurations {

	private LlmCostAutoConfigurations() {
	}

	static AutoConfigurations all() {
		return AutoConfigurations.of(LlmCostPricingAutoConfiguration.class, LlmCostLedgerAutoConfiguration.class,
				LlmCostBudgetAutoConfiguration.class, LlmCostAttributionAutoConfiguration.class,
				LlmCostObservationAutoConfiguration.class, LlmCostMetricsAutoConfiguration.class,
				LlmCostSpringAiAutoConfiguration.class, LlmCostEndpointAutoConfiguration.class,
				LlmCostHealthAutoConfiguration.class);
	}

}
