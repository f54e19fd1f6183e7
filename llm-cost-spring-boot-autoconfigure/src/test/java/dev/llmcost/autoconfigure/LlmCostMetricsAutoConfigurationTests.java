package dev.llmcost.autoconfigure;

import dev.llmcost.observation.LlmCallMeterObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmCostMetricsAutoConfiguration}.
 */
class LlmCostMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmCostMetricsAutoConfiguration.class));

	@Test
	void meterHandlerShouldBeAddedWhenThereIsAMeterRegistry() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(LlmCallMeterObservationHandler.class);
				Timer timer = Timer.builder("llm.call").register(context.getBean(MeterRegistry.class));
				assertThat(timer.getId().getDescription()).as("help text for the timer Boot makes")
					.isEqualTo("LLM model calls, one per real model call");
			});
	}

	@Test
	void budgetGaugesShouldBeRegisteredForEachBudget() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
							SimpleMetricsExportAutoConfiguration.class, LlmCostPricingAutoConfiguration.class,
							LlmCostLedgerAutoConfiguration.class, LlmCostBudgetAutoConfiguration.class))
			.withPropertyValues("llm.cost.budgets.daily.limit=25")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("llm.budget.limit").tag("budget", "daily").gauge().value()).isEqualTo(25.0);
				assertThat(registry.get("llm.budget.spent").tag("budget", "daily").gauge().value()).isEqualTo(0.0);
				assertThat(registry.get("llm.budget.remaining").tag("budget", "daily").gauge().value()).isEqualTo(25.0);
			});
	}

	@Test
	void nothingShouldBeAddedWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(LlmCallMeterObservationHandler.class));
	}

}
