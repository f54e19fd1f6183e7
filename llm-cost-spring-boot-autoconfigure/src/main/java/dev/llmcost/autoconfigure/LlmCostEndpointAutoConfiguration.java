package dev.llmcost.autoconfigure;

import java.time.Clock;

import dev.llmcost.actuate.LlmCostEndpoint;
import dev.llmcost.actuate.LlmCostEndpointWebExtension;
import dev.llmcost.budget.LlmBudgets;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.pricing.PriceCatalogStatus;
import dev.llmcost.reconciliation.Reconciliation;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link LlmCostEndpoint llmcost} actuator endpoint. Absent
 * when actuator is not on the classpath.
 *
 * @author llm-cost contributors
 */
@AutoConfiguration(after = { LlmCostLedgerAutoConfiguration.class, LlmCostPricingAutoConfiguration.class,
		LlmCostBudgetAutoConfiguration.class, LlmCostReconciliationAutoConfiguration.class })
@ConditionalOnClass(
		name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
@EnableConfigurationProperties(LlmCostProperties.class)
public final class LlmCostEndpointAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean({ CostLedger.class, ReportingCurrency.class })
	@ConditionalOnAvailableEndpoint(LlmCostEndpoint.class)
	static class LlmCostEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LlmCostEndpoint llmCostEndpoint(CostLedger ledger, ReportingCurrency currency,
				ObjectProvider<PriceCatalogStatus> catalogStatus, ObjectProvider<Clock> clock,
				LlmCostProperties properties, ObjectProvider<LlmBudgets> budgets,
				ObjectProvider<Reconciliation> reconciliation) {
			return new LlmCostEndpoint(ledger, currency, catalogStatus.getIfUnique(),
					clock.getIfUnique(Clock::systemUTC), LlmCostLedgerAutoConfiguration.zone(properties),
					budgets.getIfUnique(), reconciliation.getIfUnique());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(LlmCostEndpoint.class)
		@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
		LlmCostEndpointWebExtension llmCostEndpointWebExtension(LlmCostEndpoint endpoint) {
			return new LlmCostEndpointWebExtension(endpoint);
		}

	}

}
