package dev.llmcost.budget;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.attribution.Attribution;
import dev.llmcost.attribution.AttributionContext;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;
import dev.llmcost.test.CostTestApplication.DirectModelService;
import dev.llmcost.test.CostTestApplication.ImageService;
import dev.llmcost.test.CostTestApplication.TripService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.test.MutableClock;
import dev.llmcost.test.PrometheusScrape;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.openai.OpenAiImageOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Budgets enforced on the real Spring AI OpenAI client over HTTP, with a controlled
 * clock: a blocked call never reaches the server, whatever the path. Every chat call here
 * asks gpt-4o-mini (0.15 input / 0.60 output USD per million tokens) and the server
 * answers with 1,000 input and 250 output tokens: 150 + 150 = 300 USD per million, 0.0003
 * USD a call. Each test has budgets of its own, on features only it uses.
 */
@CostTrackingTest(properties = { "llm.cost.ledger.zone=Europe/Paris", "llm.cost.budgets.block-cap.feature=budget-block",
		"llm.cost.budgets.block-cap.limit=0.001", "llm.cost.budgets.block-cap.action=block",
		"llm.cost.budgets.warn-cap.feature=budget-warn", "llm.cost.budgets.warn-cap.limit=0.0003",
		"llm.cost.budgets.downgrade-cap.feature=budget-downgrade", "llm.cost.budgets.downgrade-cap.limit=0.0005",
		"llm.cost.budgets.downgrade-cap.action=downgrade", "llm.cost.budgets.downgrade-cap.downgrade-to=gpt-4.1-nano",
		"llm.cost.budgets.stream-cap.feature=budget-stream", "llm.cost.budgets.stream-cap.limit=0.0003",
		"llm.cost.budgets.stream-cap.action=block", "llm.cost.budgets.tool-cap.feature=trip-planner",
		"llm.cost.budgets.tool-cap.limit=0.001", "llm.cost.budgets.tool-cap.action=block",
		"llm.cost.budgets.direct-cap.feature=direct-chat", "llm.cost.budgets.direct-cap.limit=0.0003",
		"llm.cost.budgets.direct-cap.action=block", "llm.cost.budgets.embedding-cap.feature=document-index",
		"llm.cost.budgets.embedding-cap.limit=0.00001", "llm.cost.budgets.embedding-cap.action=block",
		"llm.cost.budgets.rolling-cap.feature=budget-rolling", "llm.cost.budgets.rolling-cap.limit=0.0005",
		"llm.cost.budgets.rolling-cap.period=10m", "llm.cost.budgets.rolling-cap.action=block",
		"llm.cost.budgets.reset-cap.feature=budget-reset", "llm.cost.budgets.reset-cap.limit=0.0003",
		"llm.cost.budgets.reset-cap.action=block", "llm.cost.budgets.demo-cap.feature=x",
		"llm.cost.budgets.demo-cap.limit=0.01", "llm.cost.budgets.demo-cap.period=day",
		"llm.cost.budgets.demo-cap.action=block", "llm.cost.budgets.events-cap.feature=budget-events",
		"llm.cost.budgets.events-cap.limit=0.001", "llm.cost.budgets.image-cap.feature=poster-images",
		"llm.cost.budgets.image-cap.limit=0.1", "llm.cost.budgets.image-cap.action=block" })
