package dev.llmcost.autoconfigure;

import java.math.BigDecimal;
import java.util.List;

import dev.llmcost.actuate.LlmCostEndpoint;
import dev.llmcost.actuate.LlmCostHealthIndicator;
import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.attribution.FeatureNames;
import dev.llmcost.attribution.LlmFeatureBeanPostProcessor;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.observation.LlmCallLedgerObservationHandler;
import dev.llmcost.observation.LlmCallMeterObservationHandler;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.pricing.PriceCatalog;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.pricing.source.CatalogSources;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmCostAutoConfiguration} and
 * {@link LlmCostEndpointAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class LlmCostAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmCostAutoConfiguration.class, LlmCostEndpointAutoConfiguration.class,
				EndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=llmcost");

	@Test
	void defaultsShouldProvideTheWholeChain() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(PriceCatalog.class)
			.hasSingleBean(CostLedger.class)
			.hasSingleBean(FeatureNames.class)
			.hasSingleBean(LlmCostAdvisor.class)
			.hasSingleBean(LlmCallLedgerObservationHandler.class)
			.hasSingleBean(LlmFeatureBeanPostProcessor.class)
			.hasSingleBean(ChatClientBuilderCustomizer.class)
			.hasSingleBean(LlmCostEndpoint.class)
			.doesNotHaveBean(LlmCallMeterObservationHandler.class));
	}

	@Test
	void advisorShouldBeAddedToTheAutoConfiguredChatClientBuilder() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ChatClientAutoConfiguration.class))
			.withBean(ChatModel.class, () -> (prompt) -> response("gpt-4o-mini-2024-07-18", 1000, 100))
			.run((context) -> {
				ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
				String answer = chatClient.prompt().user("hi").call().content();
				assertThat(answer).isEqualTo("answer");
				// No ObservationRegistry bean: the advisor's own registry still feeds the
				// ledger. 1000 x 0.15 + 100 x 0.60 USD per million
				assertThat(context.getBean(CostLedger.class).snapshot().total().cost()).isEqualByComparingTo("0.00021");
			});
	}

	@Test
	void advisorOrderShouldBeConfigurable() {
		this.contextRunner.withPropertyValues("llm.cost.advisor.order=42")
			.run((context) -> assertThat(context.getBean(LlmCostAdvisor.class).getOrder()).isEqualTo(42));
	}

	@Test
	void springAiShouldNotObserveTheCostAdvisorUnlessAskedTo() {
		ApplicationContextRunner runner = this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					ChatClientAutoConfiguration.class))
			.withBean(ChatModel.class, () -> (prompt) -> response("gpt-4o-mini-2024-07-18", 1000, 100));
		runner.run((context) -> {
			context.getBean(ChatClient.Builder.class).build().prompt().user("hi").call().content();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("spring.ai.advisor").tag("spring.ai.advisor.name", "LlmCostAdvisor").timer())
				.isNull();
			assertThat(registry.find("spring.ai.advisor").timers()).as("other advisors are still observed")
				.isNotEmpty();
			assertThat(registry.get("llm.call").timer().count()).isEqualTo(1);
		});
		runner.withPropertyValues("llm.cost.advisor.observed=true").run((context) -> {
			context.getBean(ChatClient.Builder.class).build().prompt().user("hi").call().content();
			assertThat(context.getBean(MeterRegistry.class)
				.get("spring.ai.advisor")
				.tag("spring.ai.advisor.name", "LlmCostAdvisor")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void meterHandlerShouldBeAddedWhenThereIsAMeterRegistry() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(LlmCallMeterObservationHandler.class));
	}

	@Test
	void disabledShouldAddNothing() {
		this.contextRunner.withPropertyValues("llm.cost.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCostAdvisor.class)
				.doesNotHaveBean(CostLedger.class)
				.doesNotHaveBean(LlmFeatureBeanPostProcessor.class)
				.doesNotHaveBean(ChatClientBuilderCustomizer.class)
				.doesNotHaveBean(LlmCostEndpoint.class));
	}

	@Test
	void userBeansShouldWin() {
		CostLedger ledger = new InMemoryCostLedger();
		PriceCatalog catalog = (provider, model) -> null;
		this.contextRunner.withBean(CostLedger.class, () -> ledger)
			.withBean(PriceCatalog.class, () -> catalog)
			.withBean(FeatureNames.class, () -> new FeatureNames(3))
			.run((context) -> {
				assertThat(context).hasSingleBean(CostLedger.class)
					.hasSingleBean(PriceCatalog.class)
					.as("a replaced catalog loads no sources")
					.doesNotHaveBean(CatalogSources.class);
				assertThat(context.getBean(CostLedger.class)).isSameAs(ledger);
				assertThat(context.getBean(PriceCatalog.class)).isSameAs(catalog);
			});
	}

	@Test
	void endpointShouldBeAbsentWithoutActuator() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LlmCostAutoConfiguration.class, LlmCostEndpointAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(LlmCostAdvisor.class)
				.doesNotHaveBean(LlmCostEndpoint.class));
	}

	@Test
	void endpointShouldBeAbsentWhenNotExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCostEndpoint.class));
	}

	@Test
	void nothingShouldBeAddedWithoutSpringAiChatClient() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ChatClient.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmCostAdvisor.class));
	}

	@Test
	void userPricesShouldWinOverTheBuiltInCatalog() {
		this.contextRunner
			.withPropertyValues("llm.cost.pricing.models[gpt-4.1].input=1.00",
					"llm.cost.pricing.models[gpt-4.1].output=2.00", "llm.cost.pricing.aliases.prod-gpt4o-eastus=gpt-4o")
			.run((context) -> {
				PriceCatalog catalog = context.getBean(PriceCatalog.class);
				PricedModel price = catalog.resolve("openai", "gpt-4.1-2025-04-14");
				TokenRates rates = price.latest().rates();
				assertThat(price.source()).isEqualTo("llm.cost.pricing.models");
				assertThat(rates.input()).isEqualByComparingTo("1.00");
				assertThat(rates.cacheRead()).as("defaults to the input price").isEqualByComparingTo("1.00");
				assertThat(rates.output()).isEqualByComparingTo("2.00");
				assertThat(catalog.resolve("azure.ai.openai", "prod-gpt4o-eastus").model()).isEqualTo("gpt-4o");
			});
	}

	@Test
	void userPriceWithoutOutputShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.cost.pricing.models.my-model.input=1.00")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.models[my-model].output"));
	}

	@Test
	void negativeUserPriceShouldFailStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("llm.cost.pricing.models.my-model.input=1.00",
					"llm.cost.pricing.models.my-model.output=-2")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.models[my-model].output")
				.hasMessageContaining("must not be negative"));
	}

	@Test
	void unquotedDottedModelNameShouldFailStartupSayingHowToQuoteIt() {
		this.contextRunner
			.withPropertyValues("llm.cost.pricing.models.gpt-4.1.input=1.00",
					"llm.cost.pricing.models.gpt-4.1.output=2.00")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.models.gpt-4.1")
				.hasMessageContaining("quoted in brackets"));
	}

	@Test
	void unquotedDottedAliasShouldFailStartup() {
		this.contextRunner.withPropertyValues("llm.cost.pricing.aliases.my-gpt-4.1=gpt-4.1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("quoted in brackets"));
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
	void currencyShouldDefaultToUsd() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(ReportingCurrency.class)).isEqualTo(ReportingCurrency.USD));
	}

	@Test
	void currencyWithExchangeRateShouldBeUsed() {
		this.contextRunner.withPropertyValues("llm.cost.currency=eur", "llm.cost.exchange-rate=0.92").run((context) -> {
			ReportingCurrency currency = context.getBean(ReportingCurrency.class);
			assertThat(currency.code()).isEqualTo("EUR");
			assertThat(currency.baseUnit()).isEqualTo("eur");
			assertThat(currency.convert(new BigDecimal("2"))).isEqualByComparingTo("1.84");
		});
	}

	@Test
	void currencyWithoutExchangeRateShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.cost.currency=EUR")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.exchange-rate")
				.hasMessageContaining("EUR one USD buys"));
	}

	@Test
	void unknownCurrencyShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.cost.currency=dollars", "llm.cost.exchange-rate=1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.currency")
				.hasMessageContaining("ISO 4217"));
	}

	@Test
	void usdWithAnotherRateShouldFailStartup() {
		this.contextRunner.withPropertyValues("llm.cost.exchange-rate=0.9")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.exchange-rate"));
	}

	@Test
	void sourceWithoutLocationShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.cost.pricing.sources[0].format=litellm")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.sources[0].location"));
	}

	@Test
	void refreshIntervalUnderAMinuteShouldFailStartup() {
		this.contextRunner
			.withPropertyValues("llm.cost.pricing.sources[0].location=classpath:catalogs/none.json",
					"llm.cost.pricing.sources[0].refresh-interval=5s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.sources[0].refresh-interval"));
	}

	@Test
	void unreachableSourceShouldNotStopStartup() {
		this.contextRunner
			.withPropertyValues("llm.cost.pricing.sources[0].location=http://127.0.0.1:1/prices.json",
					"llm.cost.pricing.sources[0].timeout=2s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(CatalogSources.class).status().get(0).state()).isEqualTo("failed");
				assertThat(context.getBean(PriceCatalog.class).resolve("openai", "gpt-4o")).isNotNull();
			});
	}

	@Test
	void configuredDefaultModelWithoutPriceShouldBeWarnedAbout(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.ai.openai.chat.model=my-finetune").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output)
				.contains("No price for the configured default model 'my-finetune' " + "(spring.ai.openai.chat.model)");
		});
	}

	@Test
	void configuredDefaultModelWithPriceShouldNotBeWarnedAbout(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.ai.openai.chat.model=gpt-4o-mini")
			.run((context) -> assertThat(output).doesNotContain("No price for the configured default model"));
	}

	@Test
	void failOnUnpricedShouldFailStartupForAnUnpricedDefaultModel() {
		this.contextRunner
			.withPropertyValues("spring.ai.anthropic.chat.options.model=claude-unknown-9",
					"llm.cost.pricing.fail-on-unpriced=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()

				.hasMessageContaining("'claude-unknown-9' (spring.ai.anthropic.chat.options.model)")
				.hasMessageContaining("llm.cost.pricing.fail-on-unpriced=true"));
	}

	@Test
	void streamOptionsWithoutUsageShouldBeWarnedAbout(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.ai.openai.chat.stream-options.include-obfuscation=false")
			.run((context) -> assertThat(output).contains("spring.ai.openai.chat.stream-options.* is set without "
					+ "spring.ai.openai.chat.stream-options.include-usage=true"));
	}

	@Test
	void streamOptionsWithUsageShouldNotBeWarnedAbout(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.ai.openai.chat.stream-options.include-obfuscation=false",
					"spring.ai.openai.chat.stream-options.include-usage=true")
			.run((context) -> assertThat(output).doesNotContain("include-usage=true: OpenAI streams"));
	}

	@Test
	void healthIndicatorShouldBeAddedUnlessDisabled() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(LlmCostHealthAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(LlmCostHealthIndicator.class));
		this.contextRunner.withConfiguration(AutoConfigurations.of(LlmCostHealthAutoConfiguration.class))
			.withPropertyValues("management.health.llmcost.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCostHealthIndicator.class));
	}

	static ChatResponse response(String model, int promptTokens, int completionTokens) {
		return new ChatResponse(List.of(new Generation(new AssistantMessage("answer"))),
				ChatResponseMetadata.builder()
					.model(model)
					.usage(new DefaultUsage(promptTokens, completionTokens))
					.build());
	}

}
