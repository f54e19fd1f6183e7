package dev.llmcost.observation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.observation.LlmCallRecorder.CallResult;
import dev.llmcost.observation.LlmCallRecorder.ModelCallScope;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.ModelPrice;
import dev.llmcost.pricing.PriceCatalog;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static dev.llmcost.observation.TestLlmCalls.FEATURE;
import static dev.llmcost.observation.TestLlmCalls.GPT_4O_MINI;
import static dev.llmcost.observation.TestLlmCalls.PRICE_SOURCE;
import static dev.llmcost.observation.TestLlmCalls.REQUEST_MODEL;
import static dev.llmcost.observation.TestLlmCalls.RESPONSE_MODEL;
import static dev.llmcost.observation.TestLlmCalls.pricer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Unit tests for {@link LlmCallRecorder}.
 * <p>
 * Unless a test says otherwise, a call uses 1000 input and 100 output tokens, priced in
 * USD per million tokens at the test prices of {@link TestLlmCalls#GPT_4O_MINI}: 1000 x
 * 0.15 + 100 x 0.60 = 210, 0.00021 USD; or of gpt-4o: 1000 x 2.50 + 100 x 10.00 = 3500,
 * 0.0035 USD.
 */
class LlmCallRecorderTests {

	private static final TokenUsage USAGE = new TokenUsage(1000, 0, 0, 100, 0);

	private static final PriceCatalog BROKEN_CATALOG = (provider, model) -> {
		throw new CatalogUnavailableException();
	};

	private static final Instant NOW = Instant.parse("2026-02-10T12:00:00Z");

	private static final PricedModel GPT_4O = PricedModel.of("gpt-4o", "openai", PRICE_SOURCE,
			TokenRates.of(new BigDecimal("2.50"), null, null, null, new BigDecimal("10.00"), null));

	private final TestObservationRegistry observationRegistry = TestObservationRegistry.create();

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private FeatureNames featureNames = new FeatureNames(100);

	private ModelNames modelNames = new ModelNames(100);

	private CallPricer pricer = pricer(GPT_4O_MINI, GPT_4O);

	private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	@Test
	void startAndStopShouldRecordOneStoppedLlmCallObservation() {
		record(REQUEST_MODEL, answeredBy(RESPONSE_MODEL));

		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.doesNotHaveAnyRemainingCurrentObservation()
			.hasSingleObservationThat()
			.hasNameEqualTo("llm.call")
			.hasContextualNameEqualTo("chat gpt-4o-mini")
			.hasLowCardinalityKeyValue("feature", FEATURE)
			.hasLowCardinalityKeyValue("gen_ai.response.model", RESPONSE_MODEL)
			.hasBeenStarted()
			.hasBeenStopped();
	}

	@Test
	void stoppedCallShouldHoldItsUsageResponseModelAndTheClocksInstant() {
		LlmCallObservationContext context = record(REQUEST_MODEL,
				new CallResult(RESPONSE_MODEL, "chatcmpl-42", USAGE, null, null));

		assertThat(context.getUsage()).isEqualTo(USAGE);
		assertThat(context.getResponseModel()).isEqualTo(RESPONSE_MODEL);
		assertThat(context.getResponseId()).isEqualTo("chatcmpl-42");
		assertThat(context.getEndedAt()).isEqualTo(NOW);
	}

	@Test
	void callShouldBePricedByTheResponseModel() {
		LlmCallObservationContext call = record("gpt-4o", answeredBy("gpt-4o-mini"));

		assertThat(call.getPricedModel()).isEqualTo(GPT_4O_MINI);
		// 1000 x 0.15 + 100 x 0.60 = 210 USD per million
		assertThat(call.getTotalCost()).isEqualByComparingTo("0.00021");
	}

	@Test
	void callShouldBePricedByTheRequestModelWhenTheResponseModelHasNoPrice() {
		LlmCallObservationContext call = record("gpt-4o", answeredBy("gateway-route-7"));

		assertThat(call.getPricedModel()).isEqualTo(GPT_4O);
		// 1000 x 2.50 + 100 x 10.00 = 3500 USD per million
		assertThat(call.getTotalCost()).isEqualByComparingTo("0.0035");
		assertThat(call.isPricingFallback()).isTrue();
		assertThat(call.getPricedAs()).isEqualTo("gpt-4o");
	}

	@Test
	void callPricedByTheResponseModelShouldNotBeAFallback() {
		LlmCallObservationContext call = record("gpt-4o", answeredBy("gpt-4o-mini"));

		assertThat(call.isPricingFallback()).isFalse();
		assertThat(call.getPricedAs()).isNull();
	}

	@Test
	void callWhoseResponseNamedNoModelShouldBePricedByTheRequestModelWithoutAFallback() {
		LlmCallObservationContext call = record("gpt-4o", new CallResult(null, null, USAGE, null, null));

		assertThat(call.getPricedModel()).isEqualTo(GPT_4O);
		assertThat(call.isPricingFallback()).isFalse();
	}

	@Test
	void callWhereNeitherModelHasAPriceShouldBeUnpricedWithoutAFallback() {
		LlmCallObservationContext call = record("my-finetune", answeredBy("gateway-route-7"));

		assertThat(call.isPriced()).isFalse();
		assertThat(call.isPricingFallback()).isFalse();
		assertThat(call.getPricedAs()).isNull();
	}

	@Test
	void callShouldBePricedAtThePriceInForceOnTheClocksDay() {
		// the new price: 1000 x 0.30 + 100 x 1.20 = 420 USD per million
		assertThat(costOfARepricedCallEndingAt("2026-03-01T00:30:00Z")).isEqualByComparingTo("0.00042");
	}

	@Test
	void callTheDayBeforeAPriceChangeShouldBePricedAtTheOldPrice() {
		// the old price: 1000 x 0.15 + 100 x 0.60 = 210 USD per million
		assertThat(costOfARepricedCallEndingAt("2026-02-28T23:30:00Z")).isEqualByComparingTo("0.00021");
	}

	@Test
	void blankRequestModelShouldBeUnknown() {
		Observation call = start(recorder(), " ");

		assertThat(contextOf(call).getRequestModel()).isEqualTo("unknown");
	}

	@Test
	void featureCapShouldBeAppliedAtStart() {
		this.featureNames = new FeatureNames(1);
		LlmCallRecorder recorder = recorder();
		recorder.start(Attribution.of("first-feature"), LlmProviders.OPENAI, LlmCallObservationContext.CHAT,
				REQUEST_MODEL, null);

		Observation second = recorder.start(Attribution.of("second-feature"), LlmProviders.OPENAI,
				LlmCallObservationContext.CHAT, REQUEST_MODEL, null);

		assertThat(contextOf(second).getFeature()).isEqualTo(FeatureNames.OTHER);
	}

	@Test
	void modelsPastTheCapShouldBeRecordedAsOtherButPricedByTheirNames() {
		this.modelNames = new ModelNames(1);
		record("gpt-4o", answeredBy("gpt-4o"));

		LlmCallObservationContext call = record("gpt-4o-mini", answeredBy("gpt-4o-mini-2024-07-18"));

		assertThat(call.getRequestModel()).isEqualTo("other");
		assertThat(call.getResponseModel()).isEqualTo("other");
		assertThat(call.getPricedModel()).isEqualTo(GPT_4O_MINI);
		// 1000 x 0.15 + 100 x 0.60 = 210 USD per million
		assertThat(call.getTotalCost()).isEqualByComparingTo("0.00021");
		assertThat(this.modelNames.overflowCount()).as("once per call, not per name").isEqualTo(1);
	}

	@Test
	void longModelNamesShouldBeRecordedCutAndCleanButPricedAsGiven() {
		String alias = "gpt-4o-mini\r\n" + "x".repeat(1_000);
		this.pricer = new CallPricer((provider, model) -> model.equals(alias) ? GPT_4O_MINI : null);

		LlmCallObservationContext call = record(alias, answeredBy(alias));

		String recorded = "gpt-4o-mini__" + "x".repeat(128 - 13);
		assertThat(call.getRequestModel()).isEqualTo(recorded);
		assertThat(call.getResponseModel()).isEqualTo(recorded);
		assertThat(call.getTotalCost()).isEqualByComparingTo("0.00021");
		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.hasSingleObservationThat()
			.hasContextualNameEqualTo("chat " + recorded)
			.hasLowCardinalityKeyValue("gen_ai.request.model", recorded)
			.hasLowCardinalityKeyValue("gen_ai.response.model", recorded);
	}

	@Test
	void errorResultShouldMarkTheObservationWithTheError() {
		IllegalStateException failure = new IllegalStateException("connection reset");

		record(REQUEST_MODEL, CallResult.failed(failure));

		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.hasSingleObservationThat()
			.hasError(failure)
			.hasLowCardinalityKeyValue("error.type", "IllegalStateException")
			.hasBeenStopped();
	}

	@Test
	void failingCatalogShouldNotReachTheCallerAndTheCallShouldStillBeRecorded() {
		this.pricer = new CallPricer(BROKEN_CATALOG);
		LlmCallRecorder recorder = recorder();
		Observation call = start(recorder, REQUEST_MODEL);

		assertThatNoException().isThrownBy(() -> recorder.stop(call, answeredBy(RESPONSE_MODEL)));

		TestObservationRegistryAssert.assertThat(this.observationRegistry).hasSingleObservationThat().hasBeenStopped();
		assertThat(contextOf(call).getUsage()).isEqualTo(USAGE);
		assertThat(contextOf(call).isPriced()).isFalse();
	}

	@Test
	void failingCatalogShouldBeCountedInCostErrors() {
		this.pricer = new CallPricer(BROKEN_CATALOG);

		record(REQUEST_MODEL, answeredBy(RESPONSE_MODEL));

		Counter errors = this.meterRegistry.get("llm.cost.errors").counter();
		assertThat(errors.getId().getTag("exception")).isEqualTo("CatalogUnavailableException");
		assertThat(errors.count()).isEqualTo(1);
	}

	@Test
	void isRecordedWhenAnAncestorIsAnLlmCallShouldBeTrue() {
		LlmCallRecorder recorder = recorder();
		Observation call = start(recorder, REQUEST_MODEL);
		Observation modelCall = Observation.createNotStarted("spring.ai.chat.model", this.observationRegistry)
			.parentObservation(call);

		assertThat(recorder.isRecorded(childOf(modelCall))).isTrue();
	}

	@Test
	void isRecordedWhenNoAncestorIsAnLlmCallShouldBeFalse() {
		Observation request = Observation.createNotStarted("http.server.requests", this.observationRegistry);

		assertThat(recorder().isRecorded(childOf(request))).isFalse();
	}

	@Test
	void isRecordedWhileAModelCallScopeIsOpenShouldBeTrueForAnyContext() {
		LlmCallRecorder recorder = recorder();

		try (ModelCallScope scope = recorder.openModelCall(start(recorder, REQUEST_MODEL))) {
			assertThat(recorder.isRecorded(new Observation.Context())).isTrue();
		}
	}

	@Test
	void isRecordedAfterTheModelCallScopeIsClosedShouldBeFalse() {
		LlmCallRecorder recorder = recorder();
		ModelCallScope scope = recorder.openModelCall(start(recorder, REQUEST_MODEL));

		scope.close();

		assertThat(recorder.isRecorded(new Observation.Context())).isFalse();
	}

	@Test
	void closingANestedModelCallScopeShouldKeepTheOuterOneOpen() {
		LlmCallRecorder recorder = recorder();
		try (ModelCallScope outer = recorder.openModelCall(start(recorder, REQUEST_MODEL))) {
			try (ModelCallScope inner = recorder.openModelCall(start(recorder, REQUEST_MODEL))) {
				assertThat(recorder.isRecorded(new Observation.Context())).isTrue();
			}

			assertThat(recorder.isRecorded(new Observation.Context())).isTrue();
		}
	}

	@Test
	void observeWithShouldRecordNewCallsIntoTheGivenRegistry() {
		LlmCallRecorder recorder = recorder();
		TestObservationRegistry applicationRegistry = TestObservationRegistry.create();

		recorder.observeWith(applicationRegistry);
		recorder.stop(start(recorder, REQUEST_MODEL), answeredBy(RESPONSE_MODEL));

		TestObservationRegistryAssert.assertThat(applicationRegistry)
			.hasNumberOfObservationsWithNameEqualTo("llm.call", 1);
		TestObservationRegistryAssert.assertThat(this.observationRegistry).doesNotHaveAnyObservation();
	}

	private LlmCallRecorder recorder() {
		return new LlmCallRecorder(this.observationRegistry, null, this.featureNames, this.modelNames, this.pricer,
				ReportingCurrency.USD, new CostTrackingFailures(this.meterRegistry), this.clock);
	}

	private LlmCallObservationContext record(String requestModel, CallResult result) {
		LlmCallRecorder recorder = recorder();
		Observation call = start(recorder, requestModel);
		recorder.stop(call, result);
		return contextOf(call);
	}

	private BigDecimal costOfARepricedCallEndingAt(String instant) {
		this.pricer = pricer(repricedOnMarchFirst());
		this.clock = Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
		return record(REQUEST_MODEL, answeredBy(REQUEST_MODEL)).getTotalCost();
	}

	private static Observation start(LlmCallRecorder recorder, @Nullable String requestModel) {
		return recorder.start(Attribution.of(FEATURE), LlmProviders.OPENAI, LlmCallObservationContext.CHAT,
				requestModel, null);
	}

	private static CallResult answeredBy(String responseModel) {
		return new CallResult(responseModel, null, USAGE, null, null);
	}

	private static LlmCallObservationContext contextOf(Observation call) {
		return (LlmCallObservationContext) call.getContext();
	}

	private static Observation.Context childOf(Observation parent) {
		Observation.Context child = new Observation.Context();
		child.setParentObservation(parent);
		return child;
	}

	/**
	 * gpt-4o-mini whose price doubled on 2026-03-01, USD per million tokens: 0.15 input
	 * and 0.60 output before, 0.30 and 1.20 from that day on.
	 */
	private static PricedModel repricedOnMarchFirst() {
		return new PricedModel(REQUEST_MODEL, "openai", PRICE_SOURCE, List.of(
				ModelPrice.of(TokenRates.of(new BigDecimal("0.15"), null, null, null, new BigDecimal("0.60"), null)),
				new ModelPrice(LocalDate.parse("2026-03-01"),
						TokenRates.of(new BigDecimal("0.30"), null, null, null, new BigDecimal("1.20"), null),
						List.of())));
	}

	/**
	 * A price catalog that cannot be read. Without a stack trace: the recorder logs it,
	 * and its frames would only fill the build log.
	 */
	static class CatalogUnavailableException extends RuntimeException {

		CatalogUnavailableException() {
			super("catalog unavailable", null, false, false);
		}

	}

}
