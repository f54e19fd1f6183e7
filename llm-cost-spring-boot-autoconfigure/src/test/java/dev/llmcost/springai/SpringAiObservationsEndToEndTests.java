package dev.llmcost.springai;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.test.CostTestApplication.DirectModelService;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.test.PrometheusScrape;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Calls through the real OpenAI client that the advisor sees and that it does not (a
 * direct {@code ChatModel} call, an {@code EmbeddingModel} call), a rate-limited call and
 * a stream: each model call is recorded exactly once, and Spring AI's own meters carry
 * the feature. Prices: gpt-4o-mini 0.15 / 0.075 / 0.60 and text-embedding-3-small 0.02
 * USD per million tokens. The features of {@code DirectModelService} are this test's own
 * in the shared application; what is recorded outside any feature is compared with what
 * was there before these calls.
 */
@CostTrackingTest
class SpringAiObservationsEndToEndTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final String CALL = "observed-call";

	private static final String STREAM = "observed-stream";

	private static final String THROTTLED = "observed-throttled";

	private static long callsBefore;

	private static double unattributedInputBefore;

	private static Throwable rateLimited;

	@LocalServerPort
	private int port;

	@Autowired
	private CostLedger ledger;

	@BeforeAll
	static void calls(@Autowired SummaryService summaryService, @Autowired DirectModelService direct,
			@Autowired ChatClient chatClient, @Autowired CostLedger ledger, @LocalServerPort int port)
			throws Exception {
		callsBefore = ledger.snapshot().total().calls();
		unattributedInputBefore = unattributedInputTokens(port);
		server.reset();
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Via the client.", new Usage(1500, 1024, 250, 0)));
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Direct.", new Usage(1500, 1024, 250, 0)));
		server.enqueue(Reply.embedding("text-embedding-3-small", 8000));
		server.enqueue(Reply.error(429, "rate_limit_exceeded", "Rate limit reached"));
		server.enqueue(Reply.stream("gpt-4o-mini-2024-07-18", new Usage(100, 0, 20, 0), "Str", "eam"));
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Nobody's.", new Usage(10, 0, 1, 0)));
		summaryService.summarizeFor(CALL, "through the ChatClient");
		direct.ask("straight to the ChatModel");
		direct.embed("a document");
		try {
			summaryService.summarizeFor(THROTTLED, "too many");
		}
		catch (RuntimeException ex) {
			rateLimited = ex;
		}
		chatClient.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, STREAM))
			.user("stream")
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10));
		chatClient.prompt().user("outside any feature").call().content();
	}

	@Test
	void callThroughTheAdvisorShouldBeRecordedOnce() {
		assertThat(feature(CALL).totals().calls()).isEqualTo(1);
		assertThat(server.requests()).as("HTTP requests to the provider").hasSize(6);
		assertThat(this.ledger.snapshot().total().calls() - callsBefore).as("model calls recorded, each once")
			.isEqualTo(server.requests().size());
	}

	@Test
	void directChatModelCallShouldBeRecordedAndPriced() {
		FeatureTotals direct = feature("direct-chat");

		assertThat(direct.totals().calls()).isEqualTo(1);
		// 476 x 0.15 + 1024 x 0.075 + 250 x 0.60 = 298.2 per million
		assertThat(direct.totals().cost()).isEqualByComparingTo("0.0002982");
		assertThat(direct.models().get(0).model()).isEqualTo("gpt-4o-mini-2024-07-18");
	}

	@Test
	void embeddingCallShouldBePricedAndAttributed() throws Exception {
		FeatureTotals index = feature("document-index");

		assertThat(index.totals().calls()).isEqualTo(1);
		assertThat(index.totals().tokens().input()).isEqualTo(8000);
		// 8000 x 0.02 per million
		assertThat(index.totals().cost()).isEqualByComparingTo("0.00016");
		assertThat(scrape()).containsPattern(
				"(?m)^llm_cost_usd_total\\{[^}]*feature=\"document-index\",gen_ai_operation_name=\"embeddings\"");
	}

	@Test
	void rateLimitedCallShouldReachTheCallerAndBeCountedAsA429() throws Exception {
		assertThat(rateLimited).isNotNull();
		assertThat(rateLimited.getClass().getSimpleName()).isEqualTo("RateLimitException");
		assertThat(feature(THROTTLED).totals().errors()).isEqualTo(1);
		assertThat(scrape()).containsPattern("(?m)^llm_call_seconds_count\\{[^}]*error=\"RateLimitException\","
				+ "error_type=\"429\",feature=\"" + THROTTLED + "\"[^}]*\\} 1");
	}

	@Test
	void springAiMetersShouldCarryTheFeature() throws Exception {
		String scrape = scrape();

		assertThat(scrape)
			.containsPattern("(?m)^gen_ai_client_token_usage_total\\{[^}]*feature=\"" + CALL + "\"[^}]*"
					+ "gen_ai_token_type=\"input\"[^}]*\\} 1500")
			.containsPattern("(?m)^gen_ai_client_operation_seconds_count\\{[^}]*feature=\"direct-chat\"")
			.containsPattern("(?m)^spring_ai_chat_client_seconds_count\\{[^}]*feature=\"" + STREAM + "\"[^}]*"
					+ "spring_ai_chat_client_stream=\"true\"")
			.containsPattern("(?m)^spring_ai_advisor_seconds_count\\{[^}]*feature=\"" + STREAM + "\"[^}]*"
					+ "spring_ai_advisor_name=\"LlmCostAdvisor\"");
		assertThat(unattributedInputTokens(this.port) - unattributedInputBefore)
			.as("the call outside any feature, on Spring AI's meter")
			.isEqualTo(10);
		assertThat(scrape.lines().filter((line) -> line.startsWith("gen_ai_client_operation_seconds_count{")))
			.allMatch((line) -> line.contains("feature=\""));
		assertThat(scrape).as("in a blocking call Spring AI's observation of the cost advisor is off")
			.containsPattern("(?m)^spring_ai_advisor_seconds_count\\{[^}]*feature=\"" + CALL + "\"[^}]*"
					+ "spring_ai_advisor_name=\"Tool Calling Advisor\"")
			.doesNotContainPattern("(?m)^spring_ai_advisor_seconds_count\\{[^}]*feature=\"" + CALL + "\"[^}]*"
					+ "spring_ai_advisor_name=\"LlmCostAdvisor\"");
	}

	@Test
	void streamShouldRecordTimeToFirstChunk() throws Exception {
		assertThat(feature(STREAM).totals().calls()).isEqualTo(1);
		assertThat(scrape())
			.containsPattern(
					"(?m)^llm_call_time_to_first_chunk_seconds_count\\{[^}]*feature=\"" + STREAM + "\"[^}]*\\} 1")
			.containsPattern("(?m)^llm_call_time_to_first_chunk_seconds_bucket\\{[^}]*feature=\"" + STREAM + "\"");
	}

	private FeatureTotals feature(String name) {
		return LedgerFeatures.feature(this.ledger, name);
	}

	private static double unattributedInputTokens(int port) throws Exception {
		return PrometheusScrape.of(port)
			.sum("gen_ai_client_token_usage_total", "feature", Attribution.UNATTRIBUTED_FEATURE, "gen_ai_token_type",
					"input");
	}

	private String scrape() throws Exception {
		return http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
