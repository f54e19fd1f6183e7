package dev.llmcost.actuate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.attribution.Attribution;
import dev.llmcost.attribution.AttributionContext;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.PrometheusScrape;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real actuator scrape, after calls that create every meter of the starter, passes
 * {@code promtool check metrics} (Prometheus' own linter). CI installs promtool (Debian
 * package {@code prometheus}); elsewhere the check is skipped when it is missing. The
 * application is shared with other tests: the meters of a call must be there for this
 * test's own feature.
 */
@CostTrackingTest
class PrometheusScrapeLintTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final String FEATURE = "prometheus-lint";

	/**
	 * Names that exist only after a failure inside the starter, with client-side
	 * percentiles configured, with the JDBC ledger (its meters are checked by
	 * LlmCostLedgerAutoConfigurationTests), or once a budget blocked a call (checked by
	 * BudgetEnforcementOpenAiTests).
	 */
	private static final Set<String> CONDITIONAL = Set.of("llm_cost_errors_total", "llm_call_cost_usd",
			"llm_ledger_flushes_total", "llm_ledger_pending", "llm_ledger_dropped_total", "llm_budget_blocked_total",
			"llm_reconciliation_drift", "llm_reconciliation_fetches_total");

	/**
	 * Names of the application, not of a call: they carry no feature.
	 */
	private static final Set<String> APPLICATION_WIDE = Set.of("llm_attribution_overflow_total",
			"llm_pricing_catalog_loads_total", "llm_budget_limit_usd", "llm_budget_spent_usd",
			"llm_budget_remaining_usd", "llm_price_usd_per_million_tokens");

	@LocalServerPort
	private int port;

	@Autowired
	private SummaryService summaryService;

	@Autowired
	private ChatClient chatClient;

	@Autowired
	private EmbeddingModel embeddingModel;

	@Test
	void scrapeShouldPassPromtool() throws Exception {
		server.reset();
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Priced.", new Usage(1500, 1024, 250, 0)));
		server.enqueue(Reply.chat("mystery-model", "Unpriced.", new Usage(10, 0, 1, 0)));
		server.enqueue(Reply.chat("mystery-gateway-route", "Priced as requested.", new Usage(10, 0, 1, 0)));
		server.enqueue(Reply.stream("gpt-4o-mini-2024-07-18", new Usage(100, 0, 20, 0), "Str", "eam"));
		server.enqueue(Reply.embedding("text-embedding-3-small", 8));
		server.enqueue(Reply.error(429, "rate_limit_exceeded", "Rate limit reached"));
		this.summaryService.summarizeFor(FEATURE, "priced");
		this.summaryService.summarizeFor(FEATURE, "mystery-model", "unpriced");
		this.summaryService.summarizeFor(FEATURE, "priced as the requested gpt-4o-mini");
		this.chatClient.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, FEATURE))
			.user("stream")
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10));
		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of(FEATURE))) {
			this.embeddingModel.embed("document");
		}
		try {
			this.summaryService.summarizeFor(FEATURE, "throttled");
		}
		catch (RuntimeException ex) {
			// the 429 reaches the caller; its meters are what this test needs
		}
		PrometheusScrape scrape = PrometheusScrape.of(this.port);
		// The operations kit (rules, alerts, dashboard) may only use names the scrape
		// has.
		List<String> documented = Files.readAllLines(Path.of("../docs/operations/metric-names.txt"))
			.stream()
			.map(String::strip)
			.filter((name) -> name.startsWith("llm_") || name.startsWith("gen_ai_"))
			.filter((name) -> !CONDITIONAL.contains(name))
			.toList();
		assertThat(documented).isNotEmpty()
			.allSatisfy((name) -> assertThat(scrape.text()).as(name)
				.containsPattern("(?m)^" + name
						+ (APPLICATION_WIDE.contains(name) ? "[{ ]" : "\\{[^}]*feature=\"" + FEATURE + "\"")));
		// The event rules tell a restart inside their window by Boot's own process gauge.
		assertThat(scrape.text()).containsPattern("(?m)^process_start_time_seconds[{ ]");
		scrape.assertPassesPromtool();
	}

	/**
	 * A stream adds the 13 series of {@code llm.call.time_to_first_chunk} per tag set:
	 * the buckets of its 9 boundaries and {@code +Inf}, {@code _count}, {@code _sum} and
	 * {@code _max}. A percentile histogram would add 72.
	 */
	@Test
	void streamShouldAddThirteenTimeToFirstChunkSeries() throws Exception {
		server.reset();
		server.enqueue(Reply.stream("gpt-4o-mini-2024-07-18", new Usage(100, 0, 20, 0), "Str", "eam"));
		this.chatClient.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "time-to-first-chunk-series"))
			.user("stream")
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10));

		PrometheusScrape scrape = PrometheusScrape.of(this.port);

		List<String> series = scrape.samples()
			.stream()
			.filter((sample) -> sample.name().startsWith("llm_call_time_to_first_chunk_seconds")
					&& "time-to-first-chunk-series".equals(sample.labels().get("feature")))
			.map((sample) -> sample.name() + sample.labels().getOrDefault("le", ""))
			.toList();
		System.out.println("llm.call.time_to_first_chunk series of one streamed call: " + series.size());
		assertThat(series).hasSize(13)
			.contains("llm_call_time_to_first_chunk_seconds_bucket0.05",
					"llm_call_time_to_first_chunk_seconds_bucket25.0",
					"llm_call_time_to_first_chunk_seconds_bucket+Inf", "llm_call_time_to_first_chunk_seconds_count");
	}

}
