package dev.llmcost.observation;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.observation.LlmCallRecorder.CallResult;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.PricedModel;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.pricing.TokenRates;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.PropertiesMeterFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code llm.call.cost.distribution}, registered and recorded by
 * {@link LlmCallMeterObservationHandler}: the cost of each call in billionths of the
 * reporting currency, in buckets from 1,000 to 10,000,000,000 (0.000001 to 10 units).
 * <p>
 * Prices (USD per million tokens): gpt-4o-mini 0.15 input, 0.60 output. Micrometer's
 * bucket counts are cumulative: a bucket counts every call at or below its boundary, as
 * Prometheus' {@code le} does.
 */
class LlmCallCostDistributionTests {

	private static final PricedModel GPT_4O_MINI = PricedModel.of("gpt-4o-mini", "openai", "test",
			TokenRates.of(new BigDecimal("0.15"), null, null, null, new BigDecimal("0.60"), null));

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	@Test
	void costOfACallShouldBeCountedInNanoUsdInTheFirstBucketAtOrAboveIt() {
		LlmCallRecorder recorder = recorder(ReportingCurrency.USD);

		// 1000 x 0.15 + 100 x 0.60 = 210 USD per million: 0.00021 USD = 210,000 nano-USD
		call(recorder, "summary", "gpt-4o-mini-2024-07-18", new TokenUsage(1000, 0, 0, 100, 0));

		DistributionSummary distribution = distribution("summary");
		assertThat(distribution.getId().getBaseUnit()).isEqualTo("nanousd");
		assertThat(distribution.count()).isEqualTo(1);
		assertThat(distribution.totalAmount()).isEqualTo(210_000);
		assertThat(distribution.max()).isEqualTo(210_000);
		assertThat(bucketCounts(distribution)).containsExactlyEntriesOf(
				buckets(0, 0, 0, 0, 0, 0, 0, /* le=250000 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1));
	}

	@Test
	void callCostShouldKeepItsUnitAndHaveNoBuckets() {
		LlmCallRecorder recorder = recorder(ReportingCurrency.USD);

		call(recorder, "unchanged", "gpt-4o-mini-2024-07-18", new TokenUsage(1000, 0, 0, 100, 0));

		DistributionSummary callCost = this.meterRegistry.get("llm.call.cost").tag("feature", "unchanged").summary();
		assertThat(callCost.getId().getBaseUnit()).isEqualTo("usd");
		assertThat(callCost.totalAmount()).isEqualTo(0.00021);
		assertThat(callCost.takeSnapshot().histogramCounts()).isEmpty();
		assertThat(distribution("unchanged").getId().getTags()).isEqualTo(callCost.getId().getTags());
	}

	@Test
	void bucketsShouldSpreadCallsOfDifferentCost() {
		LlmCallRecorder recorder = recorder(ReportingCurrency.USD);

		// 9 calls of 0.00021 USD (210,000 nano-USD) and one of 40000 x 0.15 + 2000 x 0.60
		// = 7200 USD per million, 0.0072 USD (7,200,000 nano-USD, above le=5000000)
		for (int i = 0; i < 9; i++) {
			call(recorder, "mixed", "gpt-4o-mini-2024-07-18", new TokenUsage(1000, 0, 0, 100, 0));
		}
		call(recorder, "mixed", "gpt-4o-mini-2024-07-18", new TokenUsage(40_000, 0, 0, 2000, 0));

		DistributionSummary distribution = distribution("mixed");
		assertThat(distribution.count()).isEqualTo(10);
		assertThat(distribution.totalAmount()).isEqualTo(9 * 210_000 + 7_200_000);
		assertThat(bucketCounts(distribution)).containsExactlyEntriesOf(buckets(0, 0, 0, 0, 0, 0, 0,
				/* le=250000 */ 9, 9, 9, 9, 9, /* le=1e7 */ 10, 10, 10, 10, 10, 10, 10, 10, 10, 10));
	}

