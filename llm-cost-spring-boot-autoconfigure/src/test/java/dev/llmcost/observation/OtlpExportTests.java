package dev.llmcost.observation;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.OtlpReceiver;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * What an OpenTelemetry collector receives from an application using the starter with
 * Spring Boot's OTLP metrics registry and OTLP span exporter: a local OTLP/HTTP receiver
 * decodes the protobuf requests and the tests check meter names, data point attributes
 * and values, and the {@code llm.call} span's attributes.
 * <p>
 * Calls, priced from the built-in catalog (USD per million tokens):
 * <ul>
 * <li>twice feature {@code otlp-summary}, gpt-4o-mini answered by
 * {@code gpt-4o-mini-2024-07-18}: 1500 prompt tokens (1024 cached), 250 completion
 * tokens; 476 x 0.15 + 1024 x 0.075 + 250 x 0.60 = 298.2 USD per million = 0.0002982 USD
 * each;</li>
 * <li>once feature {@code otlp-reasoning}, gpt-5 answered by {@code gpt-5-2025-08-07}:
 * 10000 prompt tokens (5000 cached), 2000 completion tokens (1500 reasoning); 5000 x 1.25
 * + 5000 x 0.125 + 500 x 10 + 1500 x 10 = 26875 USD per million = 0.026875 USD.</li>
 * </ul>
 * Metrics are cumulative (Boot's default temporality) and pushed every second; spans are
 * flushed on demand. OTLP export is on for this test's application alone.
 */
@CostTrackingTest(
		properties = { "management.otlp.metrics.export.enabled=true", "management.otlp.metrics.export.step=1s",
				"management.tracing.export.otlp.enabled=true", "management.tracing.sampling.probability=1.0" })
class OtlpExportTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	// Not closed: the application keeps publishing to it until the test JVM ends, and
	// once more when it shuts down.
	private static final OtlpReceiver receiver = OtlpReceiver.start();

	private static final Duration PUBLISHED = Duration.ofSeconds(10);

	@Autowired
	private SdkTracerProvider tracerProvider;

	@DynamicPropertySource
	static void receiver(DynamicPropertyRegistry registry) {
		registry.add("management.otlp.metrics.export.url", receiver::metricsUrl);
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", receiver::tracesUrl);
	}

	@BeforeAll
	static void calls(@Autowired SummaryService summaryService) {
		server.reset();
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "One.", new Usage(1500, 1024, 250, 0)));
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Two.", new Usage(1500, 1024, 250, 0)));
		server.enqueue(Reply.chat("gpt-5-2025-08-07", "Thought about it.", new Usage(10000, 5000, 2000, 1500)));
		summaryService.summarizeFor("otlp-summary", "one");
		summaryService.summarizeFor("otlp-summary", "two");
		summaryService.summarizeFor("otlp-reasoning", "gpt-5", "three");
	}

	@Test
	void tokenCounterShouldArriveAsAMonotonicCumulativeSumPerFeatureBucketAndModel() {
		await().atMost(PUBLISHED).untilAsserted(() -> {
			Metric tokens = latest("llm.tokens");
			assertThat(tokens.getSum().getIsMonotonic()).isTrue();
			assertThat(tokens.getSum().getAggregationTemporality())
				.isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
			// 2 calls x 1024 cached tokens
			assertThat(sumPoint(tokens, "otlp-summary", "cache_read").getAsDouble()).isEqualTo(2048);
			// 2 calls x (1500 - 1024)
			assertThat(sumPoint(tokens, "otlp-summary", "input").getAsDouble()).isEqualTo(952);
			assertThat(sumPoint(tokens, "otlp-reasoning", "reasoning").getAsDouble()).isEqualTo(1500);
		});
		NumberDataPoint point = sumPoint(latest("llm.tokens"), "otlp-summary", "cache_read");
		assertThat(OtlpReceiver.asMap(point.getAttributesList())).containsEntry("gen_ai.provider.name", "openai")
			.containsEntry("gen_ai.operation.name", "chat")
			.containsEntry("gen_ai.request.model", "gpt-4o-mini")
			.containsEntry("gen_ai.response.model", "gpt-4o-mini-2024-07-18");
	}

	@Test
	void costCounterShouldArriveInTheReportingCurrencyPerFeatureBucketAndModel() {
		await().atMost(PUBLISHED).untilAsserted(() -> {
			Metric cost = latest("llm.cost");
			assertThat(cost.getUnit()).isEqualTo("usd");
			// 2 calls x 1024 x 0.075 USD per million
			assertThat(sumPoint(cost, "otlp-summary", "cache_read").getAsDouble()).isCloseTo(0.0001536, within(1e-12));
			// 1500 reasoning tokens x 10 USD per million
			assertThat(sumPoint(cost, "otlp-reasoning", "reasoning").getAsDouble()).isCloseTo(0.015, within(1e-12));
		});
	}

	@Test
	void callTimerAndCallCostShouldArriveAsHistogramsPerFeatureAndModel() {
		await().atMost(PUBLISHED).untilAsserted(() -> {
			HistogramDataPoint calls = histogramPoint(latest("llm.call"), "otlp-summary");
			assertThat(calls.getCount()).isEqualTo(2);
			assertThat(OtlpReceiver.asMap(calls.getAttributesList())).containsEntry("gen_ai.response.model",
					"gpt-4o-mini-2024-07-18");
			HistogramDataPoint callCost = histogramPoint(latest("llm.call.cost"), "otlp-summary");
			assertThat(callCost.getCount()).isEqualTo(2);
			// 2 x 0.0002982 USD
			assertThat(callCost.getSum()).isCloseTo(0.0005964, within(1e-12));
		});
		assertThat(latest("llm.call").getUnit()).isEqualTo("milliseconds");
		assertThat(latest("llm.call.cost").getUnit()).isEqualTo("usd");
	}

	@Test
	void callCostDistributionShouldArriveAsAHistogramWithItsNanoUsdBounds() {
		await().atMost(PUBLISHED).untilAsserted(() -> {
			HistogramDataPoint callCost = histogramPoint(latest("llm.call.cost.distribution"), "otlp-summary");
			assertThat(callCost.getExplicitBoundsList()).containsExactly(1e3, 2.5e3, 5e3, 1e4, 2.5e4, 5e4, 1e5, 2.5e5,
					5e5, 1e6, 2.5e6, 5e6, 1e7, 2.5e7, 5e7, 1e8, 2.5e8, 5e8, 1e9, 2.5e9, 5e9, 1e10);
			// 2 x 298,200 nano-USD, both in (250000, 500000], the ninth bucket
			assertThat(callCost.getBucketCountsList()).containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 2L, 0L, 0L, 0L,
					0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
			assertThat(callCost.getSum()).isEqualTo(596_400);
		});
		assertThat(latest("llm.call.cost.distribution").getUnit()).isEqualTo("nanousd");
	}

	@Test
	void llmCallSpanShouldArriveNamedAfterTheOperationAndModelWithTheUsageAndCostOfItsCall() {
		assertThat(this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

		Span llmCall = llmCallSpan("otlp-reasoning");
		assertThat(llmCall.getName()).isEqualTo("chat gpt-5");
		Map<String, String> attributes = OtlpReceiver.asMap(llmCall.getAttributesList());
		assertThat(attributes).containsEntry("gen_ai.provider.name", "openai")
			.containsEntry("gen_ai.request.model", "gpt-5")
			.containsEntry("gen_ai.response.model", "gpt-5-2025-08-07")
			.containsEntry("gen_ai.usage.input_tokens", "10000")
			.containsEntry("gen_ai.usage.output_tokens", "2000")
			.containsEntry("gen_ai.usage.cache_read.input_tokens", "5000")
			.containsEntry("gen_ai.usage.reasoning.output_tokens", "1500")
			.containsEntry("gen_ai.usage.cost.currency", "USD")
			.containsEntry("gen_ai.usage.cost.source", "local")
			.containsEntry("llm.pricing.entry", "gpt-5");
		// 5000 x 1.25 + 5000 x 0.125 + 500 x 10 + 1500 x 10 = 26875 USD per million
		assertThat(new BigDecimal(attributes.get("gen_ai.usage.cost.amount"))).isEqualByComparingTo("0.026875");
		assertThat(receiver.rejected()).isEmpty();
	}

	/**
	 * The {@code llm.call} span of a feature: only it says which catalog entry priced the
	 * call (Spring AI's model span has the same name).
	 */
	private static Span llmCallSpan(String feature) {
		Predicate<Map<String, String>> llmCall = (attributes) -> feature.equals(attributes.get("feature"))
				&& attributes.containsKey("llm.pricing.entry");
		return receiver.spans()
			.stream()
			.filter((span) -> llmCall.test(OtlpReceiver.asMap(span.getAttributesList())))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No llm.call span of " + feature + " in " + receiver.spans()));
	}

	/**
	 * The metric as last published: values are cumulative, so the latest wins.
	 */
	private static Metric latest(String name) {
		List<Metric> metrics = receiver.metrics();
		for (int i = metrics.size() - 1; i >= 0; i--) {
			if (metrics.get(i).getName().equals(name)) {
				return metrics.get(i);
			}
		}
		throw new AssertionError("No metric " + name + " received");
	}

	private static NumberDataPoint sumPoint(Metric metric, String feature, String tokenType) {
		Predicate<Map<String, String>> series = (attributes) -> feature.equals(attributes.get("feature"))
				&& tokenType.equals(attributes.get("llm.token.type"));
		return metric.getSum()
			.getDataPointsList()
			.stream()
			.filter((point) -> series.test(OtlpReceiver.asMap(point.getAttributesList())))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + feature + "/" + tokenType + " point in " + metric));
	}

	private static HistogramDataPoint histogramPoint(Metric metric, String feature) {
		return metric.getHistogram()
			.getDataPointsList()
			.stream()
			.filter((point) -> feature.equals(OtlpReceiver.asMap(point.getAttributesList()).get("feature")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + feature + " point in " + metric));
	}

}
