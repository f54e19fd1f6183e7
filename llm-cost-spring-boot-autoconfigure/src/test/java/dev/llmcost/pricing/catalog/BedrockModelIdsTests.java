package dev.llmcost.pricing.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import dev.llmcost.autoconfigure.LlmCostPricingAutoConfiguration;
import dev.llmcost.pricing.DefaultPriceCatalog;
import dev.llmcost.pricing.PriceCatalog;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.TokenRates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names Amazon Bedrock calls go by (model ids, cross-region inference profiles, ARNs)
 * find their price in the shipped catalog and in a LiteLLM catalog, whose Bedrock keys
 * are the bare ids ({@code us.anthropic.claude-...-v1:0}).
 */
class BedrockModelIdsTests {

	private static final PriceList LITELLM = PriceList.of("litellm",
			Map.of("us.anthropic.claude-3-7-sonnet-20250219-v1:0",
					PricedModel.of("us.anthropic.claude-3-7-sonnet-20250219-v1:0", "aws.bedrock", "litellm",
							TokenRates.of(new BigDecimal("3"), null, null, null, new BigDecimal("15"), null))));

	private final DefaultPriceCatalog catalog = new DefaultPriceCatalog(PriceList.of("user", Map.of()),
			Map.of("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/team-a",
					"us.anthropic.claude-haiku-4-5-20251001-v1:0"),
			List.of(LITELLM, BuiltInCatalog.load()));

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(nullValues = "none", value = {
			// a model id in its own region: Anthropic's price
			"anthropic.claude-3-7-sonnet-20250219-v1:0, claude-3-7-sonnet",
			"anthropic.claude-haiku-4-5-20251001-v1:0, claude-haiku-4-5",
			// geographic cross-region profiles: the us. entry, +10% for the newer models
			"us.anthropic.claude-haiku-4-5-20251001-v1:0, us.anthropic.claude-haiku-4-5-20251001-v1:0",
			"eu.anthropic.claude-haiku-4-5-20251001-v1:0, us.anthropic.claude-haiku-4-5-20251001-v1:0",
			"apac.anthropic.claude-haiku-4-5-20251001-v1:0, us.anthropic.claude-haiku-4-5-20251001-v1:0",
			// the global profile: Anthropic's price
			"global.anthropic.claude-haiku-4-5-20251001-v1:0, claude-haiku-4-5",
			// ARNs of a system-defined inference profile and of a foundation model
			"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0, us.anthropic.claude-haiku-4-5-20251001-v1:0",
			"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0, claude-3-7-sonnet",
			// a LiteLLM catalog keys the profile by its bare id, which wins over the
			// built-in
			"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0, us.anthropic.claude-3-7-sonnet-20250219-v1:0",
			// an application inference profile names no model: only a user alias prices
			// it
			"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/team-a, us.anthropic.claude-haiku-4-5-20251001-v1:0",
			"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/team-b, none",
			// Amazon's own models
			"amazon.nova-pro-v1:0, amazon.nova-pro-v1:0" })
	void bedrockNameShouldResolveToTheRightEntry(String name, String entry) {
		PricedModel price = this.catalog.resolve("aws.bedrock", name);

		assertThat((price != null) ? price.model() : null).isEqualTo(entry);
	}

	@Test
	void applicationInferenceProfileArnShouldBePricedThroughAnAliasProperty() {
		// As YAML gives it: "[arn:...]": model. A properties file would need ':' escaped.
		String arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6";
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LlmCostPricingAutoConfiguration.class))
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("yaml",
						Map.of("llm.cost.pricing.aliases[" + arn + "]",
								"us.anthropic.claude-haiku-4-5-20251001-v1:0"))))
			.run((context) -> assertThat(context.getBean(PriceCatalog.class).resolve("aws.bedrock", arn).model())
				.isEqualTo("us.anthropic.claude-haiku-4-5-20251001-v1:0"));
	}

}
