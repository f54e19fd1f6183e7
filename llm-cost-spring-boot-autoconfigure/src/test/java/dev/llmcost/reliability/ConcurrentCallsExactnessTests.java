package dev.llmcost.reliability;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.PrometheusScrape;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads calling through the real {@code ChatClient} and the real OpenAI client
 * over HTTP at once: the endpoint's totals and the Prometheus scrape both equal the sums
 * computed by hand, exactly.
 * <p>
 * 8 threads make 250 calls each. Threads 0, 3 and 6 work for {@code concurrent-alpha}, 1,
 * 4 and 7 for {@code concurrent-beta}, 2 and 5 for {@code concurrent-gamma}; every thread
 * alternates gpt-4o-mini and gpt-5, so each feature and model cell is written by two or
 * three threads at once. Prices (USD per million tokens, built-in catalog): gpt-4o-mini
 * 0.15 input / 0.075 cached / 0.60 output; gpt-5 1.25 / 0.125 / 10.00 (reasoning at the
 * output price). The application is shared with other tests: the endpoint's total is
 * compared with what it was before these calls.
 */
@CostTrackingTest
class ConcurrentCallsExactnessTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final JsonMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private static final int THREADS = 8;

	private static final int CALLS_PER_THREAD = 250;

	private static final String[] FEATURES = { "concurrent-alpha", "concurrent-beta", "concurrent-gamma" };

	// alpha and beta: 3 threads x 125 calls per model; gamma: 2 threads x 125
	private static final Map<String, Long> CALLS_PER_MODEL = Map.of("concurrent-alpha", 375L, "concurrent-beta", 375L,
			"concurrent-gamma", 250L);

	// alpha and beta: 375 x 0.0002982 + 375 x 0.004375 = 0.111825 + 1.640625; gamma:
	// 250 x 0.0002982 + 250 x 0.004375 = 0.07455 + 1.09375
	private static final Map<String, BigDecimal> COST = Map.of("concurrent-alpha", new BigDecimal("1.75245"),
			"concurrent-beta", new BigDecimal("1.75245"), "concurrent-gamma", new BigDecimal("1.1683"));

	// gpt-4o-mini, per call: prompt 1500 of which 1024 cached, completion 250
	private static final Usage MINI_USAGE = new Usage(1500, 1024, 250, 0);

	private static final TokenUsage MINI_TOKENS = new TokenUsage(476, 1024, 0, 250, 0);

	// gpt-5, per call: prompt 2000 of which 1000 cached, completion 300 of which 200
	// reasoning
	private static final Usage GPT5_USAGE = new Usage(2000, 1000, 300, 200);

	private static final TokenUsage GPT5_TOKENS = new TokenUsage(1000, 1000, 0, 100, 200);

	@LocalServerPort
	private int port;

	@Autowired
	private ChatClient chatClient;

	@Autowired
	private CostLedger ledger;

	@Test
	void concurrentCallsShouldAddUpExactlyInTheEndpointAndInPrometheus() throws Exception {
		Totals before = this.ledger.snapshot().total();
		server.reset();
		Reply byRequestedModel = new ByRequestedModel();
		for (int i = 0; i < THREADS * CALLS_PER_THREAD; i++) {
			server.enqueue(byRequestedModel);
		}

		long started = System.nanoTime();
		runConcurrently();
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		System.out.println("Concurrent calls: " + THREADS * CALLS_PER_THREAD + " calls over HTTP in " + millis + " ms");

		JsonNode body = get("/actuator/llmcost");
		JsonNode total = body.path("total");
		assertThat(total.path("calls").asLong() - before.calls()).isEqualTo(2000);
		assertThat(total.path("errors").asLong() - before.errors()).isZero();
		// 1000 x 0.0002982 + 1000 x 0.004375 = 0.2982 + 4.375
		assertThat(total.path("cost").decimalValue().subtract(before.cost())).isEqualByComparingTo("4.6732");
		// 1000 x (476 + 1000) input, 1000 x (1024 + 1000) cached, 1000 x (250 + 100)
		// output, 1000 x 200 reasoning
		assertTokens(total.path("tokens"),
				before.tokens().plus(new TokenUsage(1_476_000, 2_024_000, 0, 350_000, 200_000)));
		for (String name : FEATURES) {
			JsonNode feature = feature(body, name);
			long calls = CALLS_PER_MODEL.get(name);
			assertThat(feature.path("calls").asLong()).as(name).isEqualTo(2 * calls);
			assertThat(feature.path("cost").decimalValue()).as(name).isEqualByComparingTo(COST.get(name));
			assertTokens(feature.path("tokens"), expectedTokens(calls));
			assertThat(feature.path("models")).hasSize(2);
		}

		PrometheusScrape scrape = PrometheusScrape.of(this.port);
		for (String feature : FEATURES) {
			long calls = CALLS_PER_MODEL.get(feature);
			TokenUsage tokens = expectedTokens(calls);
			assertThat(scrape.sum("llm_tokens_total", "feature", feature, "llm_token_type", "input"))
				.isEqualTo(tokens.input());
			assertThat(scrape.sum("llm_tokens_total", "feature", feature, "llm_token_type", "cache_read"))
				.isEqualTo(tokens.cacheRead());
			assertThat(scrape.sum("llm_tokens_total", "feature", feature, "llm_token_type", "cache_write")).isZero();
			assertThat(scrape.sum("llm_tokens_total", "feature", feature, "llm_token_type", "output"))
				.isEqualTo(tokens.output());
			assertThat(scrape.sum("llm_tokens_total", "feature", feature, "llm_token_type", "reasoning"))
				.isEqualTo(tokens.reasoning());
			LedgerAndMeters.assertCostClose(scrape.sum("llm_cost_usd_total", "feature", feature), COST.get(feature),
					"llm_cost_usd_total of " + feature);
			LedgerAndMeters.assertCostClose(scrape.sum("llm_call_cost_usd_sum", "feature", feature), COST.get(feature),
					"llm_call_cost_usd_sum of " + feature);
			assertThat(scrape.sum("llm_call_seconds_count", "feature", feature)).isEqualTo(2 * calls);
			assertThat(scrape.sum("llm_call_seconds_count", "feature", feature, "error_type", "none"))
				.isEqualTo(2 * calls);
			assertThat(scrape.sum("llm_call_cost_usd_count", "feature", feature)).isEqualTo(2 * calls);
			assertThat(scrape.sum("llm_unpriced_calls_total", "feature", feature)).isZero();
		}
		assertThat(server.requests()).hasSize(2000);
	}

	private void runConcurrently() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> results = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			String feature = FEATURES[t % FEATURES.length];
			results.add(executor.submit(() -> {
				start.await();
				for (int i = 0; i < CALLS_PER_THREAD; i++) {
					String model = (i % 2 == 0) ? "gpt-4o-mini" : "gpt-5";
					String answer = this.chatClient.prompt()
						.options(OpenAiChatOptions.builder().model(model))
						.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, feature))
						.user("call " + i)
						.call()
						.content();
					assertThat(answer).isEqualTo("Answer from " + model);
				}
				return null;
			}));
		}
		start.countDown();
		executor.shutdown();
		for (Future<?> result : results) {
			result.get(60, TimeUnit.SECONDS);
		}
	}

	private static TokenUsage expectedTokens(long callsPerModel) {
		long n = callsPerModel;
		return new TokenUsage((MINI_TOKENS.input() + GPT5_TOKENS.input()) * n,
				(MINI_TOKENS.cacheRead() + GPT5_TOKENS.cacheRead()) * n, 0,
				(MINI_TOKENS.output() + GPT5_TOKENS.output()) * n,
				(MINI_TOKENS.reasoning() + GPT5_TOKENS.reasoning()) * n);
	}

	private static void assertTokens(JsonNode tokens, TokenUsage expected) {
		assertThat(tokens.path("input").asLong()).isEqualTo(expected.input());
		assertThat(tokens.path("cacheRead").asLong()).isEqualTo(expected.cacheRead());
		assertThat(tokens.path("cacheWrite").asLong()).isEqualTo(expected.cacheWrite());
		assertThat(tokens.path("output").asLong()).isEqualTo(expected.output());
		assertThat(tokens.path("reasoning").asLong()).isEqualTo(expected.reasoning());
	}

	private static JsonNode feature(JsonNode report, String name) {
		for (JsonNode feature : report.path("features")) {
			if (feature.path("feature").asString().equals(name)) {
				return feature;
			}
		}
		throw new AssertionError("No feature " + name + " in " + report);
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return json.readTree(response.body());
	}

	/**
	 * The same reply for every request, so the order in which concurrent requests take
	 * replies from the queue does not matter: it answers as the requested model, with
	 * that model's usage.
	 */
	private static final class ByRequestedModel implements Reply {

		@Override
		public void write(HttpExchange exchange, JsonNode request) throws IOException {
			String model = request.path("model").asString();
			// A new connection per call: on a reused one, the JDK server's separate
			// writes
			// of headers and body meet the client's delayed ACK (Nagle), about 40 ms a
			// call, which would make this test wait instead of contend.
			exchange.getResponseHeaders().set("Connection", "close");
			Reply reply = switch (model) {
				case "gpt-4o-mini" -> Reply.chat("gpt-4o-mini-2024-07-18", "Answer from gpt-4o-mini", MINI_USAGE);
				case "gpt-5" -> Reply.chat("gpt-5-2025-08-07", "Answer from gpt-5", GPT5_USAGE);
				default -> Reply.error(400, "invalid_request_error", "Unexpected model " + model);
			};
			reply.write(exchange, request);
		}

	}

}