	@Test
	void reportingInEurShouldCountNanoEurAtTheExchangeRate() {
		LlmCallRecorder recorder = recorder(new ReportingCurrency(Currency.getInstance("EUR"), new BigDecimal("0.9")));

		// 1000 x 0.15 + 200 x 0.60 = 270 USD per million: 0.00027 USD, le=500000 in USD;
		// at 0.9 EUR per USD 0.000243 EUR = 243,000 nano-EUR, le=250000
		call(recorder, "in-eur", "gpt-4o-mini-2024-07-18", new TokenUsage(1000, 0, 0, 200, 0));

		DistributionSummary distribution = distribution("in-eur");
		assertThat(distribution.getId().getBaseUnit()).isEqualTo("nanoeur");
		assertThat(distribution.totalAmount()).isEqualTo(243_000);
		assertThat(bucketCounts(distribution)).containsExactlyEntriesOf(
				buckets(0, 0, 0, 0, 0, 0, 0, /* le=250000 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1));
	}

	@Test
	void callAboveTenDollarsShouldCountOnlyInTheTotal() {
		LlmCallRecorder recorder = recorder(ReportingCurrency.USD);

		// 20,000,000 x 0.60 per million = 12 USD = 12,000,000,000 nano-USD, above the
		// last bound: Prometheus shows it in le="+Inf", which is the count
		call(recorder, "agent-loop", "gpt-4o-mini-2024-07-18", new TokenUsage(0, 0, 0, 20_000_000, 0));

		DistributionSummary distribution = distribution("agent-loop");
		assertThat(distribution.count()).isEqualTo(1);
		assertThat(distribution.totalAmount()).isEqualTo(12_000_000_000.0);
		assertThat(bucketCounts(distribution))
			.containsExactlyEntriesOf(buckets(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	}

	@Test
	void callThatCostNothingShouldCountInTheLowestBucket() {
		LlmCallRecorder recorder = recorder(ReportingCurrency.USD);

		// A model without a price: recorded at 0
		call(recorder, "unpriced", "mystery-model", new TokenUsage(1000, 0, 0, 100, 0));

		DistributionSummary distribution = distribution("unpriced");
		assertThat(distribution.count()).isEqualTo(1);
		assertThat(distribution.totalAmount()).isZero();
		assertThat(bucketCounts(distribution))
			.containsExactlyEntriesOf(buckets(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1));
	}

	@Test
	void distributionShouldBeDroppedByItsEnablePropertyAlone() {
		callWithMeterDisabled("llm.call.cost.distribution", "dropped");

		assertThat(this.meterRegistry.find("llm.call.cost.distribution").meters()).isEmpty();
		assertThat(this.meterRegistry.get("llm.call.cost").tag("feature", "dropped").summary().count()).isEqualTo(1);
	}

	@Test
	void enablePropertyOfCallCostShouldDropBothCostMeters() {
		// Boot matches management.metrics.enable.* keys by name prefix
		callWithMeterDisabled("llm.call.cost", "both-dropped");

		assertThat(this.meterRegistry.find("llm.call.cost.distribution").meters()).isEmpty();
		assertThat(this.meterRegistry.find("llm.call.cost").meters()).isEmpty();
		assertThat(this.meterRegistry.find("llm.tokens").meters()).isNotEmpty();
	}

	@Test
	void percentilesHistogramForLlmCallShouldAddMicrometersDefaultBucketsToTheDistribution() {
		// management.metrics.distribution.percentiles-histogram.llm.call=true, as for the
		// buckets of the llm.call timer, reaches llm.call.cost.distribution by prefix
		MetricsProperties properties = new MetricsProperties();
		properties.getDistribution().getPercentilesHistogram().put("llm.call", true);

		// Micrometer's default buckets of a summary join the 22: 298 with +Inf, not 23
		assertThat(bucketSeriesInPrometheus(properties)).isEqualTo(298);
	}

	@Test
	void ownPercentilesHistogramKeyShouldKeepTheDistributionToItsBuckets() {
		MetricsProperties properties = new MetricsProperties();
		properties.getDistribution().getPercentilesHistogram().put("llm.call", true);
		properties.getDistribution().getPercentilesHistogram().put("llm.call.cost.distribution", false);

		assertThat(bucketSeriesInPrometheus(properties)).isEqualTo(23);
	}

	/**
	 * Record a call through Spring Boot's meter filter with
	 * {@code management.metrics.enable.<name>=false}.
	 */
	private void callWithMeterDisabled(String name, String feature) {
		MetricsProperties properties = new MetricsProperties();
		properties.getEnable().put(name, false);
		this.meterRegistry.config().meterFilter(new PropertiesMeterFilter(properties));
		call(recorder(ReportingCurrency.USD), feature, "gpt-4o-mini-2024-07-18", new TokenUsage(1000, 0, 0, 100, 0));
	}

	private long bucketSeriesInPrometheus(MetricsProperties properties) {
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		prometheus.config().meterFilter(new PropertiesMeterFilter(properties));
		call(recorder(prometheus, ReportingCurrency.USD), "summary", "gpt-4o-mini-2024-07-18",
				new TokenUsage(1000, 0, 0, 100, 0));
		return prometheus.scrape()
			.lines()
			.filter((line) -> line.startsWith("llm_call_cost_distribution_nanousd_bucket{"))
			.count();
	}

	private LlmCallRecorder recorder(ReportingCurrency currency) {
		return recorder(this.meterRegistry, currency);
	}

	private static LlmCallRecorder recorder(MeterRegistry meterRegistry, ReportingCurrency currency) {
		ObservationRegistry observationRegistry = ObservationRegistry.create();
		observationRegistry.observationConfig().observationHandler(new LlmCallMeterObservationHandler(meterRegistry));
		CallPricer pricer = new CallPricer((provider, model) -> model.startsWith("gpt-4o-mini") ? GPT_4O_MINI : null);
		return new LlmCallRecorder(observationRegistry, null, new FeatureNames(100), new ModelNames(100), pricer,
				currency, new CostTrackingFailures(null), Clock.systemUTC());
	}

	private static void call(LlmCallRecorder recorder, String feature, String model, TokenUsage usage) {
		Observation call = recorder.start(Attribution.of(feature), LlmProviders.OPENAI, LlmCallObservationContext.CHAT,
				model, null);
		recorder.stop(call, new CallResult(model, "chatcmpl-1", usage, null, null));
	}

	private DistributionSummary distribution(String feature) {
		return this.meterRegistry.get("llm.call.cost.distribution").tag("feature", feature).summary();
	}

	private static Map<Double, Double> bucketCounts(DistributionSummary distribution) {
		Map<Double, Double> counts = new LinkedHashMap<>();
		for (CountAtBucket bucket : distribution.takeSnapshot().histogramCounts()) {
			counts.put(bucket.bucket(), bucket.count());
		}
		return counts;
	}

	/**
	 * The expected count of every bucket, lowest first: 1,000, 2,500, 5,000, 10,000, ...
	 * 10,000,000,000 nano-units.
	 */
	private static Map<Double, Double> buckets(double... counts) {
		double[] boundaries = { 1e3, 2.5e3, 5e3, 1e4, 2.5e4, 5e4, 1e5, 2.5e5, 5e5, 1e6, 2.5e6, 5e6, 1e7, 2.5e7, 5e7,
				1e8, 2.5e8, 5e8, 1e9, 2.5e9, 5e9, 1e10 };
		assertThat(counts).hasSameSizeAs(boundaries);
		Map<Double, Double> expected = new LinkedHashMap<>();
		for (int i = 0; i < boundaries.length; i++) {
			expected.put(boundaries[i], counts[i]);
		}
		return expected;
	}

}
