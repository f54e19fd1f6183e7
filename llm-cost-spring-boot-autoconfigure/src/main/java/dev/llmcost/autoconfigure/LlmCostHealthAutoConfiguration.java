package dev.llmcost.autoconfigure;

import dev.llmcost.actuate.LlmCostHealthIndicator;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.pricing.PriceCatalogStatus;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link LlmCostHealthIndicator llmCost} health indicator.
 * Absent when Spring Boot's health support is not on the classpath; switched off with
 * {@code management.health.llmcost.enabled=false}.
 *
 * @author llm-cost contributors
 */
@AutoConfiguration(after = { LlmCostLedgerAutoConfiguration.class, LlmCostPricingAutoConfiguration.class })
@ConditionalOnClass(
		name = "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator")
public final class LlmCostHealthAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(CostLedger.class)
	@ConditionalOnEnabledHealthIndicator("llmcost")
	static class LlmCostHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "llmCostHealthIndicator")
		LlmCostHealthIndicator llmCostHealthIndicator(CostLedger ledger,
				ObjectProvider<PriceCatalogStatus> catalogStatus) {
			return new LlmCostHealthIndicator(ledger, catalogStatus.getIfUnique());
		}

	}

}
