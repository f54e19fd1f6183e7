package dev.llmcost.advisor;

import java.time.Duration;
import java.util.List;

import dev.llmcost.annotation.LlmFeature;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.test.CostTestApplication.WeatherTools;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.test.ScriptedHttpServer;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The advisor on Spring AI's real Anthropic chat model, talking HTTP to a local server
 * that answers {@code POST /v1/messages} in the Messages API's format: a message as JSON,
 * or a stream of server-sent events ({@code message_start}, {@code content_block_*},
 * {@code message_delta}, {@code message_stop}). Anthropic reports cache reads and writes
 * beside {@code input_tokens}, and splits the writes by cache duration in
 * {@code cache_creation}. Prices (USD per million tokens, built-in catalog, Anthropic's
 * pricing page): claude-haiku-4-5 1 input / 0.10 cache read / 1.25 five-minute cache
 * write / 2 one-hour cache write / 5 output. Web searches are priced from a LiteLLM
 * catalog of the test ({@code catalogs/anthropic-web-search-litellm.json}):
 * claude-sonnet-4-5 3 input / 15 output USD per million tokens and 0.01 USD per search
 * ({@code search_context_cost_per_query}), Anthropic's 10 USD per 1,000 searches.
 * <p>
 * The application selects the Anthropic chat model with
 * {@code spring.ai.model.chat=anthropic} (every other test application selects OpenAI in
 * {@code application.properties}) and points it at the local server.
 */
@SpringBootTest(classes = LlmCostAdvisorAnthropicTests.AnthropicApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "spring.ai.model.chat=anthropic", "spring.ai.anthropic.api-key=test-key",
				"spring.ai.anthropic.max-retries=0", "spring.ai.openai.api-key=unused",
				"spring.ai.retry.max-attempts=1",
				"llm.cost.pricing.sources[0].location=classpath:catalogs/anthropic-web-search-litellm.json",
				"llm.cost.pricing.sources[0].format=litellm" })
class LlmCostAdvisorAnthropicTests {

	private static final ScriptedHttpServer server = startServer();

	@Autowired
	private ChatClient chatClient;

	@Autowired
	private CostLedger ledger;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private DirectModelService directService;

	@DynamicPropertySource
	static void anthropicBaseUrl(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.anthropic.base-url", server::baseUrl);
	}

	@AfterAll
	static void stopServer() {
		server.stop();
	}

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@Test
	void oneHourCacheWritesShouldBePricedAtTheOneHourRate() {
		server.enqueue(message("Cached for an hour.",
				"{\"input_tokens\":1000,\"cache_creation_input_tokens\":3000,\"cache_read_input_tokens\":4000,"
						+ "\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":2000},"
						+ "\"output_tokens\":200}"));

		String answer = call("anthropic-cache-1h");

