package dev.llmcost.autoconfigure;

import dev.llmcost.attribution.AttributionContext;
import dev.llmcost.attribution.LlmAttribution;
import dev.llmcost.attribution.LlmFeatureBeanPostProcessor;
import dev.llmcost.attribution.SecurityContextUserResolver;
import dev.llmcost.observation.FeatureNames;
import dev.llmcost.observation.ModelNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmCostAttributionAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
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

	@Test
	void withoutAHashKeyUsersShouldNotBeAttributedAndStartupShouldSayHowToTurnItOn(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			LlmAttribution attribution = context.getBean(LlmAttribution.class);
			assertThat(attribution.isUserAttributionEnabled()).isFalse();
			attribution.runAs("acme", "alice@example.com",
					() -> assertThat(AttributionContext.current().userHash()).isNull());
		});
		assertThat(output).contains("LLM user attribution is off: set llm.cost.attribution.user.hash-key");
	}

	@Test
	void hashKeyShouldTurnUserAttributionOnAndNeverBeLogged(CapturedOutput output) {
		this.contextRunner.withPropertyValues("llm.cost.attribution.user.hash-key=000102030405060708090a0b0c0d0e0f")
			.run((context) -> {
				LlmAttribution attribution = context.getBean(LlmAttribution.class);
				// HMAC-SHA256, first 16 hex digits, computed with Python (see
				// UserIdHasherTests).
				attribution.runAs(null, "alice@example.com",
						() -> assertThat(AttributionContext.current().userHash()).isEqualTo("5d1fc068857810a7"));
			});
		assertThat(output).doesNotContain("user attribution is off").doesNotContain("000102030405060708090a0b0c0d0e0f");
	}

	@Test
	void invalidHashKeyShouldFailStartupNamingThePropertyButNotTheKey() {
		this.contextRunner.withPropertyValues("llm.cost.attribution.user.hash-key=my-secret-passphrase")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.attribution.user.hash-key")
				.hasMessageContaining("It must be hex digits")
				.hasMessageNotContaining("my-secret-passphrase"));
	}

	@Test
	void springSecurityPrincipalShouldBeTheLastSourceOfTheUser() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(SecurityContextUserResolver.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.run((context) -> assertThat(context).doesNotHaveBean(SecurityContextUserResolver.class)
				.hasSingleBean(LlmAttribution.class));
	}

}
