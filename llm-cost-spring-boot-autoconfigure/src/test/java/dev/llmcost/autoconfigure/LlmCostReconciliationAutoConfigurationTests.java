package dev.llmcost.autoconfigure;

import dev.llmcost.actuate.LlmCostEndpoint;
import dev.llmcost.reconciliation.Reconciliation;
import dev.llmcost.reconciliation.ReconciliationSchedule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmCostReconciliationAutoConfiguration}. No context here reaches a
 * real billing API: base URLs point at a closed local port.
 */
@ExtendWith(OutputCaptureExtension.class)
class LlmCostReconciliationAutoConfigurationTests {

	private static final String KEY = "sk-admin-autoconfig-test-0987654321";

	private static final String NOWHERE = "http://127.0.0.1:9";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LlmCostPricingAutoConfiguration.class, LlmCostLedgerAutoConfiguration.class,
						LlmCostReconciliationAutoConfiguration.class, LlmCostEndpointAutoConfiguration.class))
		.withPropertyValues("llm.cost.reconciliation.openai.base-url=" + NOWHERE,
				"llm.cost.reconciliation.anthropic.base-url=" + NOWHERE);

	@Test
	void reconciliationShouldBeOffByDefault() {
		this.contextRunner.withPropertyValues("llm.cost.reconciliation.openai.admin-key=" + KEY)
			.run((context) -> assertThat(context).doesNotHaveBean(Reconciliation.class)
				.doesNotHaveBean(ReconciliationSchedule.class));
	}

	@Test
	void reconciliationShouldCompareEveryProviderWithAKey(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("llm.cost.reconciliation.enabled=true",
					"llm.cost.reconciliation.openai.admin-key=" + KEY,
					"llm.cost.reconciliation.anthropic.admin-key=" + KEY + "-anthropic",
					"management.endpoints.web.exposure.include=llmcost")
			.run((context) -> {
				assertThat(context).hasSingleBean(ReconciliationSchedule.class);
				Reconciliation reconciliation = context.getBean(Reconciliation.class);
				assertThat(reconciliation.providers()).containsExactly("openai", "anthropic");
				assertThat(reconciliation.maxDrift()).isEqualTo(0.05);
				assertThat(context.getBean(LlmCostEndpoint.class).costs(null, null, null, null).reconciliation())
					.isNotNull();
			});
		assertThat(output).doesNotContain(KEY);
	}

	@Test
	void metersShouldBeBoundWithARegistry() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("llm.cost.reconciliation.enabled=true",
					"llm.cost.reconciliation.openai.admin-key=" + KEY)
			.run((context) -> {
				SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
				context.getBean(Reconciliation.class).bindTo(registry);
				assertThat(registry.find("llm.reconciliation.drift").tag("gen_ai.provider.name", "openai").gauge())
					.isNotNull();
				assertThat(registry.find("llm.reconciliation.fetches").tag("outcome", "unauthorized").functionCounter())
					.isNotNull();
			});
	}

	@Test
	void enabledWithoutAnyKeyShouldFailNamingTheKeyProperties() {
		this.contextRunner.withPropertyValues("llm.cost.reconciliation.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("llm.cost.reconciliation.openai.admin-key")
				.hasMessageContaining("llm.cost.reconciliation.anthropic.admin-key"));
	}

	@Test
	void invalidScheduleShouldFailNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("llm.cost.reconciliation.enabled=true",
					"llm.cost.reconciliation.openai.admin-key=" + KEY, "llm.cost.reconciliation.schedule=0 2 * * *")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("llm.cost.reconciliation.schedule"));
	}

	@Test
	void maxDriftOfZeroShouldFailNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("llm.cost.reconciliation.enabled=true",
					"llm.cost.reconciliation.openai.admin-key=" + KEY, "llm.cost.reconciliation.max-drift=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("llm.cost.reconciliation.max-drift"));
	}

	@Test
	void baseUrlWithUserInfoShouldFailNamingThePropertyWithoutTheKey(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("llm.cost.reconciliation.enabled=true",
					"llm.cost.reconciliation.openai.admin-key=" + KEY,
					"llm.cost.reconciliation.openai.base-url=ftp://api.openai.com")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("llm.cost.reconciliation.openai.base-url")
				.hasMessageNotContaining(KEY));
		assertThat(output).doesNotContain(KEY);
	}

}
