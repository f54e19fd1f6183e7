package dev.llmcost.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/llmcost} and {@code /actuator/prometheus} over real HTTP, after calls
 * through the real OpenAI client. The application is shared with other tests: the report
 * holds their features too, and its total is compared with what it was before these
 * calls.
 */
@CostTrackingTest
class LlmCostEndpointWebTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String SUMMARY = "endpoint-summary";

	private static final String DEEP_THOUGHT = "endpoint-deep-thought";

	private static final String UNPRICED_MODEL = "endpoint-finetune";

	private static Totals before;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void calls(@Autowired SummaryService summaryService, @Autowired CostLedger ledger) {
		before = ledger.snapshot().total();
		server.reset();
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "One.", new Usage(1500, 1024, 250, 0)));
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Two.", new Usage(1500, 1024, 250, 0)));
		server.enqueue(Reply.chat("gpt-5-2025-08-07", "Three.", new Usage(10000, 5000, 2000, 1500)));
		server.enqueue(Reply.chat(UNPRICED_MODEL, "Four.", new Usage(10, 0, 1, 0)));
		summaryService.summarizeFor(SUMMARY, "one");
		summaryService.summarizeFor(SUMMARY, "two");
		summaryService.summarizeFor(DEEP_THOUGHT, "three");
		summaryService.summarizeFor(SUMMARY, UNPRICED_MODEL, "four");
	}

	@Test
	void costsShouldListFeaturesByCostWithModelsTokensAndUnpriced() throws Exception {
		HttpResponse<String> response = get("/actuator/llmcost");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.path("currency").asString()).isEqualTo("USD");
		assertThat(body.path("since").asString()).isNotEmpty();
		JsonNode total = body.path("total");
		assertThat(total.path("calls").asLong() - before.calls()).isEqualTo(4);
		assertThat(total.path("errors").asLong() - before.errors()).isZero();
		// 2 x 298.2 (gpt-4o-mini) + 26875 (gpt-5) USD per million
		assertThat(total.path("cost").decimalValue().subtract(before.cost())).isEqualByComparingTo("0.0274714");
		assertThat(fieldNames(total.path("tokens"))).containsExactly("input", "cacheRead", "cacheWrite", "output",
				"reasoning");
		List<JsonNode> features = new ArrayList<>();
		body.path("features").forEach(features::add);
		assertThat(features).extracting((feature) -> feature.path("cost").decimalValue())
			.as("highest cost first")
			.isSortedAccordingTo(Comparator.reverseOrder());
		assertThat(features).extracting((feature) -> feature.path("feature").asString())
			.containsSubsequence(DEEP_THOUGHT, SUMMARY);
		JsonNode summary = TestCostReports.row(body.path("features"), "feature", SUMMARY);
		assertThat(fieldNames(summary)).contains("feature", "calls", "errors", "cost", "tokens", "models");
		assertThat(summary.path("calls").asLong()).isEqualTo(3);
		assertThat(summary.path("tokens").path("cacheRead").asLong()).isEqualTo(2048);
		JsonNode model = summary.path("models").get(0);
		assertThat(model.path("model").asString()).isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(model.path("calls").asLong()).isEqualTo(2);
		assertThat(model.path("cost").decimalValue()).isEqualByComparingTo("0.0005964");
		assertThat(TestCostReports.row(body.path("unpriced"), "model", UNPRICED_MODEL).path("calls").asLong())
			.isEqualTo(1);
	}

	@Test
	void featureShouldBeReturnedAlone() throws Exception {
		HttpResponse<String> response = get("/actuator/llmcost/" + DEEP_THOUGHT);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode feature = json.readTree(response.body());
		assertThat(feature.path("feature").asString()).isEqualTo(DEEP_THOUGHT);
		assertThat(feature.path("tokens").path("reasoning").asLong()).isEqualTo(1500);
		// 5000 x 1.25 + 5000 x 0.125 + 500 x 10 + 1500 x 10 USD per million
		assertThat(feature.path("cost").decimalValue()).isEqualByComparingTo("0.026875");
		assertThat(response.body()).as("plain number, no trailing zeros").contains("\"cost\":0.026875,");
	}

	@Test
	void unknownFeatureShouldBeNotFound() throws Exception {
		assertThat(get("/actuator/llmcost/no-such-feature").statusCode()).isEqualTo(404);
	}

	@Test
	void prometheusScrapeShouldHaveTheMetersTaggedByFeature() throws Exception {
		HttpResponse<String> response = get("/actuator/prometheus");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).containsPattern("(?m)^llm_cost_usd_total\\{[^}]*feature=\"" + SUMMARY + "\"")
			.containsPattern("(?m)^llm_tokens_total\\{[^}]*feature=\"" + SUMMARY
					+ "\"[^}]*llm_token_type=\"cache_read\"[^}]*\\} 2048")
			.containsPattern("(?m)^llm_call_seconds_count\\{[^}]*feature=\"" + DEEP_THOUGHT + "\"[^}]*\\} 1")
			.containsPattern("(?m)^llm_call_cost_usd_count\\{[^}]*feature=\"" + SUMMARY + "\"")
			.containsPattern("(?m)^llm_unpriced_calls_total\\{[^}]*feature=\"" + SUMMARY
					+ "\"[^}]*gen_ai_response_model=\"" + UNPRICED_MODEL + "\"[^}]*\\} 1");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static List<String> fieldNames(JsonNode node) {
		return node.propertyNames().stream().toList();
	}

}
