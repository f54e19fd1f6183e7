package dev.llmcost.autoconfigure;

import dev.llmcost.actuate.LlmCostHealthIndicator;
import dev.llmcost.budget.LlmBudgets;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.pricing.PriceCatalogStatus;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link LlmCostHealthIndicator llmCost} health indicator.
 * Absent when Spring Boot's health support is not on the classpath; switched off with
 * {@code management.health.llmcost.enabled=false}. Budgets that are exhausted are listed
 * in its details, and make it {@code DOWN} with
 * {@code management.health.llmcost.down-when-budget-exhausted=true}.
 *
 * @author llm-cost contributors
 */
@AutoConfiguration(after = { LlmCostLedgerAutoConfiguration.class, LlmCostPricingAutoConfiguration.class,
		LlmCostBudgetAutoConfiguration.class })
@ConditionalOnClass(
		name = "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator")
public final class LlmCostHealthAutoConfiguration {

	/**
	 * Whether the status is {@code DOWN} while a budget is exhausted; a property of the
	 * health indicator, next to {@code management.health.llmcost.enabled}, rather than
	 * under {@code llm.cost.budgets}, whose keys are budget names.
	 */
	static final String DOWN_WHEN_BUDGET_EXHAUSTED = "management.health.llmcost.down-when-budget-exhausted";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(CostLedger.class)
	@ConditionalOnEnabledHealthIndicator("llmcost")
	static class LlmCostHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "llmCostHealthIndicator")
		LlmCostHealthIndicator llmCostHealthIndicator(CostLedger ledger,
				ObjectProvider<PriceCatalogStatus> catalogStatus, ObjectProvider<LlmBudgets> budgets,
				Environment environment) {
			boolean downWhenBudgetExhausted = Binder.get(environment)
				.bind(DOWN_WHEN_BUDGET_EXHAUSTED, Boolean.class)
				.orElse(false);
			return new LlmCostHealthIndicator(ledger, catalogStatus.getIfUnique(), budgets.getIfUnique(),
					downWhenBudgetExhausted);
		}

	}

}
