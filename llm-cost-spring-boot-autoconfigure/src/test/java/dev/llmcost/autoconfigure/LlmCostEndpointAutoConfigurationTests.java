package dev.llmcost.autoconfigure;

import dev.llmcost.actuate.LlmCostEndpoint;
import dev.llmcost.actuate.LlmCostEndpointWebExtension;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link LlmCostEndpointAutoConfiguration}.
 */
class LlmCostEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(LlmCostAutoConfigurations.all())
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class));

	@Test
	void endpointShouldBeThereWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=llmcost")
			.run((context) -> assertThat(context).hasSingleBean(LlmCostEndpoint.class)
				.hasSingleBean(LlmCostEndpointWebExtension.class));
	}

	@Test
	void endpointShouldShowTheConfiguredBudgets() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=llmcost",
					"llm.cost.budgets.search-cap.feature=search", "llm.cost.budgets.search-cap.limit=3")
			.run((context) -> assertThat(context.getBean(LlmCostEndpoint.class).costs(null, null, null, null).budgets())
				.singleElement()
				.satisfies((budget) -> {
					assertThat(budget.name()).isEqualTo("search-cap");
					assertThat(budget.scope()).containsExactly(entry("feature", "search"));
					assertThat(budget.limit()).isEqualByComparingTo("3");
				}));
	}

	@Test
	void webExtensionShouldBeAbsentWhenExposedOverJmxOnly() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.web.exposure.exclude=*",
					"management.endpoints.jmx.exposure.include=llmcost")
			.run((context) -> assertThat(context).hasSingleBean(LlmCostEndpoint.class)
				.doesNotHaveBean(LlmCostEndpointWebExtension.class));
	}

	@Test
	void endpointShouldBeAbsentWhenNotExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCostEndpoint.class));
	}

	@Test
	void endpointShouldBeAbsentWithoutActuator() {
		new ApplicationContextRunner().withConfiguration(LlmCostAutoConfigurations.all())
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmCostEndpoint.class));
	}

	@Test
	void endpointShouldBeAbsentWhenDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=llmcost", "llm.cost.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCostEndpoint.class));
	}

}
