package dev.llmcost.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.llmcost.pricing.CallPricer.PricedCall;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.llmcost.observation.TestLlmCalls.EUR;
import static dev.llmcost.observation.TestLlmCalls.FEATURE;
import static dev.llmcost.observation.TestLlmCalls.GPT_4O_MINI;
import static dev.llmcost.observation.TestLlmCalls.REQUEST_MODEL;
import static dev.llmcost.observation.TestLlmCalls.RESPONSE_MODEL;
import static dev.llmcost.observation.TestLlmCalls.chatCall;
import static dev.llmcost.observation.TestLlmCalls.pricedCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Unit tests for {@link LlmCallMeterObservationHandler}.
 * <p>
 * Unless a test says otherwise, a call uses 1000 input, 4000 cache-read and 100 output
 * tokens (no cache writes, no reasoning) of gpt-4o-mini at the test prices of
 * {@link TestLlmCalls#GPT_4O_MINI}, USD per million tokens: input 1000 x 0.15 = 150,
 * cache read 4000 x 0.075 = 300, output 100 x 0.60 = 60; 510 in all, 0.00051 USD.
 */
class LlmCallMeterObservationHandlerTests {

	private static final TokenUsage USAGE = new TokenUsage(1000, 4000, 0, 100, 0);

	private static final Tags CALL_TAGS = Tags.of("feature", FEATURE, "gen_ai.provider.name", "openai",
			"gen_ai.operation.name", "chat", "gen_ai.request.model", REQUEST_MODEL, "gen_ai.response.model",
			RESPONSE_MODEL);

	private static final String[] CALL_TAG_KEYS = { "feature", "gen_ai.provider.name", "gen_ai.operation.name",
			"gen_ai.request.model", "gen_ai.response.model" };

	private static final String[] BUCKET_TAG_KEYS = { "feature", "gen_ai.provider.name", "gen_ai.operation.name",
			"gen_ai.request.model", "gen_ai.response.model", "llm.token.type" };

	private final MeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final ObservationRegistry observationRegistry = ObservationRegistry.create();

	@BeforeEach
	void setUp() {
		this.observationRegistry.observationConfig()
			.observationHandler(new LlmCallMeterObservationHandler(this.meterRegistry));
	}

	@Test
	void tokensShouldBeCountedPerBucketWithTheCallTags() {
		observe(pricedCall(USAGE, ReportingCurrency.USD));

		assertThat(tokens("input")).isEqualTo(1000);
		assertThat(tokens("cache_read")).isEqualTo(4000);
		assertThat(tokens("output")).isEqualTo(100);
	}

	@Test
	void tokenAndCostMetersShouldHaveTheCallTagsAndTheTokenTypeButNoErrorType() {
		observe(pricedCall(USAGE, ReportingCurrency.USD));

		assertThat(this.meterRegistry.get("llm.tokens").meters()).hasSize(5)
			.allSatisfy((meter) -> assertThat(tagKeys(meter)).containsExactlyInAnyOrder(BUCKET_TAG_KEYS));
		assertThat(this.meterRegistry.get("llm.cost").meters()).hasSize(5)
			.allSatisfy((meter) -> assertThat(tagKeys(meter)).containsExactlyInAnyOrder(BUCKET_TAG_KEYS));
	}

	@Test
	void perCallMetersShouldHaveTheCallTagsButNoErrorType() {
		LlmCallObservationContext context = chatCall(ReportingCurrency.USD);
		context.setResponseModel("my-finetune");
		context.setTimeToFirstChunk(Duration.ofMillis(250));
		observe(context);

		assertThat(List.of("llm.call.cost", "llm.unpriced.calls", "llm.call.time_to_first_chunk"))
			.allSatisfy((name) -> assertThat(this.meterRegistry.get(name).meters()).singleElement()
				.satisfies((meter) -> assertThat(tagKeys(meter)).containsExactlyInAnyOrder(CALL_TAG_KEYS)));
	}

	@Test
	void responseModelTagWhenTheResponseNamedNoModelShouldBeUnknown() {
		LlmCallObservationContext context = pricedCall(USAGE, ReportingCurrency.USD);
		context.setResponseModel(null);
		observe(context);

		assertThat(count("llm.tokens", CALL_TAGS.and("gen_ai.response.model", "unknown", "llm.token.type", "input")))
			.isEqualTo(1000);
	}

	@Test
	void costShouldBeCountedPerBucketInTheReportingCurrency() {
		observe(pricedCall(USAGE, EUR));

		// At 0.9 EUR per USD: input 0.00015 USD = 0.000135 EUR, cache read 0.0003 USD =
		// 0.00027 EUR, output 0.00006 USD = 0.000054 EUR.
		assertThat(cost("input")).isEqualTo(0.000135);
		assertThat(cost("cache_read")).isEqualTo(0.00027);
		assertThat(cost("output")).isEqualTo(0.000054);
		assertThat(this.meterRegistry.get("llm.cost").meters())
			.allSatisfy((meter) -> assertThat(meter.getId().getBaseUnit()).isEqualTo("eur"));
	}

	@Test
	void callCostShouldRecordOneSamplePerCallWithItsTotalInTheReportingCurrency() {
		observe(pricedCall(USAGE, EUR));

		DistributionSummary callCost = this.meterRegistry.get("llm.call.cost").tags(CALL_TAGS).summary();
		// 0.00051 USD x 0.9 EUR per USD = 0.000459 EUR
		assertThat(callCost.count()).isEqualTo(1);
		assertThat(callCost.totalAmount()).isEqualTo(0.000459);
		assertThat(callCost.getId().getBaseUnit()).isEqualTo("eur");
	}

	@Test
	void unpricedCallShouldBeCountedAsUnpriced() {
		LlmCallObservationContext context = chatCall(ReportingCurrency.USD);
		context.setResponseModel("my-finetune");
		context.setUsage(USAGE);
		observe(context);

		assertThat(count("llm.unpriced.calls", CALL_TAGS.and("gen_ai.response.model", "my-finetune"))).isEqualTo(1);
	}

	@Test
	void callPricedAsTheRequestedModelShouldBeCountedAsAFallbackTaggedWithBothModels() {
		LlmCallObservationContext context = chatCall(ReportingCurrency.USD);
		context.setResponseModel("gateway-route-7");
		context.setUsage(USAGE);
		context.setPricing(new PricedCall(GPT_4O_MINI, GPT_4O_MINI.latest().costOf(USAGE), true));
		observe(context);

		assertThat(this.meterRegistry.get("llm.pricing.fallback.calls").meters()).singleElement()
			.satisfies((meter) -> assertThat(tagKeys(meter)).containsExactlyInAnyOrder(CALL_TAG_KEYS));
		assertThat(count("llm.pricing.fallback.calls", CALL_TAGS.and("gen_ai.response.model", "gateway-route-7")))
			.isEqualTo(1);
		assertThat(this.meterRegistry.find("llm.unpriced.calls").meters()).isEmpty();
	}

	@Test
	void unpricedCallShouldNotBeCountedAsAFallback() {
		LlmCallObservationContext context = chatCall(ReportingCurrency.USD);
		context.setResponseModel("my-finetune");
		observe(context);

		assertThat(this.meterRegistry.find("llm.pricing.fallback.calls").meters()).isEmpty();
	}

	@Test
	void streamShouldRecordTheTimeToItsFirstChunk() {
		LlmCallObservationContext context = pricedCall(USAGE, ReportingCurrency.USD);
		context.setTimeToFirstChunk(Duration.ofMillis(250));
		observe(context);

		Timer timeToFirstChunk = this.meterRegistry.get("llm.call.time_to_first_chunk").tags(CALL_TAGS).timer();
		assertThat(timeToFirstChunk.count()).isEqualTo(1);
		assertThat(timeToFirstChunk.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
	}

	@Test
	void pricedCallThatIsNotAStreamShouldRegisterNeitherUnpricedCallsNorTimeToFirstChunk() {
		observe(pricedCall(USAGE, ReportingCurrency.USD));

		assertThat(this.meterRegistry.getMeters()).extracting((meter) -> meter.getId().getName())
			.contains("llm.tokens")
			.doesNotContain("llm.unpriced.calls", "llm.pricing.fallback.calls", "llm.call.time_to_first_chunk");
	}

	@Test
	void everyBucketShouldBeRegisteredAtTheFirstCallEvenWhenEmpty() {
		observe(pricedCall(USAGE, ReportingCurrency.USD));

		assertThat(tokenTypes("llm.tokens")).containsExactlyInAnyOrder("input", "cache_read", "cache_write", "output",
				"reasoning");
		assertThat(tokenTypes("llm.cost")).containsExactlyInAnyOrder("input", "cache_read", "cache_write", "output",
				"reasoning");
	}

	@Test
	void emptyBucketsShouldNotMove() {
		observe(pricedCall(USAGE, ReportingCurrency.USD));

		assertThat(tokens("cache_write")).isZero();
		assertThat(tokens("reasoning")).isZero();
		assertThat(cost("cache_write")).isZero();
		assertThat(cost("reasoning")).isZero();
	}

	@Test
	void failedCallShouldStillCountItsTokensAndCost() {
		LlmCallObservationContext context = pricedCall(USAGE, ReportingCurrency.USD);
		Observation.createNotStarted(new DefaultLlmCallObservationConvention(), () -> context, this.observationRegistry)
			.start()
			.error(new IllegalStateException("provider answered 500"))
			.stop();

		assertThat(tokens("output")).isEqualTo(100);
		// output 100 x 0.60 USD per million = 0.00006 USD
		assertThat(cost("output")).isEqualTo(0.00006);
	}

	@Test
	void callsWithTheSameTagsShouldAccumulateOnTheSameMeters() {
		observe(pricedCall(USAGE, ReportingCurrency.USD));
		observe(pricedCall(new TokenUsage(500, 0, 0, 20, 0), ReportingCurrency.USD));

		assertThat(this.meterRegistry.get("llm.tokens").tag("llm.token.type", "input").counters()).hasSize(1);
		assertThat(tokens("input")).isEqualTo(1500);
		assertThat(tokens("output")).isEqualTo(120);
		DistributionSummary callCost = this.meterRegistry.get("llm.call.cost").tags(CALL_TAGS).summary();
		assertThat(callCost.count()).isEqualTo(2);
		// 510 + (500 x 0.15 + 20 x 0.60 = 75 + 12 = 87) = 597 USD per million
		assertThat(callCost.totalAmount()).isCloseTo(0.000597, within(1e-15));
	}

	private void observe(LlmCallObservationContext context) {
		Observation.createNotStarted(new DefaultLlmCallObservationConvention(), () -> context, this.observationRegistry)
			.start()
			.stop();
	}

	private double tokens(String tokenType) {
		return count("llm.tokens", CALL_TAGS.and("llm.token.type", tokenType));
	}

	private double cost(String tokenType) {
		return count("llm.cost", CALL_TAGS.and("llm.token.type", tokenType));
	}

	private double count(String counter, Tags tags) {
		return this.meterRegistry.get(counter).tags(tags).counter().count();
	}

	private List<String> tokenTypes(String name) {
		return this.meterRegistry.get(name)
			.meters()
			.stream()
			.map((meter) -> meter.getId().getTag("llm.token.type"))
			.toList();
	}

	private static List<String> tagKeys(Meter meter) {
		return meter.getId().getTags().stream().map(Tag::getKey).toList();
	}

}
