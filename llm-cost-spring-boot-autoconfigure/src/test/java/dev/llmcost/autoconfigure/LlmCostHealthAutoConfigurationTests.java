package dev.llmcost.autoconfigure;

import dev.llmcost.actuate.LlmCostHealthIndicator;
import org.junit.jupiter.api.Test;

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
