package dev.llmcost.autoconfigure;

import java.time.Clock;

import dev.llmcost.budget.LlmBudgets;
import dev.llmcost.observation.LlmBudgetMeterBinder;
import dev.llmcost.observation.LlmCallMeterObservationHandler;
import dev.llmcost.observation.LlmCostMeters;
import dev.llmcost.observation.LlmFeatureInfoGauges;
import dev.llmcost.observation.LlmPriceGauges;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.ReportingCurrency;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the token and cost meters of recorded calls, the price gauges
 * of their models, the team of their features and the gauges of the budgets. Absent
 * without a {@link MeterRegistry}.
 *
 * @author llm-cost contributors
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" },
		after = { LlmCostObservationAutoConfiguration.class, LlmCostBudgetAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = LlmCostProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
public final class LlmCostMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmCallMeterObservationHandler llmCallMeterObservationHandler(MeterRegistry meterRegistry) {
		return new LlmCallMeterObservationHandler(meterRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ CallPricer.class, ReportingCurrency.class })
	LlmPriceGauges llmPriceGauges(MeterRegistry meterRegistry, CallPricer pricer, ReportingCurrency currency,
			ObjectProvider<Clock> clock) {
		return new LlmPriceGauges(meterRegistry, pricer, currency, clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	LlmFeatureInfoGauges llmFeatureInfoGauges(MeterRegistry meterRegistry) {
		return new LlmFeatureInfoGauges(meterRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(LlmBudgets.class)
	LlmBudgetMeterBinder llmBudgetMeterBinder(LlmBudgets budgets) {
		return new LlmBudgetMeterBinder(budgets);
	}

	/**
	 * Spring Boot makes the {@code llm.call} timers from the observation, which has no
	 * description; Prometheus' linter and dashboards want help text.
	 * @return the filter
	 */
	@Bean
	@ConditionalOnMissingBean(name = "llmCostCallTimerDescription")
	MeterFilter llmCostCallTimerDescription() {
		String name = LlmCostMeters.CALL.getName();
		return new MeterFilter() {
			@Override
			public Meter.Id map(Meter.Id id) {
				if (id.getDescription() == null
						&& (id.getName().equals(name) || id.getName().equals(name + ".active"))) {
					return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(),
							LlmCostMeters.CALL.description(), id.getType());
				}
				return id;
			}
		};
	}

}
