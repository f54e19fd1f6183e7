package dev.llmcost.actuate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.llmcost.test.CostTestApplication;
import dev.llmcost.test.CostTestApplication.ChatService;
import dev.llmcost.test.CostTestApplication.DirectModelService;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.PrometheusScrape;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real actuator scrape, after calls that create every meter of the starter, passes
 * {@code promtool check metrics} (Prometheus' own linter). CI installs promtool (Debian
 * package {@code prometheus}); elsewhere the check is skipped when it is missing.
 */
@SpringBootTest(classes = CostTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "llm.cost.pricing.sources[0].location=classpath:no-such-catalog.json")
@DirtiesContext
class PrometheusScrapeLintTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	/**
	 * Names that exist only after a failure inside the starter, or with client-side
	 * percentiles configured.
	 */
	private static final Set<String> CONDITIONAL = Set.of("llm_cost_errors_total", "llm_call_cost_usd");

	@LocalServerPort
	private int port;

	@Autowired
	private SummaryService summaryService;

	@Autowired
	private ChatService chatService;

	@Autowired
	private DirectModelService direct;

	@DynamicPropertySource
	static void openAi(DynamicPropertyRegistry registry) {
		CostTestApplication.openAiProperties(registry);
	}

	@Test
	void scrapeShouldPassPromtool() throws Exception {
		server.reset();
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Priced.", new Usage(1500, 1024, 250, 0)));
		server.enqueue(Reply.chat("mystery-model", "Unpriced.", new Usage(10, 0, 1, 0)));
		server.enqueue(Reply.stream("gpt-4o-mini-2024-07-18", new Usage(100, 0, 20, 0), "Str", "eam"));
		server.enqueue(Reply.embedding("text-embedding-3-small", 8));
		server.enqueue(Reply.error(429, "rate_limit_exceeded", "Rate limit reached"));
		this.summaryService.summarize("priced");
		this.summaryService.summarizeWith("mystery-model", "unpriced");
		this.chatService.chat("stream").collectList().block(Duration.ofSeconds(10));
		this.direct.embed("document");
		try {
			this.summaryService.summarize("throttled");
		}
		catch (RuntimeException ex) {
			// the 429 reaches the caller; its meters are what this test needs
		}
		PrometheusScrape scrape = PrometheusScrape.of(this.port);
		assertThat(scrape.text()).contains("llm_cost_usd_total", "llm_unpriced_calls_total", "llm_call_cost_usd_count",
				"llm_call_cost_distribution_nanousd_bucket", "llm_call_time_to_first_chunk_seconds_bucket",
				"llm_pricing_catalog_loads_total", "llm_attribution_overflow_total");
		// The operations kit (rules, alerts, dashboard) may only use names the scrape
		// has.
		List<String> documented = Files.readAllLines(Path.of("../docs/operations/metric-names.txt"))
			.stream()
			.map(String::strip)
			.filter((name) -> name.startsWith("llm_") || name.startsWith("gen_ai_"))
			.filter((name) -> !CONDITIONAL.contains(name))
			.toList();
		assertThat(documented).isNotEmpty()
			.allSatisfy((name) -> assertThat(scrape.text()).as(name).containsPattern("(?m)^" + name + "[{ ]"));
		scrape.assertPassesPromtool();
	}

}