@Import(BudgetEnforcementOpenAiTests.ClockConfiguration.class)
class BudgetEnforcementOpenAiTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final Usage CALL_USAGE = new Usage(1000, 0, 250, 0);

	@Autowired
	private ChatClient chatClient;

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private TripService tripService;

	@Autowired
	private DirectModelService directModelService;

	@Autowired
	private ImageService imageService;

	@Autowired
	private CostLedger ledger;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private MutableClock clock;

	@Autowired
	private BudgetEvents events;

	@LocalServerPort
	private int port;

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@Test
	void blockBudgetStopsTheCallAfterTheOneThatSpentItAndTheServerNeverSeesIt() {
		int made = 0;
		LlmBudgetExceededException blocked = null;
		while (blocked == null && made < 10) {
			server.enqueue(Reply.chat("gpt-4o-mini", "Answer.", CALL_USAGE));
			try {
				call("budget-block");
				made++;
			}
			catch (LlmBudgetExceededException ex) {
				blocked = ex;
			}
		}

		// 3 calls spend 0.0009 < 0.001; the 4th (0.0012) spends it; the 5th is blocked.
		assertThat(made).isEqualTo(4);
		assertThat(server.requests()).hasSize(4);
		assertThat(blocked.getBudget()).isEqualTo("block-cap");
		assertThat(blocked.getLimit()).isEqualByComparingTo("0.001");
		assertThat(blocked.getSpent()).isEqualByComparingTo("0.0012");
		assertThat(blocked.getCurrency()).isEqualTo("USD");
		assertThat(blocked.getPeriod()).isEqualTo("day");
		// Overshoot: never more than the one call in flight when the limit was reached.
		assertThat(blocked.getSpent().subtract(blocked.getLimit())).isLessThan(new BigDecimal("0.0003"));
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "budget-block");
		assertThat(feature.totals().calls()).isEqualTo(4);
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.0012");
		assertThat(this.meterRegistry.get("llm.budget.blocked")
			.tag("budget", "block-cap")
			.tag("feature", "budget-block")
			.counter()
			.count()).isEqualTo(1);
	}

	/**
	 * The "done when": a plain application with
	 * {@code llm.cost.budgets.demo-cap.{feature: x, limit: 0.01, period: day, action:
	 * block}}.
	 */
	@Test
	void firstCallAfterSpendingTheLimitIsBlockedNeverSentAndCountedInTheScrape() throws Exception {
		this.clock.set("2026-03-11T15:20:00Z");
		// gpt-5: 4000 x 1.25 + 500 x 10.00 = 5000 + 5000 = 10000 USD per million = 0.01
		server.enqueue(Reply.chat("gpt-5-2025-08-07", "Spent.", new Usage(4000, 0, 500, 0)));
		call("x");
		server.reset();

		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> call("x")).satisfies((ex) -> {
			assertThat(ex.getBudget()).isEqualTo("demo-cap");
			assertThat(ex.getSpent()).isEqualByComparingTo("0.01");
			// midnight in Paris (UTC+1 on 11 March 2026)
			assertThat(ex.getResetsAt()).isEqualTo(Instant.parse("2026-03-11T23:00:00Z"));
		});

		assertThat(server.requests()).isEmpty();
		PrometheusScrape scrape = PrometheusScrape.of(this.port);
		assertThat(scrape.sum("llm_budget_blocked_total", "budget", "demo-cap", "feature", "x")).isEqualTo(1);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/llmcost")).build(),
					HttpResponse.BodyHandlers.ofString());
		JsonNode budget = null;
		for (JsonNode candidate : JsonMapper.builder().build().readTree(response.body()).path("budgets")) {
			if (candidate.path("name").asString().equals("demo-cap")) {
				budget = candidate;
			}
		}
		assertThat(budget).isNotNull();
		assertThat(budget.path("status").asString()).isEqualTo("exhausted");
		assertThat(budget.path("resetsAt").asString()).isEqualTo("2026-03-11T23:00:00Z");
		assertThat(budget.path("spent").decimalValue()).isEqualByComparingTo("0.01");
		assertThat(budget.path("scope").path("feature").asString()).isEqualTo("x");
	}

	@Test
	void bypassParameterLetsAnAdminCallThroughAnExhaustedBudgetAndStillCountsIt() {
		server.enqueue(Reply.chat("gpt-4o-mini", "One.", new Usage(10000, 0, 0, 0)));
		call("budget-block");
		server.reset();
		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> call("budget-block"));
		assertThat(server.requests()).isEmpty();

		server.enqueue(Reply.chat("gpt-4o-mini", "Admin.", CALL_USAGE));
		String answer = this.chatClient.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "budget-block")
				.param(LlmCostAdvisor.BYPASS_BUDGETS, true))
			.user("Admin question")
			.call()
			.content();

		assertThat(answer).isEqualTo("Admin.");
		assertThat(server.requests()).hasSize(1);
	}

	@Test
	void eachWarnThresholdAndTheLimitArePublishedOnceAsCallsSpendTheBudget() {
		for (int i = 0; i < 6; i++) {
			server.enqueue(Reply.chat("gpt-4o-mini", "Answer.", CALL_USAGE));
			call("budget-events");
		}

		// 0.0003 a call against 0.001: 50 % at the 2nd call (0.0006), 80 % at the 3rd
		// (0.0009), the limit at the 4th (0.0012); the 5th and 6th cross nothing new.
		assertThat(this.events.of("events-cap"))
			.extracting(LlmBudgetEvent::getType, LlmBudgetEvent::getThreshold,
					(event) -> event.getSpent().toPlainString())
			.containsExactly(tuple(LlmBudgetEvent.Type.THRESHOLD_CROSSED, 50, "0.0006"),
					tuple(LlmBudgetEvent.Type.THRESHOLD_CROSSED, 80, "0.0009"),
					tuple(LlmBudgetEvent.Type.EXHAUSTED, null, "0.0012"));
		assertThat(server.requests()).hasSize(6);
	}

	@Test
	void warnBudgetLetsCallsThroughOnceSpent() {
		for (int i = 0; i < 3; i++) {
			server.enqueue(Reply.chat("gpt-4o-mini", "Answer.", CALL_USAGE));
			call("budget-warn");
		}

		assertThat(server.requests()).hasSize(3);
		// 3 x 0.0003 against a limit of 0.0003
		assertThat(LedgerFeatures.feature(this.ledger, "budget-warn").totals().cost()).isEqualByComparingTo("0.0009");
	}

	@Test
	void downgradeBudgetSendsTheCheaperModelOnTheWireAndRecordsIt() {
		server.enqueue(Reply.chat("gpt-4o-mini", "One.", CALL_USAGE));
		server.enqueue(Reply.chat("gpt-4o-mini", "Two.", CALL_USAGE));
		call("budget-downgrade");
		call("budget-downgrade");
		server.reset();
		server.enqueue(Reply.chat("gpt-4.1-nano-2025-04-14", "Cheaper.", new Usage(1000, 0, 100, 0)));

		String answer = call("budget-downgrade");

		assertThat(answer).isEqualTo("Cheaper.");
		assertThat(server.requests()).hasSize(1);
		assertThat(server.requests().get(0).path("model").asString()).isEqualTo("gpt-4.1-nano");
		ModelTotals downgraded = LedgerFeatures.model(this.ledger, "budget-downgrade", "gpt-4.1-nano-2025-04-14");
		assertThat(downgraded.totals().calls()).isEqualTo(1);
		// 1000 x 0.10 + 100 x 0.40 = 140 USD per million
		assertThat(downgraded.totals().cost()).isEqualByComparingTo("0.00014");
	}

	@Test
	void streamOfAnExhaustedBudgetFailsAtSubscriptionWithoutARequest() {
		server.enqueue(Reply.stream("gpt-4o-mini", CALL_USAGE, "Hel", "lo"));
		assertThat(stream("budget-stream").collectList().block(Duration.ofSeconds(10))).containsExactly("Hel", "lo");
		server.reset();

		Flux<String> stream = stream("budget-stream");

		assertThat(server.requests()).isEmpty();
		assertThatExceptionOfType(LlmBudgetExceededException.class)
			.isThrownBy(() -> stream.blockLast(Duration.ofSeconds(10)))
			.satisfies((ex) -> assertThat(ex.getBudget()).isEqualTo("stream-cap"));
		assertThat(server.requests()).isEmpty();
		assertThat(LedgerFeatures.feature(this.ledger, "budget-stream").totals().calls()).isEqualTo(1);
	}

	@Test
	void toolLoopIsBlockedBeforeTheRoundAfterTheOneThatSpentTheBudget() {
		// round 1: 800 x 1.10 + 20 x 4.40 + 40 x 4.40 = 880 + 88 + 176 = 1144 USD per
		// million (o4-mini), over the limit of 0.001
		server.enqueue(Reply.toolCall("o4-mini-2025-04-16", "currentWeather", "{\"city\":\"Paris\"}",
				new Usage(800, 0, 60, 40)));
		server.enqueue(Reply.chat("o4-mini-2025-04-16", "Never sent.", new Usage(900, 0, 120, 0)));

		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> this.tripService.plan("Paris"))
			.satisfies((ex) -> assertThat(ex.getSpent()).isEqualByComparingTo("0.001144"));

		assertThat(server.requests()).hasSize(1);
		assertThat(LedgerFeatures.feature(this.ledger, "trip-planner").totals().calls()).isEqualTo(1);
	}

	@Test
	void directChatModelCallsAreBlockedBeforeTheRequest() {
		server.enqueue(Reply.chat("gpt-4o-mini", "Direct.", CALL_USAGE));
		assertThat(this.directModelService.ask("Hello")).isEqualTo("Direct.");
		server.reset();

		assertThatExceptionOfType(LlmBudgetExceededException.class)
			.isThrownBy(() -> this.directModelService.ask("Again"))
			.satisfies((ex) -> assertThat(ex.getBudget()).isEqualTo("direct-cap"));
		Flux<?> stream;
		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("direct-chat"))) {
			stream = this.chatModel.stream(new Prompt("Streamed"));
			assertThatExceptionOfType(LlmBudgetExceededException.class)
				.isThrownBy(() -> stream.blockLast(Duration.ofSeconds(10)));
			// A ChatClient built by hand, without the advisor.
			assertThatExceptionOfType(LlmBudgetExceededException.class)
				.isThrownBy(() -> ChatClient.create(this.chatModel).prompt().user("Hand-built").call().content());
		}

		assertThat(server.requests()).isEmpty();
		assertThat(LedgerFeatures.feature(this.ledger, "direct-chat").totals().calls()).isEqualTo(1);
		assertThat(this.meterRegistry.get("llm.budget.blocked")
			.tag("budget", "direct-cap")
			.tag("feature", "direct-chat")
			.counter()
			.count()).isEqualTo(3);
		// Blocked before Spring AI's observation started: no timer or span left open.
		assertThat(this.meterRegistry.find("gen_ai.client.operation.active").longTaskTimers()).isNotEmpty()
			.allSatisfy((timer) -> assertThat(timer.activeTasks()).isZero());
		assertThat(this.meterRegistry.find("llm.call.active").longTaskTimers()).isNotEmpty()
			.allSatisfy((timer) -> assertThat(timer.activeTasks()).isZero());
	}

	@Test
	void directEmbeddingCallsAreBlockedBeforeTheRequest() {
		// 1,000 tokens x 0.02 USD per million (text-embedding-3-small) = 0.00002, over
		// the limit of 0.00001
		server.enqueue(Reply.embedding("text-embedding-3-small", 1000));
		this.directModelService.embed("A document");
		server.reset();

		assertThatExceptionOfType(LlmBudgetExceededException.class)
			.isThrownBy(() -> this.directModelService.embed("Another"));
		assertThat(server.requests()).isEmpty();
	}

	@Test
	void imageGenerationsAreBlockedBeforeTheRequest() {
		// 1 image of dall-e-3 hd 1024x1792 = 0.120 USD, over the limit of 0.1
		server.enqueue(Reply.images(1));
		this.imageService.poster(posterPrompt());
		server.reset();

		assertThatExceptionOfType(LlmBudgetExceededException.class)
			.isThrownBy(() -> this.imageService.poster(posterPrompt()))
			.satisfies((ex) -> assertThat(ex.getBudget()).isEqualTo("image-cap"));
		assertThat(server.requests()).isEmpty();
		assertThat(LedgerFeatures.feature(this.ledger, "poster-images").totals().calls()).isEqualTo(1);
		assertThat(this.meterRegistry.get("llm.budget.blocked")
			.tag("budget", "image-cap")
			.tag("feature", "poster-images")
			.counter()
			.count()).isEqualTo(1);
	}

	private static ImagePrompt posterPrompt() {
		return new ImagePrompt("A lighthouse at dusk",
				OpenAiImageOptions.builder().model("dall-e-3").quality("hd").size("1024x1792").n(1).build());
	}

	@Test
	void dailyBudgetResetsAtMidnightInTheLedgerZone() {
		// 22:59 UTC is 23:59 in Paris (UTC+1 in March)
		this.clock.set("2026-03-10T22:59:00Z");
		server.enqueue(Reply.chat("gpt-4o-mini", "Spent.", CALL_USAGE));
		call("budget-reset");

		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> call("budget-reset"))
			.satisfies((ex) -> assertThat(ex.getResetsAt()).isEqualTo(Instant.parse("2026-03-10T23:00:00Z")));
		this.clock.set("2026-03-10T22:59:59.999Z");
		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> call("budget-reset"));

		this.clock.set("2026-03-10T23:00:00Z");
		server.reset();
		server.enqueue(Reply.chat("gpt-4o-mini", "New day.", CALL_USAGE));
		assertThat(call("budget-reset")).isEqualTo("New day.");
		assertThat(server.requests()).hasSize(1);
	}

	@Test
	void rollingWindowBlocksUntilItsSpendSlidesOut() {
		this.clock.set("2026-03-12T09:00:30Z");
		server.enqueue(Reply.chat("gpt-4o-mini", "One.", CALL_USAGE));
		server.enqueue(Reply.chat("gpt-4o-mini", "Two.", CALL_USAGE));
		call("budget-rolling");
		call("budget-rolling");
		// 0.0006 spent in the minute from 09:00 against 0.0005 over 10 minutes

		this.clock.set("2026-03-12T09:09:59Z");
		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> call("budget-rolling"))
			.satisfies((ex) -> assertThat(ex.getResetsAt()).isBetween(Instant.parse("2026-03-12T09:10:30Z"),
					Instant.parse("2026-03-12T09:11:00Z")));

		this.clock.set("2026-03-12T09:11:00Z");
		server.reset();
		server.enqueue(Reply.chat("gpt-4o-mini", "Three.", CALL_USAGE));
		assertThat(call("budget-rolling")).isEqualTo("Three.");
		assertThat(server.requests()).hasSize(1);
	}

	private String call(String feature) {
		return this.chatClient.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, feature))
			.user("Question")
			.call()
			.content();
	}

	private Flux<String> stream(String feature) {
		return this.chatClient.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, feature))
			.user("Question")
			.stream()
			.content()
			.filter((piece) -> !piece.isEmpty());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ClockConfiguration {

		@Bean
		MutableClock budgetTestClock() {
			return MutableClock.at("2026-03-10T12:00:00Z");
		}

		@Bean
		BudgetEvents budgetEvents() {
			return new BudgetEvents();
		}

	}

	/**
	 * Collects the budget events, as an application's listener would.
	 */
	static class BudgetEvents {

		private final List<LlmBudgetEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void on(LlmBudgetEvent event) {
			this.received.add(event);
		}

		List<LlmBudgetEvent> of(String budget) {
			return this.received.stream().filter((event) -> event.getBudget().name().equals(budget)).toList();
		}

	}

}
