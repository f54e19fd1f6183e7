package dev.llmcost.actuate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.llmcost.test.CostTestApplication.DirectModelService;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.test.RealPrometheus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * A real Prometheus server scrapes {@code /actuator/prometheus} (in the format it
 * negotiates, OpenMetrics) and computes the cost of a call, its average, largest and
 * percentiles, from what it stored. CI installs it (Debian package {@code prometheus});
 * elsewhere the test is skipped when it is missing.
 * <p>
 * Exemplars are off in the test application: Prometheus before 2.43 (Debian 12 ships
 * 2.42) rejects the whole scrape when the {@code _count} of a summary carries an exemplar
 * ("metric name gen_ai_client_operation_seconds_count does not support exemplars"), and
 * Spring Boot adds exemplars to every timer and distribution summary when tracing is on,
 * as it is in this application.
 * <p>
 * Prices (USD per million tokens, built-in catalog): gpt-4o-mini 0.15 input / 0.075
 * cached / 0.60 output; gpt-5-mini 0.25 / 0.025 / 2; o4-mini 1.10 / 0.275 / 4.40;
 * gpt-4.1-nano 0.10 / 0.025 / 0.40; text-embedding-3-small 0.02 input.
 */
@CostTrackingTest
class RealPrometheusScrapeTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final String AVERAGE = "real-prometheus";

	private static final String PERCENTILES = "real-prometheus-p99";

	private static final String REPRICING = "real-prometheus-repricing";

	/**
	 * The chat models of the demo application, as the provider names them in responses.
	 */
	private static final List<String> DEMO_CHAT_MODELS = List.of("gpt-4o-mini-2024-07-18", "gpt-5-mini-2025-08-07",
			"o4-mini-2025-04-16", "gpt-4.1-nano-2025-04-14");

	/**
	 * The demo's embedding model; embeddings are recorded under feature document-index.
	 */
	private static final String DEMO_EMBEDDING_MODEL = "text-embedding-3-small";

	/**
	 * Cost recomputed from tokens and the {@code llm.price} gauges, per response model,
	 * as the shipped rules compute it: the gauges aggregated over instances first.
	 */
	private static final String RECOMPUTED = """
			sum by (gen_ai_response_model) (
			    llm_tokens_total{%1$s}
			  * on (gen_ai_provider_name, gen_ai_response_model, llm_token_type) group_left
			    max by (gen_ai_provider_name, gen_ai_response_model, llm_token_type) (llm_price_usd_per_million_tokens)
			) / 1e6""";

	/**
	 * One server for the class: it takes seconds to start and scrape, and both tests read
	 * what it scraped after the calls of both.
	 */
	private static RealPrometheus prometheus;

	@BeforeAll
	static void callThenScrape(@Autowired SummaryService summaryService, @Autowired DirectModelService direct,
			@Autowired Environment environment) throws Exception {
		callNineCheapAndOneDearer(summaryService, AVERAGE);
		callNineCheapAndOneDearer(summaryService, PERCENTILES);
		callTheDemoModels(summaryService, direct);
		prometheus = RealPrometheus.scraping(environment.getRequiredProperty("local.server.port", Integer.class));
	}

	@AfterAll
	static void stopPrometheus() throws Exception {
		if (prometheus != null) {
			prometheus.close();
		}
	}

	@Test
	void realPrometheusShouldComputeTheAverageAndLargestCostOfACallOfAFeature() throws Exception {
		String selector = "{feature=\"" + AVERAGE + "\"}";
		assertThat(prometheus.query("sum(llm_call_cost_usd_count" + selector + ")")).isEqualTo(10);
		// (9 x 0.00021 + 0.0072) / 10
		assertThat(prometheus
			.query("sum(llm_call_cost_usd_sum" + selector + ") / sum(llm_call_cost_usd_count" + selector + ")"))
			.isCloseTo(0.000909, within(1e-12));
		assertThat(prometheus.query("max(llm_call_cost_usd_max" + selector + ")")).isEqualTo(0.0072);
		// Micrometer rounds every value up to a whole unit before it counts it in a
		// bucket: buckets in USD would hold every call under 1 USD in le="1.0", so
		// llm.call.cost has none (llm.call.cost.distribution has them, in nano-USD).
		assertThat(prometheus.vector("llm_call_cost_usd_bucket" + selector)).isEmpty();
	}

	@Test
	void realPrometheusShouldComputeThePercentilesOfTheCostOfACallFromTheNanoUsdBuckets() throws Exception {
		String matcher = "feature=\"" + PERCENTILES + "\"";
		String selector = "{" + matcher + "}";
		// 210,000 and 7,200,000 nano-USD
		assertThat(prometheus.query("sum(llm_call_cost_distribution_nanousd_count" + selector + ")")).isEqualTo(10);
		assertThat(prometheus.query("sum(llm_call_cost_distribution_nanousd_sum" + selector + ")"))
			.isEqualTo(9 * 210_000 + 7_200_000);
		assertThat(prometheus.query("max(llm_call_cost_distribution_nanousd_max" + selector + ")"))
			.isEqualTo(7_200_000);
		// The le values as Prometheus stored them: Java's notation, with an exponent
		// from 10 million up
		assertThat(leValues(prometheus, selector)).containsExactly("1000.0", "2500.0", "5000.0", "10000.0", "25000.0",
				"50000.0", "100000.0", "250000.0", "500000.0", "1000000.0", "2500000.0", "5000000.0", "1.0E7", "2.5E7",
				"5.0E7", "1.0E8", "2.5E8", "5.0E8", "1.0E9", "2.5E9", "5.0E9", "1.0E10", "+Inf");
		// Series per tag set: 23 buckets, _count, _sum, _max
		assertThat(prometheus.query("count({__name__=~\"llm_call_cost_distribution_nanousd_.*\"," + matcher + "})"))
			.isEqualTo(26);
		// Cumulative counts: 0 up to le="100000.0", 9 from le="250000.0", 10 from
		// le="1.0E7".
		String buckets = "sum by (le) (llm_call_cost_distribution_nanousd_bucket" + selector + ")";
		// p99: rank 0.99 x 10 = 9.9 falls in (5e6, 1e7], which holds call 10 alone:
		// 5e6 + (1e7 - 5e6) x (9.9 - 9) / (10 - 9) = 9,500,000 nano-USD = 0.0095 USD
		// (that call cost 0.0072)
		assertThat(prometheus.query("histogram_quantile(0.99, " + buckets + ") / 1e9"))
			.isCloseTo((5e6 + (1e7 - 5e6) * (9.9 - 9) / (10 - 9)) / 1e9, within(1e-15));
		// p50: rank 0.5 x 10 = 5 falls in (1e5, 2.5e5], which holds calls 1 to 9:
		// 1e5 + (2.5e5 - 1e5) x 5 / 9 = 183,333.3 nano-USD (they cost 210,000)
		assertThat(prometheus.query("histogram_quantile(0.5, " + buckets + ") / 1e9"))
			.isCloseTo((1e5 + (2.5e5 - 1e5) * 5 / 9) / 1e9, within(1e-15));
	}

	@Test
	void priceGaugesShouldHoldTheCatalogsPricesOfTheModelsCalled() throws Exception {
		// Built-in catalog, USD per million tokens; cache writes at the input price and
		// reasoning at the output price where it publishes none.
		assertThat(price("gpt-5-mini-2025-08-07", "input")).isEqualTo(0.25);
		assertThat(price("gpt-5-mini-2025-08-07", "cache_read")).isEqualTo(0.025);
		assertThat(price("gpt-5-mini-2025-08-07", "cache_write")).isEqualTo(0.25);
		assertThat(price("gpt-5-mini-2025-08-07", "output")).isEqualTo(2);
		assertThat(price("gpt-5-mini-2025-08-07", "reasoning")).isEqualTo(2);
		assertThat(price("o4-mini-2025-04-16", "cache_read")).isEqualTo(0.275);
		assertThat(price("gpt-4.1-nano-2025-04-14", "output")).isEqualTo(0.4);
		assertThat(price("gpt-4o-mini-2024-07-18", "input")).isEqualTo(0.15);
		assertThat(price(DEMO_EMBEDDING_MODEL, "input")).isEqualTo(0.02);
	}

	@Test
	void costRecomputedFromTokensAndPriceGaugesShouldEqualTheRecordedCostForEveryDemoModel() throws Exception {
		String selector = "feature=~\"" + REPRICING + "|document-index\"";
		Map<String, Double> recomputed = byModel(prometheus.vector(RECOMPUTED.formatted(selector)));
		Map<String, Double> recorded = byModel(
				prometheus.vector("sum by (gen_ai_response_model) (llm_cost_usd_total{" + selector + "})"));

		assertThat(recomputed.keySet()).containsAll(DEMO_CHAT_MODELS).contains(DEMO_EMBEDDING_MODEL);
		assertThat(recomputed.keySet()).isEqualTo(recorded.keySet());
		// gpt-5-mini: 1200 x 0.25 + 800 x 0.025 + 150 x 2 + 350 x 2 = 1320 USD per
		// million
		assertThat(recorded.get("gpt-5-mini-2025-08-07")).isCloseTo(0.00132, within(1e-15));
		recorded.forEach(
				(model, cost) -> assertThat(recomputed.get(model)).as(model).isCloseTo(cost, withinPercentage(1e-7)));
	}

	/**
	 * Each demo chat model with uncached, cached, output and reasoning tokens, through
	 * the advisor: 2000 prompt tokens of which 800 cached, 500 completion tokens of which
	 * 350 reasoning; and one embedding of 300 tokens.
	 */
	private static void callTheDemoModels(SummaryService summaryService, DirectModelService direct) {
		server.reset();
		for (String model : DEMO_CHAT_MODELS) {
			server.enqueue(Reply.chat(model, "Answer.", new Usage(2000, 800, 500, 350)));
			summaryService.summarizeFor(REPRICING, "question");
		}
		server.enqueue(Reply.embedding(DEMO_EMBEDDING_MODEL, 300));
		direct.embed("a document");
	}

	private static double price(String responseModel, String tokenType) throws Exception {
		return prometheus.query("llm_price_usd_per_million_tokens{gen_ai_response_model=\"" + responseModel
				+ "\",llm_token_type=\"" + tokenType + "\"}");
	}

	private static Map<String, Double> byModel(JsonNode samples) {
		Map<String, Double> values = new TreeMap<>();
		for (JsonNode sample : samples) {
			values.put(sample.path("metric").path("gen_ai_response_model").asString(),
					Double.parseDouble(sample.path("value").get(1).asString()));
		}
		return values;
	}

	/**
	 * 9 calls of 1000 x 0.15 + 100 x 0.60 = 210 USD per million (0.00021) and one of
	 * 40000 x 0.15 + 2000 x 0.60 = 7200 USD per million (0.0072).
	 */
	private static void callNineCheapAndOneDearer(SummaryService summaryService, String feature) {
		server.reset();
		for (int i = 0; i < 9; i++) {
			call(summaryService, feature, new Usage(1000, 0, 100, 0));
		}
		call(summaryService, feature, new Usage(40000, 0, 2000, 0));
	}

	private static List<String> leValues(RealPrometheus prometheus, String selector) throws Exception {
		List<String> values = new ArrayList<>();
		for (JsonNode sample : prometheus.vector("llm_call_cost_distribution_nanousd_bucket" + selector)) {
			values.add(sample.path("metric").path("le").asString());
		}
		values.sort(Comparator
			.comparingDouble((le) -> "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le)));
		return values;
	}

	private static void call(SummaryService summaryService, String feature, Usage usage) {
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Answer.", usage));
		summaryService.summarizeFor(feature, "question");
	}

}
