package dev.llmcost.springai;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.attribution.Attribution;
import dev.llmcost.attribution.AttributionContext;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.llmcost.samples.SampleChatService;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every way the documentation shows to make a model call, through the real OpenAI client
 * over HTTP: each HTTP request the provider receives is recorded exactly once, under its
 * feature, with the tokens the provider billed. Prices (USD per million tokens, built-in
 * catalog): gpt-4o-mini 0.15 input / 0.075 cached / 0.60 output; o4-mini 1.10 / 0.275 /
 * 4.40.
 */
@CostTrackingTest
class ModelCallRecipesTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final String MINI = "gpt-4o-mini-2024-07-18";

	/**
	 * 1500 prompt tokens of which 1024 cached, 250 completion tokens: 476 x 0.15 + 1024 x
	 * 0.075 + 250 x 0.60 = 71.4 + 76.8 + 150 = 298.2 USD per million on gpt-4o-mini.
	 */
	private static final Usage CACHED = new Usage(1500, 1024, 250, 0);

	private static final TokenUsage CACHED_TOKENS = new TokenUsage(476, 1024, 0, 250, 0);

	private static final String CACHED_COST = "0.0002982";

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private LlmCostAdvisor advisor;

	@Autowired
	private CostLedger ledger;

	@Autowired
	private ObservationRegistry observationRegistry;

	@Autowired
	private SampleChatService sampleService;

	private long callsBefore;

	@BeforeEach
	void reset() {
		server.reset();
		this.callsBefore = this.ledger.snapshot().total().calls();
	}

	@Test
	void featureOfABeanInSpringAisOwnPackageTreeShouldBeApplied() {
		server.enqueue(Reply.chat(MINI, "Why did the bean cross the context?", CACHED));

		this.sampleService.joke("beans");

		assertRecordedOnce("spring-ai-sample", CACHED_TOKENS, CACHED_COST);
	}

	@Test
	void handBuiltClientWithTheAdvisorShouldRecordEachCallOnce() {
		server.enqueue(Reply.chat(MINI, "Built by hand.", CACHED));
		ChatClient client = ChatClient.builder(this.chatModel).defaultAdvisors(this.advisor).build();

		String answer = client.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "hand-built-call"))
			.user("Hello")
			.call()
			.content();

		assertThat(answer).isEqualTo("Built by hand.");
		assertRecordedOnce("hand-built-call", CACHED_TOKENS, CACHED_COST);
	}

	@Test
	void handBuiltClientWithTheAdvisorShouldRecordEachStreamOnce() {
		server.enqueue(Reply.stream(MINI, CACHED, "Str", "eam"));
		ChatClient client = ChatClient.builder(this.chatModel).defaultAdvisors(this.advisor).build();

		List<String> pieces = client.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "hand-built-stream"))
			.user("Hello")
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(pieces).containsExactly("Str", "eam");
		assertRecordedOnce("hand-built-stream", CACHED_TOKENS, CACHED_COST);
	}

	@Test
	void wholeAttributionShouldBeAcceptedAsAnAdvisorParameter() {
		server.enqueue(Reply.chat(MINI, "Attributed.", CACHED));
		ChatClient client = ChatClient.builder(this.chatModel).defaultAdvisors(this.advisor).build();

		client.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.ATTRIBUTION, Attribution.of("attribution-param")))
			.user("Hello")
			.call()
			.content();

		assertRecordedOnce("attribution-param", CACHED_TOKENS, CACHED_COST);
	}

	@Test
	void observedClientWithoutTheAdvisorShouldHonourThePerRequestFeature() {
		server.enqueue(Reply.chat(MINI, "Observed.", CACHED));
		ChatClient client = ChatClient.builder(this.chatModel, this.observationRegistry, null, null).build();

		client.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "observed-client"))
			.user("Hello")
			.call()
			.content();

		assertRecordedOnce("observed-client", CACHED_TOKENS, CACHED_COST);
	}

	@Test
	void clientWithoutTheAdvisorShouldRecordEachCallOnceUnderTheCurrentAttribution() {
		server.enqueue(Reply.chat(MINI, "No advisor.", CACHED));

		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("created-client-call"))) {
			ChatClient.create(this.chatModel).prompt().user("Hello").call().content();
		}

		assertRecordedOnce("created-client-call", CACHED_TOKENS, CACHED_COST);
	}

	@Test
	void clientWithoutTheAdvisorShouldRecordEachStreamOnce() {
		server.enqueue(Reply.stream(MINI, CACHED, "No ", "advisor"));

		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("created-client-stream"))) {
			ChatClient.create(this.chatModel)
				.prompt()
				.user("Hello")
				.stream()
				.content()
				.blockLast(Duration.ofSeconds(10));
		}

		awaitRecordedOnce("created-client-stream", CACHED_TOKENS, CACHED_COST);
	}

	@Test
	void directChatModelCallShouldBeRecordedOnce() {
		server.enqueue(Reply.chat(MINI, "Direct.", CACHED));

		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("direct-model-call"))) {
			this.chatModel.call(new Prompt("Hello"));
		}

		assertRecordedOnce("direct-model-call", CACHED_TOKENS, CACHED_COST);
	}

	@Test
	void directChatModelStreamShouldBeRecordedOnce() {
		server.enqueue(Reply.stream(MINI, CACHED, "Stre", "amed"));

		List<ChatResponse> chunks;
		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("direct-model-stream"))) {
			chunks = this.chatModel.stream(new Prompt("Hello")).collectList().block(Duration.ofSeconds(10));
		}

		assertThat(chunks).isNotEmpty();
		awaitRecordedOnce("direct-model-stream", CACHED_TOKENS, CACHED_COST);
	}

	@Test
	void directChatModelStreamShouldCarryTheReasoningTokensTheProviderBilled() {
		// 1500 prompt tokens of which 1024 cached; 250 completion tokens of which 100
		// reasoning: 476 x 1.10 + 1024 x 0.275 + 150 x 4.40 + 100 x 4.40 = 523.6 + 281.6
		// +
		// 660 + 440 = 1905.2 USD per million on o4-mini
		server.enqueue(Reply.stream("o4-mini-2025-04-16", new Usage(1500, 1024, 250, 100), "Rea", "soned"));

		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("direct-reasoning-stream"))) {
			this.chatModel.stream(new Prompt("Hello", OpenAiChatOptions.builder().model("o4-mini").build()))
				.blockLast(Duration.ofSeconds(10));
		}

		awaitRecordedOnce("direct-reasoning-stream", new TokenUsage(476, 1024, 0, 150, 100), "0.0019052");
	}

	@Test
	void directChatModelTextStreamShouldBeRecordedOnce() {
		server.enqueue(Reply.stream(MINI, CACHED, "Te", "xt"));

		List<String> pieces;
		try (AttributionContext.Scope scope = AttributionContext.open(Attribution.of("direct-text-stream"))) {
			pieces = this.chatModel.stream("Hello").collectList().block(Duration.ofSeconds(10));
		}

		assertThat(String.join("", pieces)).isEqualTo("Text");
		awaitRecordedOnce("direct-text-stream", CACHED_TOKENS, CACHED_COST);
	}

	private void awaitRecordedOnce(String feature, TokenUsage tokens, String cost) {
		// A stream made without the advisor is recorded when Spring AI stops its
		// observation, just after the subscriber saw the stream complete.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertRecordedOnce(feature, tokens, cost));
	}

	private void assertRecordedOnce(String feature, TokenUsage tokens, String cost) {
		assertThat(server.requests()).as("HTTP requests to the provider").hasSize(1);
		assertThat(this.ledger.snapshot().total().calls() - this.callsBefore).as("calls recorded, all features")
			.isEqualTo(1);
		Totals totals = this.ledger.snapshot()
			.features()
			.stream()
			.filter((totalsOf) -> totalsOf.feature().equals(feature))
			.findFirst()
			.orElseThrow(() -> new AssertionError("nothing recorded for " + feature + ": " + this.ledger.snapshot()))
			.totals();
		assertThat(totals.calls()).isEqualTo(1);
		assertThat(totals.tokens()).isEqualTo(tokens);
		assertThat(totals.cost()).isEqualByComparingTo(new BigDecimal(cost));
	}

}
