package dev.llmcost.actuate;

import dev.llmcost.test.CostTestApplication;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.test.RealPrometheus;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A real Prometheus server scrapes {@code /actuator/prometheus} (in the format it
 * negotiates, OpenMetrics) and computes the cost of a call from what it stored. CI
 * installs it (Debian package {@code prometheus}); elsewhere the test is skipped when it
 * is missing.
 * <p>
 * Exemplars are off: Prometheus before 2.43 (Debian 12 ships 2.42) rejects the whole
 * scrape when the {@code _count} of a summary carries an exemplar ("metric name
 * gen_ai_client_operation_seconds_count does not support exemplars"), and Spring Boot
 * adds exemplars to every timer and distribution summary when tracing is on, as it is in
 * this application.
 * <p>
 * Prices (USD per million tokens, built-in catalog): gpt-4o-mini 0.15 input / 0.075
 * cached / 0.60 output.
 */
@SpringBootTest(classes = CostTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.tracing.exemplars.include=none")
@DirtiesContext
class RealPrometheusScrapeTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	@LocalServerPort
	private int port;

	@Autowired
	private SummaryService summaryService;

	@DynamicPropertySource
	static void openAi(DynamicPropertyRegistry registry) {
		CostTestApplication.openAiProperties(registry);
	}

	@Test
	void realPrometheusShouldComputeTheAverageAndLargestCostOfACallOfAFeature() throws Exception {
		String feature = "real-prometheus";
		server.reset();
		// 9 calls of 1000 x 0.15 + 100 x 0.60 = 210 USD per million (0.00021) and one of
		// 40000 x 0.15 + 2000 x 0.60 = 7200 USD per million (0.0072)
		for (int i = 0; i < 9; i++) {
			call(feature, new Usage(1000, 0, 100, 0));
		}
		call(feature, new Usage(40000, 0, 2000, 0));

		try (RealPrometheus prometheus = RealPrometheus.scraping(this.port)) {
			String selector = "{feature=\"" + feature + "\"}";
			assertThat(prometheus.query("sum(llm_call_cost_usd_count" + selector + ")")).isEqualTo(10);
			// (9 x 0.00021 + 0.0072) / 10
			assertThat(prometheus
				.query("sum(llm_call_cost_usd_sum" + selector + ") / sum(llm_call_cost_usd_count" + selector + ")"))
				.isCloseTo(0.000909, within(1e-12));
			assertThat(prometheus.query("max(llm_call_cost_usd_max" + selector + ")")).isEqualTo(0.0072);
			// Micrometer rounds every value up to a whole unit before it counts it in a
			// bucket, so buckets of a cost in USD would hold every call under 1 USD in
			// le="1.0": the starter publishes none.
			assertThat(prometheus.vector("llm_call_cost_usd_bucket" + selector)).isEmpty();
		}
	}

	private void call(String feature, Usage usage) {
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Answer.", usage));
		this.summaryService.summarizeFor(feature, "question");
	}

}
