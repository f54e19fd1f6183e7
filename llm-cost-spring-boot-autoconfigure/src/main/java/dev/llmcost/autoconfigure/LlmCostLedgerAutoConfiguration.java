package dev.llmcost.autoconfigure;

import java.time.Clock;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.InMemoryCostLedger;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link CostLedger} that totals recorded calls for the
 * endpoint and health.
 *
 * @author llm-cost contributors
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
public final class LlmCostLedgerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CostLedger llmCostLedger(ObjectProvider<Clock> clock) {
		return new InMemoryCostLedger(clock.getIfUnique(Clock::systemUTC));
	}

}
