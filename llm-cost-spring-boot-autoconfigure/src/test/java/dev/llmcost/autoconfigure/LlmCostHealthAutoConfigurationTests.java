package dev.llmcost.autoconfigure;

import java.math.BigDecimal;
import java.time.Instant;

import dev.llmcost.actuate.LlmCostHealthIndicator;
import dev.llmcost.budget.LlmBudgets;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmCostHealthAutoConfiguration}.
 */
class LlmCostHealthAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(LlmCostAutoConfigurations.all());

	@Test
	void healthIndicatorShouldBeAddedByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(LlmCostHealthIndicator.class));
	}

	@Test
	void exhaustedBudgetShouldLeaveTheStatusUpByDefault() {
		this.contextRunner.withPropertyValues("llm.cost.budgets.cap.limit=0.01").run((context) -> {
			context.getBean(LlmBudgets.class).record(Instant.now(), "any", new BigDecimal("0.02"));
			Health health = context.getBean(LlmCostHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKey("exhaustedBudgets");
		});
	}

	@Test
	void exhaustedBudgetShouldMakeTheStatusDownWhenAskedTo() {
		this.contextRunner
			.withPropertyValues("llm.cost.budgets.cap.limit=0.01",
					"management.health.llmcost.down-when-budget-exhausted=true")
			.run((context) -> {
				LlmCostHealthIndicator indicator = context.getBean(LlmCostHealthIndicator.class);
				assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
				context.getBean(LlmBudgets.class).record(Instant.now(), "any", new BigDecimal("0.02"));
				assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
			});
	}

	@Test
	void budgetHealthSwitchThatIsNotABooleanShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("management.health.llmcost.down-when-budget-exhausted=sometimes")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("management.health.llmcost.down-when-budget-exhausted"));
	}

	@Test
	void healthIndicatorShouldBeAbsentWhenSwitchedOff() {
		this.contextRunner.withPropertyValues("management.health.llmcost.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCostHealthIndicator.class));
	}

	@Test
	void healthIndicatorShouldBeAbsentWhenDisabled() {
		this.contextRunner.withPropertyValues("llm.cost.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCostHealthIndicator.class));
	}

}
