package dev.llmcost.autoconfigure;

import dev.llmcost.attribution.LlmFeatureBeanPostProcessor;
import dev.llmcost.observation.FeatureNames;
import dev.llmcost.observation.ModelNames;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmCostAttributionAutoConfiguration}.
 */
class LlmCostAttributionAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmCostAttributionAutoConfiguration.class));

	@Test
	void defaultsShouldApplyTheAnnotationAndCapFeatureAndModelNames() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(LlmFeatureBeanPostProcessor.class)
			.hasSingleBean(FeatureNames.class)
			.hasSingleBean(ModelNames.class));
	}

	@Test
	void maxModelsShouldCapModelNames() {
		this.contextRunner.withPropertyValues("llm.cost.attribution.max-models=1").run((context) -> {
			ModelNames modelNames = context.getBean(ModelNames.class);
			assertThat(modelNames.tagFor("gpt-4o-mini")).isEqualTo("gpt-4o-mini");
			assertThat(modelNames.tagFor("gpt-5")).isEqualTo("other");
		});
	}

	@Test
	void maxModelsBelowOneShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.cost.attribution.max-models=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.attribution.max-models")
				.hasMessageContaining("It must be at least 1."));
	}

	@Test
	void maxFeaturesBelowOneShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.cost.attribution.max-features=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.attribution.max-features"));
	}

	@Test
	void userFeatureNamesShouldWin() {
		FeatureNames featureNames = new FeatureNames(3);
		this.contextRunner.withBean(FeatureNames.class, () -> featureNames)
			.run((context) -> assertThat(context.getBean(FeatureNames.class)).isSameAs(featureNames));
	}

	@Test
	void disabledShouldAddNothing() {
		this.contextRunner.withPropertyValues("llm.cost.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmFeatureBeanPostProcessor.class)
				.doesNotHaveBean(FeatureNames.class)
				.doesNotHaveBean(ModelNames.class));
	}

}
