package dev.llmcost.observation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.attribution.AttributionContext;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.PrometheusScrape;
import dev.llmcost.test.PrometheusScrape.Sample;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fixed dimensions such as the environment and the service come from Spring Boot's own
 * properties, nothing of the starter's: {@code management.metrics.tags.*} are common tags
 * of every meter of the registry, {@code management.observations.key-values.*}
 * low-cardinality key values of every observation, so of the {@code llm.call} span, its
 * timer and the meters the starter records from it, but of no meter the starter registers
 * on its own (budgets, prices, catalog loads).
 */
@CostTrackingTest(properties = { "management.metrics.tags.environment=prod",
		"management.observations.key-values.service=checkout", "management.tracing.sampling.probability=1.0" })
@Import(LlmCallTracingTests.InMemorySpans.class)
class FixedDimensionsTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final String FEATURE = "fixed-dimensions";

	/**
	 * The per-call meters of the calls below: the starter records them from the
	 * {@code llm.call} observation.
	 */
	private static final Set<String> PER_CALL = Set.of("llm_call_seconds_count", "llm_tokens_total",
			"llm_cost_usd_total", "llm_call_cost_usd_count", "llm_call_cost_distribution_nanousd_count",
			"llm_unpriced_calls_total", "llm_pricing_fallback_calls_total");

	/**
	 * Meters the starter registers itself, of the application rather than of a call: the
	 * test application has a budget and an external catalog, and prices what it called.
	 */
	private static final Set<String> APPLICATION_WIDE = Set.of("llm_budget_limit_usd", "llm_budget_spent_usd",
			"llm_budget_remaining_usd", "llm_price_usd_per_million_tokens", "llm_pricing_catalog_loads_total");

	@LocalServerPort
	private int port;

	@Autowired
	private SummaryService summaryService;

	@Autowired
	private EmbeddingModel embeddingModel;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@Autowired
	private InMemorySpanExporter exporter;

	@Test
	void commonTagsShouldReachEveryLlmMeterAndObservationKeyValuesThePerCallOnes() throws Exception {
		server.reset();
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Priced.", new Usage(1500, 1024, 250, 0)));
		server.enqueue(Reply.chat("fixed-dimensions-route", "Priced as requested.", new Usage(10, 0, 1, 0)));
		server.enqueue(Reply.chat("fixed-dimensions-model", "Unpriced.", new Usage(10, 0, 1, 0)));
		server.enqueue(Reply.embedding("text-embedding-3-small", 8));
		this.summaryService.summarizeFor(FEATURE, "priced");
		this.summaryService.summarizeFor(FEATURE, "priced as the requested gpt-4o-mini");
		this.summaryService.summarizeFor(FEATURE, "fixed-dimensions-model", "unpriced");
		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of(FEATURE))) {
			this.embeddingModel.embed("document");
		}

		List<Sample> samples = PrometheusScrape.of(this.port).samples();

		List<Sample> llm = samples.stream().filter((sample) -> sample.name().startsWith("llm_")).toList();
		assertThat(llm).extracting(Sample::name).containsAll(PER_CALL).containsAll(APPLICATION_WIDE);
		assertThat(llm)
			.allSatisfy((sample) -> assertThat(sample.labels()).as(sample.name()).containsEntry("environment", "prod"));
		assertThat(llm).filteredOn((sample) -> PER_CALL.contains(sample.name()))
			.allSatisfy((sample) -> assertThat(sample.labels()).as(sample.name()).containsEntry("service", "checkout"));
		assertThat(llm).filteredOn((sample) -> APPLICATION_WIDE.contains(sample.name()))
			.allSatisfy((sample) -> assertThat(sample.labels()).as(sample.name()).doesNotContainKey("service"));
		// Spring AI's own meters come from its observations: they have both.
		assertThat(samples).filteredOn((sample) -> sample.name().startsWith("gen_ai_client_token_usage"))
			.isNotEmpty()
			.allSatisfy((sample) -> assertThat(sample.labels()).containsEntry("environment", "prod")
				.containsEntry("service", "checkout"));
	}

	@Test
	void observationKeyValuesShouldReachTheLlmCallSpanAndCommonTagsShouldNot() {
		server.reset();
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Traced.", new Usage(1500, 1024, 250, 0)));
		assertThat(this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		this.exporter.reset();

		this.summaryService.summarizeFor("fixed-dimensions-span", "traced");

		assertThat(this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		List<Map<String, String>> llmCalls = this.exporter.getFinishedSpanItems()
			.stream()
			.map(FixedDimensionsTests::attributes)
			.filter((attributes) -> attributes.containsKey("llm.pricing.entry"))
			.toList();
		assertThat(llmCalls).singleElement()
			.satisfies((attributes) -> assertThat(attributes).containsEntry("feature", "fixed-dimensions-span")
				.containsEntry("service", "checkout")
				.doesNotContainKey("environment"));
	}

	private static Map<String, String> attributes(SpanData span) {
		Map<String, String> attributes = new HashMap<>();
		span.getAttributes()
			.forEach((AttributeKey<?> key, Object value) -> attributes.put(key.getKey(), Objects.toString(value)));
		return attributes;
	}

}
