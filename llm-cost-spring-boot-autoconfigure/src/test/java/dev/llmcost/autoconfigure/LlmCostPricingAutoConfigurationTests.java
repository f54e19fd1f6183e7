package dev.llmcost.autoconfigure;

import java.math.BigDecimal;

import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.ModelPrice;
import dev.llmcost.pricing.PriceCatalog;
import dev.llmcost.pricing.PriceCatalogStatus;
import dev.llmcost.pricing.PriceCatalogStatus.SourceState;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.pricing.source.CatalogSources;
import dev.llmcost.usage.UnitType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmCostPricingAutoConfiguration}: prices, currency and catalogs from
 * the {@code llm.cost.*} properties, and a startup failure naming the property for every
 * bad value.
 */
@ExtendWith(OutputCaptureExtension.class)
class LlmCostPricingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmCostPricingAutoConfiguration.class));

	@Test
	void defaultsShouldPriceFromTheBuiltInCatalogInUsd() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(PriceCatalog.class)
				.hasSingleBean(CallPricer.class)
				.hasSingleBean(CatalogSources.class);
			assertThat(context.getBean(PriceCatalog.class).resolve("openai", "gpt-4o-mini-2024-07-18").model())
				.isEqualTo("gpt-4o-mini");
			assertThat(context.getBean(ReportingCurrency.class)).isEqualTo(ReportingCurrency.USD);
		});
	}

	@Test
	void userCatalogShouldWinAndLoadNoSources() {
		PriceCatalog catalog = (provider, model) -> null;
		this.contextRunner.withBean(PriceCatalog.class, () -> catalog).run((context) -> {
			assertThat(context.getBean(PriceCatalog.class)).isSameAs(catalog);
			assertThat(context).doesNotHaveBean(CatalogSources.class);
		});
	}

	@Test
	void disabledShouldAddNothing() {
		this.contextRunner.withPropertyValues("llm.cost.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PriceCatalog.class)
				.doesNotHaveBean(ReportingCurrency.class));
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
				.hasMessageContaining("is negative"));
	}

	@Test
	void userPriceOutOfBoundsShouldFailStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("llm.cost.pricing.models.my-model.input=1e100000",
					"llm.cost.pricing.models.my-model.output=2")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.models[my-model].input")
				.hasMessageContaining("A price must be 0 or from 0.000001 to 10000 USD per million tokens")
				.hasMessageContaining("is above 10000"));
		this.contextRunner.withPropertyValues("llm.cost.pricing.models.my-model.input=1",
				"llm.cost.pricing.models.my-model.cache-read=1e-1000000", "llm.cost.pricing.models.my-model.output=2")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.models[my-model].cache-read")
				.hasMessageContaining("is below 0.000001"));
	}

	@Test
	void userUnitPricesShouldPriceUnitsAndNeedNoTokenPrices() {
		this.contextRunner
			.withPropertyValues("llm.cost.pricing.models[hd/1024-x-1792/dall-e-3].per-image=0.12",
					"llm.cost.pricing.models.my-whisper.per-second=0.0001",
					"llm.cost.pricing.models.my-tts.per-character=0.000015", "llm.cost.pricing.models.my-chat.input=3",
					"llm.cost.pricing.models.my-chat.output=15", "llm.cost.pricing.models.my-chat.per-request=0.01")
			.run((context) -> {
				PriceCatalog catalog = context.getBean(PriceCatalog.class);
				ModelPrice image = catalog.resolve("openai", "hd/1024-x-1792/dall-e-3").latest();
				assertThat(image.units().perUnit(UnitType.IMAGE)).isEqualByComparingTo("0.12");
				assertThat(image.rates().input()).as("no token prices: tokens cost 0").isEqualByComparingTo("0");
				assertThat(catalog.resolve("openai", "my-whisper").latest().units().perUnit(UnitType.SECOND))
					.isEqualByComparingTo("0.0001");
				assertThat(catalog.resolve("openai", "my-tts").latest().units().perUnit(UnitType.CHARACTER))
					.isEqualByComparingTo("0.000015");
				ModelPrice chat = catalog.resolve("anthropic", "my-chat").latest();
				assertThat(chat.units().perUnit(UnitType.REQUEST)).isEqualByComparingTo("0.01");
				assertThat(chat.rates().output()).isEqualByComparingTo("15");
				assertThat(chat.units().perUnit(UnitType.IMAGE)).as("a unit not given has no price").isNull();
			});
	}

	@Test
	void userUnitPriceOutOfBoundsShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.cost.pricing.models.my-image.per-image=1e100000")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.models[my-image].per-image")
				.hasMessageContaining("A price must be 0 or from 0.000000001 to 1000 USD per image")
				.hasMessageContaining("is above 1000 USD per image"));
		this.contextRunner.withPropertyValues("llm.cost.pricing.models.my-tts.per-character=-0.000015")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.models[my-tts].per-character")
				.hasMessageContaining("is negative"));
		this.contextRunner.withPropertyValues("llm.cost.pricing.models.my-search.per-request=1e-1000000")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.models[my-search].per-request")
				.hasMessageContaining("is below 0.000000001 USD per request and not 0"));
	}

	@Test
	void userUnitPriceWithOnlySomeTokenPricesShouldStillNeedInputAndOutput() {
		this.contextRunner
			.withPropertyValues("llm.cost.pricing.models.my-chat.input=3",
					"llm.cost.pricing.models.my-chat.per-request=0.01")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.models[my-chat].output"));
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
	void exchangeRateOutOfBoundsShouldFailStartupNamingTheProperty() {
		// Every cost is converted on the caller's thread: 1e-1000000 would make each call
		// work on a million digits, 0.1234567890123 on more digits than any rate needs.
		for (String rate : new String[] { "0", "-1", "1e-1000000", "0.0000009", "1e100000", "10000000.5",
				"0.1234567890123" }) {
			this.contextRunner.withPropertyValues("llm.cost.currency=EUR", "llm.cost.exchange-rate=" + rate)
				.run((context) -> assertThat(context).as(rate)
					.hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageContaining("llm.cost.exchange-rate")
					.hasMessageContaining("It must be from 0.000001 to 10000000 with at most 12 decimal places."));
		}
	}

	@Test
	void exchangeRatesAtTheBoundsShouldBeAccepted() {
		for (String rate : new String[] { "0.000001", "10000000", "0.123456789012" }) {
			this.contextRunner.withPropertyValues("llm.cost.currency=EUR", "llm.cost.exchange-rate=" + rate)
				.run((context) -> assertThat(context.getBean(ReportingCurrency.class).exchangeRate()).as(rate)
					.isEqualByComparingTo(rate));
		}
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
				assertThat(context.getBean(PriceCatalogStatus.class).sources().get(0).state())
					.isEqualTo(SourceState.FAILED);
				assertThat(context.getBean(PriceCatalog.class).resolve("openai", "gpt-4o")).isNotNull();
			});
	}

	@Test
	void configuredDefaultModelWithoutPriceShouldBeWarnedAbout(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.ai.openai.chat.model=my-finetune").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output)
				.contains("No price for the configured default model 'my-finetune' (spring.ai.openai.chat.model)")
				.doesNotContain("Azure OpenAI deployment");
		});
	}

	@Test
	void azureDeploymentWithoutPriceShouldBeHintedOnceWithTheAliasToAdd(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.ai.openai.base-url=https://my-resource.openai.azure.com/",
					"spring.ai.openai.chat.deployment-name=my-gpt4o-prod", "spring.ai.openai.chat.model=my-gpt4o-prod")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce("No price for the Azure OpenAI deployment 'my-gpt4o-prod'")
					.contains("Add llm.cost.pricing.aliases.my-gpt4o-prod=<model>")
					.doesNotContain("No price for the configured default model");
			});
	}

	@Test
	void azureDeploymentWithAnAliasShouldNotBeHinted(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.ai.openai.base-url=https://my-resource.openai.azure.com",
					"spring.ai.openai.chat.model=my-gpt4o-prod", "llm.cost.pricing.aliases.my-gpt4o-prod=gpt-4o")
			.run((context) -> assertThat(output).doesNotContain("No price for"));
	}

	@Test
	void azureDefaultDeploymentShouldBeTheModelWhenNoDeploymentNameIsSet(CapturedOutput output) {
		// Spring AI's OpenAI module calls the deployment named like the model then.
		this.contextRunner
			.withPropertyValues("spring.ai.openai.microsoft-foundry=true", "spring.ai.openai.chat.model=MyGpt4oProd",
					"spring.ai.openai.embedding.deployment-name=my-embeddings")
			.run((context) -> assertThat(output)
				.contains("No price for the Azure OpenAI deployment 'MyGpt4oProd' (spring.ai.openai.chat.model)")
				.contains("Add llm.cost.pricing.aliases.mygpt4oprod=<model>")
				.doesNotContain("my-embeddings"));
	}

	@Test
	void azureDeploymentNameThatDoesNotBindAfterADotShouldBeHintedInBrackets(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.ai.openai.deployment-name=gpt4o_prod.eu")
			.run((context) -> assertThat(output)
				.contains("No price for the Azure OpenAI deployment 'gpt4o_prod.eu' (spring.ai.openai.deployment-name)")
				.contains("Add llm.cost.pricing.aliases[gpt4o_prod.eu]=<model>"));
	}

	@Test
	void azureDeploymentNamedLikeAPricedModelShouldNotBeHinted(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.ai.openai.microsoft-foundry=true",
					"spring.ai.openai.deployment-name=gpt-4o-mini")
			.run((context) -> assertThat(output).doesNotContain("No price for"));
	}

	@Test
	void failOnUnpricedShouldFailStartupForAnUnpricedAzureDeployment() {
		this.contextRunner
			.withPropertyValues("spring.ai.openai.chat.deployment-name=my-gpt4o-prod",
					"llm.cost.pricing.fail-on-unpriced=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("Add llm.cost.pricing.aliases.my-gpt4o-prod=<model>")
				.hasMessageContaining("llm.cost.pricing.fail-on-unpriced=true"));
	}

	@Test
	void configuredDefaultModelWithPriceShouldNotBeWarnedAbout(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.ai.openai.chat.model=gpt-4o-mini",
					"spring.ai.google.genai.chat.model=gemini-2.5-flash")
			.run((context) -> assertThat(output).doesNotContain("No price for the configured default model"));
	}

	@Test
	void budgetDowngradeModelWithoutPriceShouldBeWarnedAbout(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.ai.openai.chat.model=gpt-4o", "llm.cost.budgets.cap.feature=chat",
					"llm.cost.budgets.cap.limit=5", "llm.cost.budgets.cap.action=downgrade",
					"llm.cost.budgets.cap.downgrade-to=my-cheap-finetune", "llm.cost.budgets.other.limit=5",
					"llm.cost.budgets.other.action=downgrade", "llm.cost.budgets.other.downgrade-to=gpt-4o-mini")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output)
					.contains("No price for the budget downgrade model 'my-cheap-finetune' "
							+ "(llm.cost.budgets.cap.downgrade-to): calls downgraded to it will cost 0")
					.doesNotContain("'gpt-4o-mini'")
					.doesNotContain("No price for the configured default model");
			});
	}

	@Test
	void ollamaShouldBeFreeByDefault(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.ai.ollama.chat.model=llama3.2:3b").run((context) -> {
			PricedModel entry = context.getBean(PriceCatalog.class).resolve("ollama", "llama3.2:3b");
			assertThat(entry).isNotNull();
			assertThat(entry.latest().rates().input()).isZero();
			assertThat(entry.latest().rates().output()).isZero();
			assertThat(output).doesNotContain("No price for the configured default model");
		});
	}

	@Test
	void ollamaTurnedOffShouldBeUnpricedAgain(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.ai.ollama.chat.model=llama3.2:3b",
					"llm.cost.pricing.providers.ollama.free=false")
			.run((context) -> {
				assertThat(context.getBean(PriceCatalog.class).resolve("ollama", "llama3.2:3b")).isNull();
				assertThat(output)
					.contains("No price for the configured default model 'llama3.2:3b' (spring.ai.ollama.chat.model)");
			});
	}

	@Test
	void providerTurnedOnShouldBeFree() {
		this.contextRunner.withPropertyValues("llm.cost.pricing.providers.openai.free=true").run((context) -> {
			PriceCatalog catalog = context.getBean(PriceCatalog.class);
			assertThat(catalog.resolve("openai", "my-local-vllm-model")).isNotNull();
			assertThat(catalog.resolve("anthropic", "my-local-vllm-model")).isNull();
		});
	}

	@Test
	void providerAliasShouldNameItsProvider() {
		this.contextRunner.withPropertyValues("llm.cost.pricing.providers[gcp.gemini].free=true")
			.run((context) -> assertThat(context.getBean(PriceCatalog.class).resolve("gcp.gen_ai", "my-local-gemma"))
				.isNotNull());
	}

	@Test
	void providerNamedInAnotherVocabularyShouldFailStartup() {
		this.contextRunner.withPropertyValues("llm.cost.pricing.providers.azure_openai.free=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.providers")
				.hasMessageContaining("use 'azure.ai.openai'"));
	}

	@Test
	void unquotedDottedProviderNameShouldFailStartup() {
		this.contextRunner.withPropertyValues("llm.cost.pricing.providers.azure.ai.openai.free=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.providers[azure.ai.openai].free"));
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

}
