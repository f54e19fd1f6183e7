package dev.llmcost.observation;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.pricing.CallPricer.PricedCall;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;

import static dev.llmcost.observation.TestLlmCalls.EUR;
import static dev.llmcost.observation.TestLlmCalls.FEATURE;
import static dev.llmcost.observation.TestLlmCalls.GPT_4O_MINI;
import static dev.llmcost.observation.TestLlmCalls.PRICE_SOURCE;
import static dev.llmcost.observation.TestLlmCalls.REQUEST_MODEL;
import static dev.llmcost.observation.TestLlmCalls.RESPONSE_MODEL;
import static dev.llmcost.observation.TestLlmCalls.chatCall;
import static dev.llmcost.observation.TestLlmCalls.pricedCall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests for {@link DefaultLlmCallObservationConvention}.
 */
class DefaultLlmCallObservationConventionTests {

	/**
	 * 1000 uncached input, 4000 cache-read, 300 cache-write, 100 output and 50 reasoning
	 * tokens.
	 */
	private static final TokenUsage USAGE = new TokenUsage(1000, 4000, 300, 100, 50);

	private final DefaultLlmCallObservationConvention convention = new DefaultLlmCallObservationConvention();

	@Test
	void shouldHaveName() {
		assertThat(this.convention.getName()).isEqualTo("llm.call");
	}

	@Test
	void contextualNameShouldBeTheOperationAndTheRequestedModel() {
		assertThat(this.convention.getContextualName(pricedCall(USAGE, ReportingCurrency.USD)))
			.isEqualTo("chat gpt-4o-mini");
	}

	@Test
	void shouldSupportOnlyLlmCallContexts() {
		assertThat(this.convention.supportsContext(chatCall(ReportingCurrency.USD))).isTrue();
		assertThat(this.convention.supportsContext(new Observation.Context())).isFalse();
	}

	@Test
	void lowCardinalityKeyValuesShouldBeTheCallTagsAndNoErrorWhenTheCallSucceeded() {
		assertThat(this.convention.getLowCardinalityKeyValues(pricedCall(USAGE, ReportingCurrency.USD)))
			.containsExactlyInAnyOrder(KeyValue.of("feature", FEATURE), KeyValue.of("gen_ai.provider.name", "openai"),
					KeyValue.of("gen_ai.operation.name", "chat"), KeyValue.of("gen_ai.request.model", REQUEST_MODEL),
					KeyValue.of("gen_ai.response.model", RESPONSE_MODEL), KeyValue.of("error.type", "none"));
	}

	@Test
	void teamShouldBeASpanAttributeOnly() {
		LlmCallObservationContext context = new LlmCallObservationContext(Attribution.of(FEATURE).withTeam("search"),
				LlmProviders.OPENAI, LlmCallObservationContext.CHAT, REQUEST_MODEL, ReportingCurrency.USD);

		assertThat(this.convention.getHighCardinalityKeyValues(context)).contains(KeyValue.of("llm.team", "search"));
		assertThat(this.convention.getLowCardinalityKeyValues(context)).extracting(KeyValue::getKey)
			.doesNotContain("llm.team", "team");
	}

	@Test
	void tenantAndHashedUserShouldBeSpanAttributesOnly() {
		LlmCallObservationContext context = new LlmCallObservationContext(
				new Attribution(FEATURE, null, "acme", "5d1fc068857810a7"), LlmProviders.OPENAI,
				LlmCallObservationContext.CHAT, REQUEST_MODEL, ReportingCurrency.USD);

		assertThat(this.convention.getHighCardinalityKeyValues(context)).contains(KeyValue.of("llm.tenant", "acme"),
				KeyValue.of("user.id", "5d1fc068857810a7"));
		assertThat(this.convention.getLowCardinalityKeyValues(context)).extracting(KeyValue::getKey)
			.doesNotContain("llm.tenant", "user.id");
	}

	@Test
	void tenantAndUserWhenUnknownShouldBeAbsent() {
		assertThat(this.convention.getHighCardinalityKeyValues(chatCall(ReportingCurrency.USD)))
			.extracting(KeyValue::getKey)
			.doesNotContain("llm.tenant", "user.id");
	}

	@Test
	void teamWhenTheFeatureHasNoneShouldBeUnassigned() {
		assertThat(this.convention.getHighCardinalityKeyValues(chatCall(ReportingCurrency.USD)))
			.contains(KeyValue.of("llm.team", "unassigned"));
	}

	@Test
	void responseModelWhenTheResponseNamedNoModelShouldBeUnknown() {
		LlmCallObservationContext context = chatCall(ReportingCurrency.USD);

		assertThat(this.convention.getLowCardinalityKeyValues(context))
			.contains(KeyValue.of("gen_ai.response.model", "unknown"));
	}

