package dev.llmcost.advisor;

import java.time.Duration;
import java.util.List;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;
import dev.llmcost.test.CostTestApplication.ChatService;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTestApplication.TripService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The advisor on the real Spring AI OpenAI client over HTTP: calls, streams and tool
 * loops are recorded once per model call, split into buckets and priced by hand-checked
 * numbers. Prices used (USD per million tokens, from the built-in catalog): gpt-4o-mini
 * 0.15 input / 0.075 cached / 0.60 output; gpt-5 1.25 / 0.125 / 10.00; gpt-4.1-nano 0.10
 * / 0.025 / 0.40; o4-mini 1.10 / 0.275 / 4.40; deepseek-chat and deepseek-reasoner 0.28 /
 * 0.028 / 0.42 (DeepSeek's prices since 2025-09-29). my-priced-finetune is priced by the
 * user, 3.00 input / 12.00 output, in the test application's
 * {@code application.properties}.
 */
@CostTrackingTest
class LlmCostAdvisorOpenAiTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	@Autowired
	private SummaryService summaryService;

	@Autowired
	private ChatService chatService;

	@Autowired
	private TripService tripService;

	@Autowired
	private ChatClient chatClient;

	@Autowired
	private CostLedger ledger;

	@Autowired
	private MeterRegistry meterRegistry;

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@Test
	void callWithCachedTokensShouldBePricedByTheDatedResponseModel() {
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "A short summary.", new Usage(1500, 1024, 250, 0)));

		String answer = this.summaryService.summarizeFor("dated-response-model", "Summarize this document");

		assertThat(answer).isEqualTo("A short summary.");
		ModelTotals model = model("dated-response-model", "gpt-4o-mini-2024-07-18");
		assertThat(model.totals().calls()).isEqualTo(1);
		assertThat(model.totals().tokens()).isEqualTo(new TokenUsage(476, 1024, 0, 250, 0));
		// 476 x 0.15 + 1024 x 0.075 + 250 x 0.60 = 71.4 + 76.8 + 150 = 298.2 USD per
		// million
		assertThat(model.totals().cost()).isEqualByComparingTo("0.0002982");
	}

	@Test
	void reasoningTokensShouldBeSplitFromOutputAndPriced() {
		server.enqueue(Reply.chat("gpt-5-2025-08-07", "Thought about it.", new Usage(10000, 5000, 2000, 1500)));

		this.summaryService.summarizeFor("reasoning-split", "gpt-5", "Think hard");

		ModelTotals model = model("reasoning-split", "gpt-5-2025-08-07");
		assertThat(model.totals().tokens()).isEqualTo(new TokenUsage(5000, 5000, 0, 500, 1500));
		// 5000 x 1.25 + 5000 x 0.125 + 500 x 10 + 1500 x 10 = 6250 + 625 + 5000 + 15000
		assertThat(model.totals().cost()).isEqualByComparingTo("0.026875");
		assertThat(server.requests().get(0).path("model").asString()).isEqualTo("gpt-5");
	}

	@Test
	void gatewayAnsweringWithAnotherModelShouldBePricedByTheResponseModel() {
		server.enqueue(Reply.chat("gpt-4.1-nano-2025-04-14", "Routed.", new Usage(1000, 0, 100, 0)));

		this.summaryService.summarizeFor("gateway", "Which model?");

		ModelTotals model = model("gateway", "gpt-4.1-nano-2025-04-14");
		// 1000 x 0.10 + 100 x 0.40 = 100 + 40 USD per million
		assertThat(model.totals().cost()).isEqualByComparingTo("0.00014");
	}

	@Test
	void unknownResponseModelShouldFallBackToTheRequestModelPrice() {
		server.enqueue(Reply.chat("proxy-internal-name", "Fallback.", new Usage(2000, 0, 500, 0)));

		this.summaryService.summarizeFor("fallback", "Which price?");

		// requested gpt-4o-mini: 2000 x 0.15 + 500 x 0.60 = 300 + 300 USD per million
		assertThat(model("fallback", "proxy-internal-name").totals().cost()).isEqualByComparingTo("0.0006");
		// Never silently: listed as priced as the model it stood in for.
		assertThat(this.ledger.snapshot().unpriced())
			.filteredOn((unpriced) -> unpriced.model().equals("proxy-internal-name"))
			.containsExactly(new LedgerSnapshot.UnpricedModel("proxy-internal-name", 1, "gpt-4o-mini"));
	}

	@Test
	void userPriceShouldPriceAModelTheCatalogLacks() {
		server.enqueue(Reply.chat("my-priced-finetune", "Custom.", new Usage(1000, 0, 1000, 0)));

		this.summaryService.summarizeFor("user-price", "my-priced-finetune", "Hello");

		// 1000 x 3.00 + 1000 x 12.00 = 3000 + 12000 USD per million
		assertThat(model("user-price", "my-priced-finetune").totals().cost()).isEqualByComparingTo("0.015");
	}

	@Test
	void unknownModelShouldCostNothingButBeCountedAndListedAsUnpriced() {
		server.enqueue(Reply.chat("my-finetune", "Unpriced.", new Usage(700, 0, 70, 0)));

		String answer = this.summaryService.summarizeFor("unpriced-model", "my-finetune", "Hello");

		assertThat(answer).isEqualTo("Unpriced.");
		ModelTotals model = model("unpriced-model", "my-finetune");
		assertThat(model.totals().cost()).isEqualByComparingTo("0");
		assertThat(model.totals().tokens()).isEqualTo(new TokenUsage(700, 0, 0, 70, 0));
		assertThat(this.ledger.snapshot().unpriced()).contains(new LedgerSnapshot.UnpricedModel("my-finetune", 1));
		assertThat(this.meterRegistry.get("llm.unpriced.calls")
			.tag("gen_ai.response.model", "my-finetune")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void streamSubscribedAfterTheMethodReturnedShouldBeAttributedAndPricedFromTheUsageChunk() {
		server.enqueue(Reply.stream("gpt-4o-mini-2024-07-18", new Usage(1500, 1024, 250, 0), "Hel", "lo", "!"));

		Flux<String> stream = this.chatService.chat("Hi");
		List<String> pieces = stream.subscribeOn(Schedulers.boundedElastic())
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(String.join("", pieces)).isEqualTo("Hello!");
		JsonNode request = server.requests().get(0);
		assertThat(request.path("stream_options").path("include_usage").asBoolean()).isTrue();
		FeatureTotals feature = feature("support-chat");
		assertThat(feature.totals().calls()).isEqualTo(1);
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(476, 1024, 0, 250, 0));
		// 476 x 0.15 + 1024 x 0.075 + 250 x 0.60 = 298.2 USD per million
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.0002982");
		assertThat(feature.models()).extracting(ModelTotals::model).containsExactly("gpt-4o-mini-2024-07-18");
	}

	@Test
	void deepSeekCacheHitsShouldBePricedAsCacheReads() {
		// DeepSeek through the OpenAI client reports its cache in fields of its own:
		// 5000 prompt tokens of which 4000 hit the cache, none in cached_tokens
		server.enqueue(Reply.chatWithRawUsage("deepseek-chat", "Cached.",
				"{\"prompt_tokens\":5000,\"completion_tokens\":500,\"total_tokens\":5500,"
						+ "\"prompt_cache_hit_tokens\":4000,\"prompt_cache_miss_tokens\":1000}"));

		this.summaryService.summarizeFor("deepseek-cache", "deepseek-chat", "Again");

		ModelTotals model = model("deepseek-cache", "deepseek-chat");
		assertThat(model.totals().tokens()).isEqualTo(new TokenUsage(1000, 4000, 0, 500, 0));
		// deepseek-chat, prices from 2025-09-29: 1000 x 0.28 + 4000 x 0.028 + 500 x 0.42
		// = 280 + 112 + 210 = 602 USD per million
		assertThat(model.totals().cost()).isEqualByComparingTo("0.000602");
		assertThat(this.meterRegistry.get("llm.tokens")
			.tag("feature", "deepseek-cache")
			.tag("llm.token.type", "cache_read")
			.tag("gen_ai.provider.name", "openai")
			.counter()
			.count()).isEqualTo(4000);
	}

	@Test
	void deepSeekReasonerCallShouldSplitItsReasoningFromTheOutput() {
		server.enqueue(Reply.chatWithRawUsage("deepseek-reasoner", "Reasoned.",
				"{\"prompt_tokens\":2000,\"completion_tokens\":1500,\"total_tokens\":3500,"
						+ "\"completion_tokens_details\":{\"reasoning_tokens\":1200},"
						+ "\"prompt_cache_hit_tokens\":0,\"prompt_cache_miss_tokens\":2000}"));

		this.summaryService.summarizeFor("deepseek-reasoner-call", "deepseek-reasoner", "Think");

		ModelTotals model = model("deepseek-reasoner-call", "deepseek-reasoner");
		assertThat(model.totals().tokens()).isEqualTo(new TokenUsage(2000, 0, 0, 300, 1200));
		// deepseek-reasoner, prices from 2025-09-29, reasoning at the output price:
		// 2000 x 0.28 + 300 x 0.42 + 1200 x 0.42 = 560 + 126 + 504 = 1190 USD per million
		assertThat(model.totals().cost()).isEqualByComparingTo("0.00119");
	}

	@Test
	void deepSeekStreamShouldBePricedWithItsCacheHitsAndReasoning() {
		server.enqueue(Reply.streamWithRawUsage("deepseek-reasoner",
				"{\"prompt_tokens\":5000,\"completion_tokens\":800,\"total_tokens\":5800,"
						+ "\"completion_tokens_details\":{\"reasoning_tokens\":600},"
						+ "\"prompt_cache_hit_tokens\":4000,\"prompt_cache_miss_tokens\":1000}",
				"Thought", " through."));

		List<String> pieces = this.chatClient.prompt()
			.options(OpenAiChatOptions.builder().model("deepseek-reasoner"))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "deepseek-stream"))
			.user("Think")
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(String.join("", pieces)).isEqualTo("Thought through.");
		ModelTotals model = model("deepseek-stream", "deepseek-reasoner");
		assertThat(model.totals().tokens()).isEqualTo(new TokenUsage(1000, 4000, 0, 200, 600));
		// deepseek-reasoner, prices from 2025-09-29, reasoning at the output price:
		// 1000 x 0.28 + 4000 x 0.028 + 200 x 0.42 + 600 x 0.42 = 280 + 112 + 84 + 252
		// = 728 USD per million
		assertThat(model.totals().cost()).isEqualByComparingTo("0.000728");
	}

	@Test
	void cancelledStreamShouldBeRecordedExactlyOnce() {
		server.enqueue(Reply.stream("gpt-4o-mini-2024-07-18", new Usage(100, 0, 10, 0), "one", "two", "three"));

		String first = this.chatClient.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "cancelled-stream"))
			.user("Count")
			.stream()
			.content()
			.filter((piece) -> !piece.isEmpty())
			.blockFirst(Duration.ofSeconds(10));

		assertThat(first).isEqualTo("one");
		assertThat(feature("cancelled-stream").totals().calls()).isEqualTo(1);
	}

	@Test
	void toolLoopShouldRecordEachModelRoundOnceWithItsOwnUsage() {
		server.enqueue(Reply.toolCall("o4-mini-2025-04-16", "currentWeather", "{\"city\":\"Paris\"}",
				new Usage(800, 0, 60, 40)));
		server
			.enqueue(Reply.chat("o4-mini-2025-04-16", "Visit the Louvre; it is sunny.", new Usage(900, 768, 120, 64)));

		String answer = this.tripService.plan("Paris");

		assertThat(answer).isEqualTo("Visit the Louvre; it is sunny.");
		assertThat(server.requests()).hasSize(2);
		assertThat(server.requests().get(1).path("messages").toString()).contains("Sunny, 21 C in Paris");
		FeatureTotals feature = feature("trip-planner");
		assertThat(feature.totals().calls()).isEqualTo(2);
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(800 + 132, 768, 0, 20 + 56, 40 + 64));
		// round 1: 800 x 1.10 + 20 x 4.40 + 40 x 4.40 = 880 + 88 + 176 = 1144
		// round 2: 132 x 1.10 + 768 x 0.275 + 56 x 4.40 + 64 x 4.40 = 145.2 + 211.2 +
		// 246.4 + 281.6 = 884.4
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.0020284");
	}

	@Test
	void failedModelCallShouldReachTheCallerAndBeCountedAsAnError() {
		server.enqueue(Reply.error(400, "invalid_request_error", "Bad request"));

		assertThatException().isThrownBy(() -> this.summaryService.summarizeFor("failing", "Hello"));

		FeatureTotals feature = feature("failing");
		assertThat(feature.totals().calls()).isEqualTo(1);
		assertThat(feature.totals().errors()).isEqualTo(1);
		assertThat(this.meterRegistry.get("llm.call").tag("feature", "failing").timer().count()).isEqualTo(1);
	}

	@Test
	void metersShouldCarryTheFeatureAndCommonTagsPerBucket() {
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Metered.", new Usage(1500, 1024, 250, 0)));

		this.summaryService.summarizeFor("metered", "Hello");

		assertThat(this.meterRegistry.get("llm.tokens")
			.tag("feature", "metered")
			.tag("llm.token.type", "cache_read")
			.tag("gen_ai.provider.name", "openai")
			.tag("gen_ai.operation.name", "chat")
			.tag("gen_ai.request.model", "gpt-4o-mini")
			.tag("gen_ai.response.model", "gpt-4o-mini-2024-07-18")
			.counter()
			.count()).isEqualTo(1024);
		// 250 output tokens x 0.60 USD per million
		assertThat(this.meterRegistry.get("llm.cost")
			.tag("feature", "metered")
			.tag("llm.token.type", "output")
			.counter()
			.count()).isCloseTo(0.00015, org.assertj.core.data.Offset.offset(1e-12));
		assertThat(this.meterRegistry.get("llm.call.cost").tag("feature", "metered").summary().totalAmount())
			.isCloseTo(0.0002982, org.assertj.core.data.Offset.offset(1e-12));
		assertThat(this.meterRegistry.get("llm.call").tag("feature", "metered").timer().count()).isEqualTo(1);
	}

	private FeatureTotals feature(String name) {
		return LedgerFeatures.feature(this.ledger, name);
	}

	private ModelTotals model(String feature, String model) {
		return LedgerFeatures.model(this.ledger, feature, model);
	}

}
