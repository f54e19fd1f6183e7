package dev.llmcost.demo;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.llmcost.budget.BudgetState;
import dev.llmcost.budget.BudgetStatus;
import dev.llmcost.budget.LlmBudgets;
import dev.llmcost.demo.simulator.OpenAiSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end test of the demo: the real Spring AI OpenAI client talks to the built-in
 * simulator, the starter costs every call, and the results are read back over HTTP from
 * the actuator, as a user or a scraper would.
 *
 * @author llm-cost contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "demo.simulator.chunk-delay=0ms",
		// A ledger database of its own, not the file a running demo holds.
		"spring.datasource.url=jdbc:h2:mem:demo-application-tests",
		// Keep the Prometheus registry on even where a test module disables
		// metrics export by default.
		"management.prometheus.metrics.export.enabled=true" })
class DemoApplicationTests {

	/**
	 * Feature name to the dated model the simulator answers with for the feature's model.
	 */
	private static final Map<String, String> RESPONSE_MODELS = Map.of("document-summary", "gpt-4o-mini-2024-07-18",
			"support-chat", "gpt-4.1-nano-2025-04-14", "trip-planner", "o4-mini-2025-04-16", "ticket-triage",
			"gpt-5-mini-2025-08-07", "weekly-digest", "gpt-4o-mini-2024-07-18", "document-index",
			"text-embedding-3-small");

	/**
	 * The application context (and its ledger) is shared by the test methods: call every
	 * feature once for all of them, so that exact counts can be asserted.
	 */
	private static final AtomicBoolean featuresCalled = new AtomicBoolean();

	/**
	 * The email of the README's {@code POST /reply} line, whose cost application.yml
	 * works out: 0.000488 USD a request against the 0.0017 USD of
	 * {@code reply-draft-daily}.
	 */
	private static final String REPLY_EMAIL = "Hello, my invoice for March was charged twice. "
			+ "Can you refund the second payment?";

	/**
	 * The reply-draft budget is spent once for the tests that need it spent.
	 */
	private static final AtomicBoolean replyDraftBudgetSpent = new AtomicBoolean();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper mapper = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private OpenAiSimulator simulator;

	@Autowired
	private LlmBudgets budgets;

	@BeforeEach
	void callEveryFeatureOnce() throws Exception {
		if (!featuresCalled.compareAndSet(false, true)) {
			return;
		}
		HttpResponse<String> summary = post("/summary",
				"Release 3.8 removes the deprecated v1 search endpoint and adds saved filters. "
						+ "Teams using v1 search must migrate before June 30.");
		assertThat(summary.statusCode()).isEqualTo(200);
		assertThat(summary.body()).isNotBlank();
		HttpResponse<String> chat = get("/chat?message=" + encode("How do I rotate an API key?"));
		assertThat(chat.statusCode()).isEqualTo(200);
		assertThat(chat.body()).contains("data:");
		HttpResponse<String> trip = get("/trip?city=Lisbon");
		assertThat(trip.statusCode()).isEqualTo(200);
		assertThat(trip.body()).contains("Lisbon");
		HttpResponse<String> triage = post("/triage", "Login page returns 500 for all users in the EU region.");
		assertThat(triage.statusCode()).isEqualTo(200);
		HttpResponse<String> digest = get("/digest?team=payments");
		assertThat(digest.statusCode()).isEqualTo(200);
		HttpResponse<String> index = post("/index", "A document to embed.");
		assertThat(index.statusCode()).isEqualTo(200);
		assertThat(index.body()).contains("dimensions");
	}

	@Test
	void simulatorWhenContextStartsShouldServeTheOpenAiClient() {
		assertThat(this.simulator.requestCount()).isPositive();
	}

	@Test
	void llmcostWhenEveryFeatureWasCalledShouldShowCallsCostAndDatedModelPerFeature() throws Exception {
		JsonNode llmcost = getJson("/actuator/llmcost");
		assertThat(llmcost.path("currency").stringValue()).isEqualTo("USD");
		RESPONSE_MODELS.forEach((name, model) -> {
			JsonNode feature = feature(llmcost, name);
			assertThat(feature.path("calls").longValue()).as("calls of %s", name).isPositive();
			assertThat(feature.path("cost").doubleValue()).as("cost of %s", name).isPositive();
			assertThat(feature.path("models").findValuesAsString("model")).as("models of %s", name).contains(model);
		});
		assertThat(llmcost.path("total").path("cost").doubleValue()).isPositive();
	}

	@Test
	void llmcostWhenToolLoopRanShouldRecordEachModelRound() throws Exception {
		JsonNode tripPlanner = feature(getJson("/actuator/llmcost"), "trip-planner");
		// The model asked for the weather, then answered: two billed calls.
		assertThat(tripPlanner.path("calls").longValue()).isEqualTo(2);
		assertThat(tripPlanner.path("tokens").path("reasoning").longValue()).isPositive();
	}