	@Test
	void errorTypeWhenTheExceptionHasAStatusCodeShouldBeTheStatus() {
		LlmCallObservationContext context = chatCall(ReportingCurrency.USD);
		context.setError(new ProviderHttpException(429));

		assertThat(this.convention.getLowCardinalityKeyValues(context)).contains(KeyValue.of("error.type", "429"));
	}

	@Test
	void errorTypeWhenACauseHasAStatusCodeShouldBeTheCausesStatus() {
		LlmCallObservationContext context = chatCall(ReportingCurrency.USD);
		context.setError(new IllegalStateException("retries exhausted", new ProviderHttpException(503)));

		assertThat(this.convention.getLowCardinalityKeyValues(context)).contains(KeyValue.of("error.type", "503"));
	}

	@Test
	void errorTypeWhenTheExceptionHasNoStatusCodeShouldBeItsSimpleClassName() {
		LlmCallObservationContext context = chatCall(ReportingCurrency.USD);
		context.setError(new IllegalStateException("connection reset"));

		assertThat(this.convention.getLowCardinalityKeyValues(context))
			.contains(KeyValue.of("error.type", "IllegalStateException"));
	}

	@Test
	void errorTypeWhenASpringClientExceptionHasAStatusShouldBeTheStatus() {
		LlmCallObservationContext context = chatCall(ReportingCurrency.USD);
		context.setError(new HttpClientErrorException(HttpStatus.TOO_MANY_REQUESTS));

		assertThat(this.convention.getLowCardinalityKeyValues(context)).contains(KeyValue.of("error.type", "429"));
	}

	@Test
	void errorTypeWhenASpringClientAnswersAStatusOutsideHttpStatusShouldBeTheStatus() {
		// Anthropic answers 529 when overloaded; Spring has no HttpStatus constant for it
		LlmCallObservationContext context = chatCall(ReportingCurrency.USD);
		context.setError(new HttpServerErrorException(HttpStatusCode.valueOf(529), "Overloaded"));

		assertThat(this.convention.getLowCardinalityKeyValues(context)).contains(KeyValue.of("error.type", "529"));
	}

	@Test
	void errorTypeWhenTheExceptionClassIsAnonymousShouldNotBeEmpty() {
		LlmCallObservationContext context = chatCall(ReportingCurrency.USD);
		context.setError(new IllegalStateException("connection reset") {
		});

		assertThat(this.convention.getLowCardinalityKeyValues(context))
			.filteredOn((keyValue) -> keyValue.getKey().equals("error.type"))
			.singleElement()
			.extracting(KeyValue::getValue)
			.asString()
			.isNotBlank();
	}

	@Test
	void usageAttributesShouldCountCacheTokensAsInputAndReasoningAsOutput() {
		// input: 1000 + 4000 cache reads + 300 cache writes = 5300
		// output: 100 + 50 reasoning = 150
		assertThat(this.convention.getHighCardinalityKeyValues(pricedCall(USAGE, ReportingCurrency.USD))).contains(
				KeyValue.of("gen_ai.usage.input_tokens", "5300"), KeyValue.of("gen_ai.usage.output_tokens", "150"),
				KeyValue.of("gen_ai.usage.cache_read.input_tokens", "4000"),
				KeyValue.of("gen_ai.usage.cache_creation.input_tokens", "300"),
				KeyValue.of("gen_ai.usage.reasoning.output_tokens", "50"));
	}

	@Test
	void costAmountShouldBeAPlainDecimalInTheReportingCurrency() {
		// 1 input token x 0.15 USD per million = 0.00000015 USD x 0.9 EUR per USD
		// = 0.000000135 EUR (1.35E-7 in scientific notation)
		LlmCallObservationContext context = pricedCall(new TokenUsage(1, 0, 0, 0, 0), EUR);

		assertThat(this.convention.getHighCardinalityKeyValues(context))
			.contains(KeyValue.of("gen_ai.usage.cost.amount", "0.000000135"));
	}

	@Test
	void costAmountShouldHaveNoTrailingZeros() {
		// 1000 input tokens x 0.15 USD per million = 0.00015 USD (0.00015000 as computed)
		LlmCallObservationContext context = pricedCall(new TokenUsage(1000, 0, 0, 0, 0), ReportingCurrency.USD);

		assertThat(this.convention.getHighCardinalityKeyValues(context))
			.contains(KeyValue.of("gen_ai.usage.cost.amount", "0.00015"));
	}

	@Test
	void costCurrencyShouldBeTheReportingCurrency() {
		assertThat(this.convention.getHighCardinalityKeyValues(pricedCall(USAGE, EUR)))
			.contains(KeyValue.of("gen_ai.usage.cost.currency", "EUR"));
	}

	@Test
	void costSourceShouldBeLocal() {
		assertThat(this.convention.getHighCardinalityKeyValues(pricedCall(USAGE, ReportingCurrency.USD)))
			.contains(KeyValue.of("gen_ai.usage.cost.source", "local"));
	}

