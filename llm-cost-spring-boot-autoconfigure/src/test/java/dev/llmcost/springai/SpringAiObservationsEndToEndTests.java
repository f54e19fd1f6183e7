package dev.llmcost.springai;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.test.CostTestApplication;
import dev.llmcost.test.CostTestApplication.ChatService;
import dev.llmcost.test.CostTestApplication.DirectModelService;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Calls through the real OpenAI client that the advisor sees and that it does not (a
 * direct {@code ChatModel} call, an {@code EmbeddingModel} call), a rate-limited call and
 * a stream: each model call is recorded exactly once, and Spring AI's own meters carry
 * the feature. Prices: gpt-4o-mini 0.15 / 0.075 / 0.60 and text-embedding-3-small 0.02
 * USD per million tokens.
 */
@SpringBootTest(classes = CostTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SpringAiObservationsEndToEndTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static Throwable rateLimited;

	@LocalServerPort
	private int port;

	@Autowired
	private CostLedger ledger;

	@DynamicPropertySource
	static void openAi(DynamicPropertyRegistry registry) {
		CostTestApplication.openAiProperties(registry);
	}

	@BeforeAll
	static void calls(@Autowired SummaryService summaryService, @Autowired DirectModelService direct,
			@Autowired ChatService chatService, @Autowired ChatClient chatClient) {
		server.reset();
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Via the client.", new Usage(1500, 1024, 250, 0)));
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Direct.", new Usage(1500, 1024, 250, 0)));
		server.enqueue(Reply.embedding("text-embedding-3-small", 8000));
		server.enqueue(Reply.error(429, "rate_limit_exceeded", "Rate limit reached"));
		server.enqueue(Reply.stream("gpt-4o-mini-2024-07-18", new Usage(100, 0, 20, 0), "Str", "eam"));
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Nobody's.", new Usage(10, 0, 1, 0)));
		summaryService.summarize("through the ChatClient");
		direct.ask("straight to the ChatModel");
		direct.embed("a document");
		try {
			summaryService.summarizeFor("throttled", "too many");
		}
		catch (RuntimeException ex) {
			rateLimited = ex;
		}
		chatService.chat("stream").collectList().block(Duration.ofSeconds(10));
		chatClient.prompt().user("outside any feature").call().content();
	}

	@Test
	void callThroughTheAdvisorShouldBeRecordedOnce() {
		assertThat(feature("document-summary").totals().calls()).isEqualTo(1);
		assertThat(this.ledger.snapshot().total().calls()).as("six model calls, each recorded once").isEqualTo(6);
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
		assertThat(feature("throttled").totals().errors()).isEqualTo(1);
		assertThat(scrape()).containsPattern(
				"(?m)^llm_call_seconds_count\\{[^}]*error=\"RateLimitException\",error_type=\"429\",feature=\"throttled\"[^}]*\\} 1");
	}

	@Test
	void springAiMetersShouldCarryTheFeature() throws Exception {
		String scrape = scrape();

		assertThat(scrape)
			.containsPattern("(?m)^gen_ai_client_token_usage_total\\{[^}]*feature=\"document-summary\"[^}]*"
					+ "gen_ai_token_type=\"input\"[^}]*\\} 1500")
			.containsPattern("(?m)^gen_ai_client_operation_seconds_count\\{[^}]*feature=\"direct-chat\"")
			.containsPattern("(?m)^spring_ai_chat_client_seconds_count\\{[^}]*feature=\"support-chat\"[^}]*"
					+ "spring_ai_chat_client_stream=\"true\"")
			.containsPattern("(?m)^spring_ai_advisor_seconds_count\\{[^}]*feature=\"support-chat\"[^}]*"
					+ "spring_ai_advisor_name=\"LlmCostAdvisor\"")
			.containsPattern("(?m)^gen_ai_client_token_usage_total\\{[^}]*feature=\"unattributed\"");
		assertThat(scrape.lines().filter((line) -> line.startsWith("gen_ai_client_operation_seconds_count{")))
			.allMatch((line) -> line.contains("feature=\""));
		assertThat(scrape).as("in a blocking call Spring AI's observation of the cost advisor is off")
			.containsPattern("(?m)^spring_ai_advisor_seconds_count\\{[^}]*feature=\"document-summary\"[^}]*"
					+ "spring_ai_advisor_name=\"Tool Calling Advisor\"")
			.doesNotContainPattern("(?m)^spring_ai_advisor_seconds_count\\{[^}]*feature=\"document-summary\"[^}]*"
					+ "spring_ai_advisor_name=\"LlmCostAdvisor\"");
	}

	@Test
	void streamShouldRecordTimeToFirstChunk() throws Exception {
		assertThat(feature("support-chat").totals().calls()).isEqualTo(1);
		assertThat(scrape())
			.containsPattern(
					"(?m)^llm_call_time_to_first_chunk_seconds_count\\{[^}]*feature=\"support-chat\"[^}]*\\} 1")
			.containsPattern("(?m)^llm_call_time_to_first_chunk_seconds_bucket\\{[^}]*feature=\"support-chat\"");
	}

	private FeatureTotals feature(String name) {
		return this.ledger.snapshot()
			.features()
			.stream()
			.filter((feature) -> feature.feature().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No feature " + name + " in " + this.ledger.snapshot()));
	}

	private String scrape() throws Exception {
		return http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