		assertThat(answer).isEqualTo("Cached for an hour.");
		assertThat(server.paths()).containsExactly("/v1/messages");
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "anthropic-cache-1h");
		// The ledger keeps the five buckets: the one-hour part changes the price only.
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(1000, 4000, 3000, 200, 0));
		// 1000 x 1 + 4000 x 0.10 + 1000 x 1.25 + 2000 x 2 + 200 x 5
		// = 1000 + 400 + 1250 + 4000 + 1000 = 7650 USD per million
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.00765");
	}

	@Test
	void cacheWritesWithoutTheirSplitShouldBePricedAtTheFiveMinuteRate() {
		server.enqueue(message("Cached.", "{\"input_tokens\":1000,\"cache_creation_input_tokens\":3000,"
				+ "\"cache_read_input_tokens\":0,\"output_tokens\":200}"));

		call("anthropic-cache-5m");

		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "anthropic-cache-5m");
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(1000, 0, 3000, 200, 0));
		// 1000 x 1 + 3000 x 1.25 + 200 x 5 = 1000 + 3750 + 1000 = 5750 USD per million
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.00575");
	}

	@Test
	void streamShouldBePricedWithTheCacheCountsOfItsMessageDelta() {
		// Anthropic's message_delta usage is cumulative: it repeats the input and cache
		// counts of message_start beside the final output count.
		server.enqueue(stream(
				"{\"input_tokens\":1000,\"cache_creation_input_tokens\":3000,\"cache_read_input_tokens\":4000,"
						+ "\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":2000},"
						+ "\"output_tokens\":1}",
				"{\"input_tokens\":1000,\"cache_creation_input_tokens\":3000,\"cache_read_input_tokens\":4000,"
						+ "\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":2000},"
						+ "\"output_tokens\":200}",
				"Hel", "lo!"));

		List<String> pieces = this.chatClient.prompt()
			.options(AnthropicChatOptions.builder().model("claude-haiku-4-5").maxTokens(1024))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "anthropic-stream"))
			.user("Stream it")
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(String.join("", pieces)).isEqualTo("Hello!");
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "anthropic-stream");
		assertThat(feature.totals().calls()).isEqualTo(1);
		// The ledger keeps the five buckets: the one-hour part changes the price only.
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(1000, 4000, 3000, 200, 0));
		// as the call above: 7650 USD per million
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.00765");
	}

	@Test
	void streamWhoseMessageDeltaCarriesOnlyOutputTokensShouldBePricedWithTheCacheCountsOfItsMessageStart() {
		// Spring AI makes no chunk of message_start and keeps only its input_tokens: the
		// cache counts are read on the wire.
		server.enqueue(streamWithCacheCountsInMessageStartOnly());

		List<String> pieces = this.chatClient.prompt()
			.options(AnthropicChatOptions.builder().model("claude-haiku-4-5").maxTokens(1024))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "anthropic-stream-output-only"))
			.user("Stream it")
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(String.join("", pieces)).isEqualTo("Hi");
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "anthropic-stream-output-only");
		assertThat(feature.totals().calls()).isEqualTo(1);
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(1000, 4000, 3000, 200, 0));
		assertThat(feature.totals().cost()).isEqualByComparingTo(STREAM_WITH_CACHE_COUNTS_IN_MESSAGE_START_COST);
	}

	@Test
	void directStreamWhoseMessageDeltaCarriesOnlyOutputTokensShouldBePricedWithTheCacheCountsOfItsMessageStart() {
		server.enqueue(streamWithCacheCountsInMessageStartOnly());

		List<ChatResponse> chunks = this.directService.stream("Stream it");

		assertThat(chunks).isNotEmpty();
		// Spring AI stops its model observation, which records the call, just after the
		// stream completes, on the stream's thread.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			FeatureTotals feature = LedgerFeatures.feature(this.ledger, "anthropic-direct-stream");
			assertThat(feature.totals().calls()).isEqualTo(1);
			assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(1000, 4000, 3000, 200, 0));
			assertThat(feature.totals().cost()).isEqualByComparingTo(STREAM_WITH_CACHE_COUNTS_IN_MESSAGE_START_COST);
		});
	}

	/**
	 * A stream whose message_delta carries only output_tokens, as Anthropic may send it:
	 * the input and cache counts, with the split of the cache writes, are in
	 * message_start only.
	 */
	private static ScriptedHttpServer.Reply streamWithCacheCountsInMessageStartOnly() {
		return stream("{\"input_tokens\":1000,\"cache_creation_input_tokens\":3000,\"cache_read_input_tokens\":4000,"
				+ "\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":2000},"
				+ "\"output_tokens\":1}", "{\"output_tokens\":200}", "Hi");
	}

	// 1000 x 1 + 4000 x 0.10 + 1000 x 1.25 + 2000 x 2 + 200 x 5
	// = 1000 + 400 + 1250 + 4000 + 1000 = 7650 USD per million
	private static final String STREAM_WITH_CACHE_COUNTS_IN_MESSAGE_START_COST = "0.00765";

	@Test
	void toolLoopShouldRecordEachModelRoundOnceWithItsOwnUsageAndOneHourCacheWrites() {
		// Each round reports its own usage, the one-hour cache writes split out in both.
		server.enqueue(toolUse("currentWeather", "{\"city\":\"Paris\"}",
				"{\"input_tokens\":800,\"cache_creation_input_tokens\":3000,\"cache_read_input_tokens\":0,"
						+ "\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":2000},"
						+ "\"output_tokens\":60}"));
		server.enqueue(message("Visit the Louvre; it is sunny.",
				"{\"input_tokens\":900,\"cache_creation_input_tokens\":2000,\"cache_read_input_tokens\":3000,"
						+ "\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":2000},"
						+ "\"output_tokens\":120}"));

		String answer = this.chatClient.prompt()
			.options(AnthropicChatOptions.builder().model("claude-haiku-4-5").maxTokens(1024))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "anthropic-tool-loop"))
			.user("Plan a day in Paris")
			.tools(new WeatherTools())
			.call()
			.content();

		assertThat(answer).isEqualTo("Visit the Louvre; it is sunny.");
		assertThat(server.bodies()).hasSize(2);
		assertThat(server.bodies().get(1)).contains("tool_result").contains("Sunny, 21 C in Paris");
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "anthropic-tool-loop");
		assertThat(feature.totals().calls()).isEqualTo(2);
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(800 + 900, 3000, 3000 + 2000, 60 + 120, 0));
		// round 1: 800 x 1 + 1000 x 1.25 + 2000 x 2 + 60 x 5 = 800 + 1250 + 4000 + 300
		// = 6350
		// round 2: 900 x 1 + 3000 x 0.10 + 2000 x 2 + 120 x 5 = 900 + 300 + 4000 + 600
		// = 5800
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.01215");
	}

	@Test
	void streamedToolLoopShouldRecordEachModelRoundOnceWithTheCacheCountsOfItsMessageStart() {
		// Both rounds' message_delta carry only output_tokens: each round's cache counts,
		// with the split of its writes, are in its own message_start.
		server.enqueue(toolUseStream("currentWeather", "{\\\"city\\\":\\\"Paris\\\"}",
				"{\"input_tokens\":800,\"cache_creation_input_tokens\":3000,\"cache_read_input_tokens\":0,"
						+ "\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":2000},"
						+ "\"output_tokens\":1}",
				"{\"output_tokens\":60}"));
		server.enqueue(
				stream("{\"input_tokens\":900,\"cache_creation_input_tokens\":2000,\"cache_read_input_tokens\":3000,"
						+ "\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":2000},"
						+ "\"output_tokens\":1}", "{\"output_tokens\":120}", "Visit the Louvre; ", "it is sunny."));

		List<String> pieces = this.chatClient.prompt()
			.options(AnthropicChatOptions.builder().model("claude-haiku-4-5").maxTokens(1024))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "anthropic-stream-tool-loop"))
			.user("Plan a day in Paris")
			.tools(new WeatherTools())
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(String.join("", pieces)).isEqualTo("Visit the Louvre; it is sunny.");
		assertThat(server.bodies()).hasSize(2);
		assertThat(server.bodies().get(1)).contains("tool_result").contains("Sunny, 21 C in Paris");
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "anthropic-stream-tool-loop");
		assertThat(feature.totals().calls()).isEqualTo(2);
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(800 + 900, 3000, 3000 + 2000, 60 + 120, 0));
		// as the called tool loop: 6350 + 5800 = 12150 USD per million
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.01215");
	}

	@Test
	void webSearchesShouldBePricedPerSearchOnTopOfTheTokens() {
		server.enqueue(webSearchMessage(
				"{\"input_tokens\":1000,\"output_tokens\":200," + "\"server_tool_use\":{\"web_search_requests\":2}}"));

		String answer = this.chatClient.prompt()
			.options(AnthropicChatOptions.builder().model("claude-sonnet-4-5").maxTokens(1024))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "anthropic-web-search"))
			.user("What is new in Spring AI?")
			.call()
			.content();

		assertThat(answer).contains("Spring AI 2.0");
		assertWebSearchesPriced("anthropic-web-search");
	}

	@Test
	void streamedWebSearchesShouldBePricedPerSearchOnTopOfTheTokens() {
		// message_delta repeats the cumulative usage, server_tool_use included.
		server.enqueue(webSearchStream("{\"input_tokens\":1000,\"output_tokens\":1}",
				"{\"input_tokens\":1000,\"output_tokens\":200,\"server_tool_use\":{\"web_search_requests\":2}}"));

		List<String> pieces = this.chatClient.prompt()
			.options(AnthropicChatOptions.builder().model("claude-sonnet-4-5").maxTokens(1024))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "anthropic-web-search-stream"))
			.user("What is new in Spring AI?")
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(String.join("", pieces)).contains("Spring AI 2.0");
		assertWebSearchesPriced("anthropic-web-search-stream");
	}

	@Test
	void directStreamWithWebSearchesShouldBePricedPerSearchOnTopOfTheTokens() {
		server.enqueue(webSearchStream("{\"input_tokens\":1000,\"output_tokens\":1}",
				"{\"output_tokens\":200,\"server_tool_use\":{\"web_search_requests\":2}}"));

		this.directService.streamWithWebSearch("What is new in Spring AI?");

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertWebSearchesPriced("anthropic-direct-web-search-stream"));
	}

	private void assertWebSearchesPriced(String featureName) {
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, featureName);
		assertThat(feature.totals().calls()).isEqualTo(1);
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(1000, 0, 0, 200, 0));
		assertThat(feature.totals().units()).isEqualTo(UnitUsage.of(UnitType.REQUEST, 2));
		// tokens: 1000 x 3 + 200 x 15 = 6000 USD per million = 0.006
		// searches: 2 x 0.01 = 0.02
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.026");
		assertThat(this.meterRegistry.get("llm.units")
			.tag("feature", featureName)
			.tag("llm.unit.type", "request")
			.counter()
			.count()).isEqualTo(2);
	}

	@Test
	void rateLimitedCallShouldReachTheCallerAndBeRecordedAsOneFailedCallWithItsStatus() {
		// As the Messages API answers a rate-limited request.
		server.enqueue(new ScriptedHttpServer.Reply(429, "application/json",
				"{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Rate limited\"}}"));

		assertThatException().isThrownBy(() -> call("anthropic-throttled"))
			.isInstanceOf(com.anthropic.errors.RateLimitException.class);

		assertThat(server.paths()).as("no retry").containsExactly("/v1/messages");
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "anthropic-throttled");
		assertThat(feature.totals().calls()).isEqualTo(1);
		assertThat(feature.totals().errors()).isEqualTo(1);
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(0, 0, 0, 0, 0));
		assertThat(this.meterRegistry.get("llm.call")
			.tag("feature", "anthropic-throttled")
			.tag("gen_ai.provider.name", "anthropic")
			.tag("error.type", "429")
			.timer()
			.count()).isEqualTo(1);
	}

	private String call(String feature) {
		return this.chatClient.prompt()
			.options(AnthropicChatOptions.builder().model("claude-haiku-4-5").maxTokens(1024))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, feature))
			.user("Hello")
			.call()
			.content();
	}

	/**
	 * Start a server for the Messages API: a request with no reply scripted gets an
	 * {@code api_error}.
	 */
	static ScriptedHttpServer startServer() {
		return ScriptedHttpServer
			.start("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"no reply queued\"}}");
	}

	// Bodies as Anthropic's Messages API reference documents a message and its stream.
	static ScriptedHttpServer.Reply message(String text, String usage) {
		return new ScriptedHttpServer.Reply("application/json",
				"{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\","
						+ "\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}],"
						+ "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":" + usage + "}");
	}

	static ScriptedHttpServer.Reply toolUse(String tool, String input, String usage) {
		return new ScriptedHttpServer.Reply("application/json",
				"{\"id\":\"msg_03\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\","
						+ "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"" + tool + "\",\"input\":"
						+ input + "}],\"stop_reason\":\"tool_use\",\"stop_sequence\":null," + "\"usage\":" + usage
						+ "}");
	}

	static ScriptedHttpServer.Reply toolUseStream(String tool, String partialJson, String startUsage,
			String deltaUsage) {
		StringBuilder body = new StringBuilder();
		event(body, "message_start",
				"{\"type\":\"message_start\",\"message\":{\"id\":\"msg_04\",\"type\":\"message\","
						+ "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-haiku-4-5\","
						+ "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":" + startUsage + "}}");
		event(body, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
				+ "{\"type\":\"tool_use\",\"id\":\"toolu_02\",\"name\":\"" + tool + "\",\"input\":{}}}");
		event(body, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
				+ "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"" + partialJson + "\"}}");
		event(body, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
		event(body, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
				+ "\"stop_sequence\":null},\"usage\":" + deltaUsage + "}");
		event(body, "message_stop", "{\"type\":\"message_stop\"}");
		return new ScriptedHttpServer.Reply("text/event-stream", body.toString());
	}

	static ScriptedHttpServer.Reply stream(String startUsage, String deltaUsage, String... texts) {
		StringBuilder body = new StringBuilder();
		event(body, "message_start",
				"{\"type\":\"message_start\",\"message\":{\"id\":\"msg_02\",\"type\":\"message\","
						+ "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-haiku-4-5\","
						+ "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":" + startUsage + "}}");
		event(body, "content_block_start",
				"{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
		for (String text : texts) {
			event(body, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
					+ "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}");
		}
		event(body, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
		event(body, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
				+ "\"stop_sequence\":null},\"usage\":" + deltaUsage + "}");
		event(body, "message_stop", "{\"type\":\"message_stop\"}");
		return new ScriptedHttpServer.Reply("text/event-stream", body.toString());
	}

	/**
	 * A message of claude-sonnet-4-5 that searched the web twice, as the web search
	 * tool's documentation shows one: the searches as {@code server_tool_use} and
	 * {@code web_search_tool_result} blocks before the answer.
	 */
	static ScriptedHttpServer.Reply webSearchMessage(String usage) {
		return new ScriptedHttpServer.Reply("application/json",
				"{\"id\":\"msg_05\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
						+ "\"content\":[" + searchBlocks("srvtoolu_01") + "," + searchBlocks("srvtoolu_02") + ","
						+ "{\"type\":\"text\",\"text\":\"Spring AI 2.0 is out.\"}],"
						+ "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":" + usage + "}");
	}

	private static String searchBlocks(String id) {
		return "{\"type\":\"server_tool_use\",\"id\":\"" + id + "\",\"name\":\"web_search\","
				+ "\"input\":{\"query\":\"spring ai release\"}},{\"type\":\"web_search_tool_result\","
				+ "\"tool_use_id\":\"" + id + "\",\"content\":[{\"type\":\"web_search_result\","
				+ "\"url\":\"https://spring.io/blog\",\"title\":\"Spring blog\",\"encrypted_content\":\"EqgfCioIARgB\","
				+ "\"page_age\":\"April 30, 2026\"}]}";
	}

	static ScriptedHttpServer.Reply webSearchStream(String startUsage, String deltaUsage) {
		StringBuilder body = new StringBuilder();
		event(body, "message_start",
				"{\"type\":\"message_start\",\"message\":{\"id\":\"msg_06\",\"type\":\"message\","
						+ "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\","
						+ "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":" + startUsage + "}}");
		event(body, "content_block_start",
				"{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
		event(body, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
				+ "\"delta\":{\"type\":\"text_delta\",\"text\":\"Spring AI 2.0 is out.\"}}");
		event(body, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
		event(body, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
				+ "\"stop_sequence\":null},\"usage\":" + deltaUsage + "}");
		event(body, "message_stop", "{\"type\":\"message_stop\"}");
		return new ScriptedHttpServer.Reply("text/event-stream", body.toString());
	}

	private static void event(StringBuilder body, String type, String data) {
		body.append("event: ").append(type).append("\ndata: ").append(data).append("\n\n");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class AnthropicApplication {

		@Bean
		ChatClient chatClient(ChatClient.Builder builder) {
			return builder.build();
		}

		@Bean
		DirectModelService directModelService(ChatModel chatModel) {
			return new DirectModelService(chatModel);
		}

	}

	/**
	 * Calls the chat model directly, without a {@code ChatClient}, under a feature.
	 */
	public static class DirectModelService {

		private final ChatModel chatModel;

		DirectModelService(ChatModel chatModel) {
			this.chatModel = chatModel;
		}

		@LlmFeature("anthropic-direct-stream")
		public List<ChatResponse> stream(String text) {
			return this.chatModel
				.stream(new Prompt(text,
						AnthropicChatOptions.builder().model("claude-haiku-4-5").maxTokens(1024).build()))
				.collectList()
				.block(Duration.ofSeconds(10));
		}

		@LlmFeature("anthropic-direct-web-search-stream")
		public List<ChatResponse> streamWithWebSearch(String text) {
			return this.chatModel
				.stream(new Prompt(text,
						AnthropicChatOptions.builder().model("claude-sonnet-4-5").maxTokens(1024).build()))
				.collectList()
				.block(Duration.ofSeconds(10));
		}

	}

}