	@Test
	void pricingEntryAndSourceShouldNameTheEntryThatPricedTheCall() {
		assertThat(this.convention.getHighCardinalityKeyValues(pricedCall(USAGE, ReportingCurrency.USD)))
			.contains(KeyValue.of("llm.pricing.entry", "gpt-4o-mini"), KeyValue.of("llm.pricing.source", PRICE_SOURCE));
	}

	@Test
	void pricingEntryAndSourceWhenUnpricedShouldBeNoneAndTheCostZero() {
		LlmCallObservationContext context = chatCall(ReportingCurrency.USD);
		context.setResponseModel("my-finetune");
		context.setUsage(USAGE);

		assertThat(this.convention.getHighCardinalityKeyValues(context)).contains(
				KeyValue.of("llm.pricing.entry", "none"), KeyValue.of("llm.pricing.source", "none"),
				KeyValue.of("gen_ai.usage.cost.amount", "0"));
	}

	@Test
	void pricingFallbackWhenPricedByTheResponseModelShouldBeFalse() {
		assertThat(this.convention.getHighCardinalityKeyValues(pricedCall(USAGE, ReportingCurrency.USD)))
			.contains(KeyValue.of("llm.pricing.fallback", "false"));
	}

	@Test
	void pricingFallbackWhenPricedAsTheRequestedModelShouldBeTrue() {
		LlmCallObservationContext context = chatCall(ReportingCurrency.USD);
		context.setResponseModel("gateway-route-7");
		context.setUsage(USAGE);
		context.setPricing(new PricedCall(GPT_4O_MINI, GPT_4O_MINI.latest().costOf(USAGE), true));

		assertThat(this.convention.getHighCardinalityKeyValues(context))
			.contains(KeyValue.of("llm.pricing.fallback", "true"), KeyValue.of("llm.pricing.entry", "gpt-4o-mini"));
	}

	@Test
	void usageReportedByTheProviderShouldNotBeMarkedEstimated() {
		assertThat(this.convention.getHighCardinalityKeyValues(pricedCall(USAGE, ReportingCurrency.USD)))
			.contains(KeyValue.of("llm.usage.estimated", "false"));
	}

	@Test
	void usageEstimatedByTheStarterShouldBeMarkedEstimated() {
		LlmCallObservationContext context = pricedCall(USAGE, ReportingCurrency.USD);
		context.setUsageEstimated(true);

		assertThat(this.convention.getHighCardinalityKeyValues(context))
			.contains(KeyValue.of("llm.usage.estimated", "true"));
	}

	@Test
	void pricingFallbackWhenUnpricedShouldBeFalse() {
		LlmCallObservationContext context = chatCall(ReportingCurrency.USD);
		context.setResponseModel("my-finetune");

		assertThat(this.convention.getHighCardinalityKeyValues(context))
			.contains(KeyValue.of("llm.pricing.fallback", "false"));
	}

	@Test
	void responseIdWhenTheResponseHasOneShouldBeAdded() {
		LlmCallObservationContext context = pricedCall(USAGE, ReportingCurrency.USD);
		context.setResponseId("chatcmpl-42");

		assertThat(this.convention.getHighCardinalityKeyValues(context))
			.contains(KeyValue.of("gen_ai.response.id", "chatcmpl-42"));
	}

	@Test
	void responseIdWhenTheResponseHasNoneShouldBeLeftOut() {
		assertThat(this.convention.getHighCardinalityKeyValues(pricedCall(USAGE, ReportingCurrency.USD)))
			.extracting(KeyValue::getKey)
			.doesNotContain("gen_ai.response.id");
	}

	@Test
	void unitsBilledBesidesTokensShouldBeAddedOneAttributePerUnitCounted() {
		LlmCallObservationContext context = pricedCall(USAGE, ReportingCurrency.USD);
		context.setUnits(UnitUsage.of(UnitType.REQUEST, 2).with(UnitType.SECOND, 13));

		assertThat(this.convention.getHighCardinalityKeyValues(context))
			.contains(KeyValue.of("llm.usage.units.request", "2"), KeyValue.of("llm.usage.units.second", "13"));
		assertThat(this.convention.getHighCardinalityKeyValues(context)).extracting(KeyValue::getKey)
			.doesNotContain("llm.usage.units.image", "llm.usage.units.character");
	}

	@Test
	void unitsWhenTheCallIsBilledInTokensOnlyShouldBeLeftOut() {
		assertThat(this.convention.getHighCardinalityKeyValues(pricedCall(USAGE, ReportingCurrency.USD)))
			.extracting(KeyValue::getKey)
			.noneMatch((key) -> key.startsWith("llm.usage.units."));
	}

	/**
	 * A failure of an HTTP client that knows the status the provider answered with, as
	 * the OpenAI SDK's exceptions do.
	 */
	static class ProviderHttpException extends RuntimeException {

		private final int statusCode;

		ProviderHttpException(int statusCode) {
			super("provider answered " + statusCode);
			this.statusCode = statusCode;
		}

		public int statusCode() {
			return this.statusCode;
		}

	}

}