	@Test
	void llmcostWhenSummaryRepeatsLongSystemPromptShouldShowCacheReadTokens() throws Exception {
		JsonNode summary = feature(getJson("/actuator/llmcost"), "document-summary");
		assertThat(summary.path("tokens").path("cacheRead").longValue()).isGreaterThanOrEqualTo(1024);
		assertThat(summary.path("tokens").path("input").longValue()).isPositive();
		assertThat(summary.path("tokens").path("output").longValue()).isPositive();
	}

	@Test
	void llmcostFeatureWhenRequestedByNameShouldReturnThatFeature() throws Exception {
		JsonNode chat = getJson("/actuator/llmcost/support-chat");
		assertThat(chat.path("feature").stringValue()).isEqualTo("support-chat");
		assertThat(get("/actuator/llmcost/no-such-feature").statusCode()).isEqualTo(404);
	}

	@Test
	void digestWhenModelAnswersRateLimitShouldFailAndCountAnError() throws Exception {
		HttpResponse<String> response = get("/digest?team=" + encode("[simulate-429]"));
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body()).contains("Rate limit");
		JsonNode digest = feature(getJson("/actuator/llmcost"), "weekly-digest");
		assertThat(digest.path("errors").longValue()).isPositive();
	}

	@Test
	void prometheusShouldExposeCostCounterTaggedWithFeature() throws Exception {
		HttpResponse<String> response = get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body().lines()).anySatisfy(
				(line) -> assertThat(line).startsWith("llm_cost_usd_total{").contains("feature=\"document-summary\""));
	}

	@Test
	void replyDraftBudgetWhenFourRepliesWereDraftedShouldWarnThenBeExhausted() throws Exception {
		spendReplyDraftBudget();
		BudgetState state = replyDraftBudget();
		// 4 x 0.000488 USD: 115 % of the limit, as application.yml works it out.
		assertThat(state.spent()).isEqualByComparingTo("0.001952");
		assertThat(state.remaining()).isEqualByComparingTo("0");
		assertThat(state.status()).isEqualTo(BudgetStatus.EXHAUSTED);
	}

	@Test
	void replyWhenDailyBudgetIsSpentShouldAnswerTooManyRequestsWithoutCallingTheModel() throws Exception {
		spendReplyDraftBudget();
		long modelRequests = this.simulator.requestCount();
		HttpResponse<String> refused = post("/reply", REPLY_EMAIL);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.body()).startsWith(
				"LLM budget 'reply-draft-daily' is exhausted: spent 0.001952 of 0.0017 USD (period day); calls resume at ");
		assertThat(refused.headers().firstValueAsLong("Retry-After").orElseThrow()).isPositive();
		assertThat(this.simulator.requestCount()).isEqualTo(modelRequests);
		JsonNode replyDraft = feature(getJson("/actuator/llmcost"), "reply-draft");
		assertThat(replyDraft.path("calls").longValue()).isEqualTo(4);
		assertThat(replyDraft.path("errors").longValue()).isZero();
		JsonNode budget = getJson("/actuator/llmcost").path("budgets").get(0);
		assertThat(budget.path("name").stringValue()).isEqualTo("reply-draft-daily");
		assertThat(budget.path("status").stringValue()).isEqualTo("exhausted");
		assertThat(budget.path("spent").decimalValue()).isEqualByComparingTo("0.001952");
		JsonNode health = getJson("/actuator/health/llmCost");
		assertThat(health.path("status").stringValue()).isEqualTo("UP");
		assertThat(health.path("details").path("exhaustedBudgets").findValuesAsString("name"))
			.containsExactly("reply-draft-daily");
		assertThat(get("/actuator/prometheus").body().lines())
			.contains("llm_budget_blocked_total{budget=\"reply-draft-daily\",feature=\"reply-draft\"} 1.0");
	}

	/**
	 * Draft the README's reply four times, checking the budget on the way: below its
	 * warnings after one, warning after two and three, exhausted after four.
	 */
	private void spendReplyDraftBudget() throws Exception {
		if (!replyDraftBudgetSpent.compareAndSet(false, true)) {
			return;
		}
		BudgetStatus[] expected = { BudgetStatus.OK, BudgetStatus.WARNING, BudgetStatus.WARNING,
				BudgetStatus.EXHAUSTED };
		for (int i = 0; i < expected.length; i++) {
			HttpResponse<String> reply = post("/reply", REPLY_EMAIL);
			assertThat(reply.statusCode()).as("reply %d", i + 1).isEqualTo(200);
			assertThat(replyDraftBudget().status()).as("budget after reply %d", i + 1).isEqualTo(expected[i]);
		}
	}

	private BudgetState replyDraftBudget() {
		return this.budgets.states()
			.stream()
			.filter((state) -> state.budget().name().equals("reply-draft-daily"))
			.findFirst()
			.orElseThrow();
	}

	private JsonNode feature(JsonNode llmcost, String name) {
		for (JsonNode feature : llmcost.path("features").values()) {
			if (name.equals(feature.path("feature").stringValue())) {
				return feature;
			}
		}
		throw new AssertionError("Feature " + name + " not found in " + llmcost);
	}

	private JsonNode getJson(String path) throws Exception {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
		return this.mapper.readTree(response.body());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String text) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(text))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
