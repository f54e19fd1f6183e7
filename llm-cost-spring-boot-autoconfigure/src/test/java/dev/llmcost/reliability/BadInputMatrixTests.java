package dev.llmcost.reliability;

import java.math.BigDecimal;
import java.net.ProtocolException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.SseException;
import dev.llmcost.attribution.Attribution;
import dev.llmcost.advisor.LlmCostAdvisor;
import dev.llmcost.observation.FeatureNames;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.ledger.LedgerSnapshot.UnpricedModel;
import dev.llmcost.observation.LlmCostMeters;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.test.PrometheusScrape;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import dev.llmcost.testsupport.OpenAiWireServer.StreamEnding;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the caller gets, what is recorded and what is logged when the model, the
 * provider's numbers or the feature names are bad: every row of the matrix in
 * {@code docs/reliability.md}. Every call goes through the real OpenAI client over HTTP
 * unless the row is about a {@code ChatModel} itself (then a stub model under a
 * {@code ChatClient} with the starter's advisor). After each call the ledger and the
 * meters must agree. Prices (USD per million tokens, built-in catalog): gpt-4o-mini 0.15
 * input / 0.075 cached / 0.60 output; gpt-5 1.25 / 0.125 / 10.00. The application is
 * shared with other tests: each row has feature and model names of its own, and a warning
 * logged once per advisor is looked for through an advisor of the row's own.
 */
@CostTrackingTest
@ExtendWith(OutputCaptureExtension.class)
class BadInputMatrixTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String MINI = "gpt-4o-mini-2024-07-18";

	@LocalServerPort
	private int port;

	@Autowired
	private ChatClient chatClient;

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private SummaryService summaryService;

	@Autowired
	private LlmCostAdvisor advisor;

	@Autowired
	private LlmCallRecorder recorder;

	@Autowired
	private CostLedger ledger;

	@Autowired
	private MeterRegistry meterRegistry;

	private double starterFailuresBefore;

	@BeforeEach
	void reset() {
		server.reset();
		this.starterFailuresBefore = starterFailures();
	}

	// Usage

	@Test
	void callWithoutUsageShouldAnswerAndBeRecordedWithNoTokensAndAWarning(CapturedOutput output) {
		server.enqueue(Reply.chatWithoutUsage(MINI, "No usage here."));
		server.enqueue(Reply.chatWithoutUsage(MINI, "Still none."));
		// A fresh advisor: the warning is logged once per advisor, and other rows of
		// this class make the shared one log it first.
		ChatClient client = freshAdvisorClient();

		for (String expected : List.of("No usage here.", "Still none.")) {
			assertThat(client.prompt()
				.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "usage-missing"))
				.user("Hello")
				.call()
				.content()).isEqualTo(expected);
		}

		assertRecorded("usage-missing", 2, 0, TokenUsage.EMPTY, "0");
		assertThat(output).containsOnlyOnce("An LLM call completed without reporting token usage (none, or all zero)");
	}

	@Test
	void callWithNullUsageCountsShouldAnswerAndBeRecordedWithNoTokens() {
		ChatClient client = clientOf(
				(prompt) -> new ChatResponse(List.of(new Generation(new AssistantMessage("Null counts."))),
						ChatResponseMetadata.builder().model("gpt-4o-mini").usage(new NullCounts()).build()));

		assertThat(client.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "usage-null"))
			.user("Hello")
			.call()
			.content()).isEqualTo("Null counts.");

		assertRecorded("usage-null", 1, 0, TokenUsage.EMPTY, "0");
	}

	@Test
	void callWithAllZeroUsageShouldAnswerAndBeRecordedWithNoTokens() {
		server.enqueue(Reply.chat(MINI, "Zero.", new Usage(0, 0, 0, 0)));

		assertThat(call("usage-zero", "Hello")).isEqualTo("Zero.");

		assertRecorded("usage-zero", 1, 0, TokenUsage.EMPTY, "0");
	}

	@Test
	void negativeCountsShouldCountAsZero() {
		server.enqueue(Reply.chatWithRawUsage(MINI, "Negative.",
				"{\"prompt_tokens\":100,\"completion_tokens\":-20,\"total_tokens\":80,"
						+ "\"prompt_tokens_details\":{\"cached_tokens\":-50},"
						+ "\"completion_tokens_details\":{\"reasoning_tokens\":-5}}"));
		server.enqueue(Reply.chatWithRawUsage(MINI, "All negative.",
				"{\"prompt_tokens\":-100,\"completion_tokens\":-20,\"total_tokens\":-120}"));

		assertThat(call("usage-negative", "Hello")).isEqualTo("Negative.");
		assertThat(call("usage-negative", "Hello")).isEqualTo("All negative.");

		// 100 x 0.15 = 15 per million; every negative count is 0
		assertRecorded("usage-negative", 2, 0, new TokenUsage(100, 0, 0, 0, 0), "0.000015");
	}

	@Test
	void cachedTokensAbovePromptTokensShouldBeCutToThePromptTokens() {
		server.enqueue(Reply.chat(MINI, "Over-cached.", new Usage(100, 500, 20, 0)));

		assertThat(call("cached-above-prompt", "Hello")).isEqualTo("Over-cached.");

		// 100 x 0.075 + 20 x 0.60 = 7.5 + 12 = 19.5 per million
		assertRecorded("cached-above-prompt", 1, 0, new TokenUsage(0, 100, 0, 20, 0), "0.0000195");
	}

	@Test
	void reasoningTokensAboveCompletionTokensShouldBeCutToTheCompletionTokens() {
		server.enqueue(Reply.chat("gpt-5-2025-08-07", "Over-thought.", new Usage(100, 0, 20, 50)));

		assertThat(callWith("gpt-5", "reasoning-above-completion", "Hello")).isEqualTo("Over-thought.");

		// 100 x 1.25 + 20 x 10 = 125 + 200 = 325 per million
		assertRecorded("reasoning-above-completion", 1, 0, new TokenUsage(100, 0, 0, 0, 20), "0.000325");
	}

	@Test
	void countsNearIntegerMaxShouldAddUpWithoutOverflow() throws Exception {
		// prompt + completion = 2,147,483,647 = Integer.MAX_VALUE: the largest total
		// Spring AI's OpenAI client accepts
		Usage huge = new Usage(2_000_000_000, 1_000_000_000, 147_483_647, 0);
		for (int i = 0; i < 3; i++) {
			server.enqueue(Reply.chat(MINI, "Huge " + i + ".", huge));
		}

		for (int i = 0; i < 3; i++) {
			assertThat(call("huge-counts", "Hello")).isEqualTo("Huge " + i + ".");
		}

		// per call: 1e9 x 0.15 + 1e9 x 0.075 + 147,483,647 x 0.60 = 150 + 75 +
		// 88.4901882 = 313.4901882 USD; three calls: 940.4705646
		TokenUsage sum = new TokenUsage(3_000_000_000L, 3_000_000_000L, 0, 442_450_941L, 0);
		assertRecorded("huge-counts", 3, 0, sum, "940.4705646");
		JsonNode feature = json.readTree(get("/actuator/llmcost/huge-counts").body());
		assertThat(feature.path("tokens").path("input").asLong()).isEqualTo(3_000_000_000L);
		assertThat(feature.path("tokens").path("output").asLong()).isEqualTo(442_450_941L);
		assertThat(feature.path("cost").decimalValue()).isEqualByComparingTo("940.4705646");
	}

	@Test
	void totalAboveIntegerMaxShouldFailInSpringAiAndReachTheCallerUnchanged() {
		server.enqueue(Reply.chatWithRawUsage(MINI, "Too big.",
				"{\"prompt_tokens\":2147483647,\"completion_tokens\":2147483647,\"total_tokens\":4294967294}"));
		server.enqueue(Reply.chatWithRawUsage(MINI, "Too big.",
				"{\"prompt_tokens\":2147483647,\"completion_tokens\":2147483647,\"total_tokens\":4294967294}"));

		Throwable withoutStarter = catchThrowable(() -> plainClient().prompt().user("Hello").call().content());
		Throwable withStarter = catchThrowable(() -> call("total-above-int", "Hello"));

		assertSameFailure(withStarter, withoutStarter);
		assertThat(withStarter).isInstanceOf(ArithmeticException.class);
		assertRecorded("total-above-int", 1, 1, TokenUsage.EMPTY, "0");
	}

	@Test
	void streamWithoutUsageShouldStreamAndBeRecordedWithNoTokensAndAWarning(CapturedOutput output) {
		server.enqueue(Reply.stream(MINI, StreamEnding.WITHOUT_USAGE, "Hel", "lo"));
		// A fresh advisor: the warning is logged once per advisor, and a stream of
		// another test without usage would make the shared one log it first.
		ChatClient client = freshAdvisorClient();

		assertThat(stream(client, "stream-usage-missing", "Hello").collectList().block(Duration.ofSeconds(10)))
			.containsExactly("Hel", "lo");

		assertRecorded("stream-usage-missing", 1, 0, TokenUsage.EMPTY, "0");
		assertThat(output).containsOnlyOnce("A streamed LLM call completed without reporting usage");
	}

	// Feature names

	static Stream<Arguments> featureNames() {
		return Stream.of(Arguments.of("empty", "", "unattributed"), Arguments.of("blank", " \t ", "unattributed"),
				Arguments.of("10,000 characters", "a".repeat(10_000), "a".repeat(64)),
				Arguments.of("accented", "résumé", "r_sum_"), Arguments.of("emoji", "🚀 launch", "___launch"),
				Arguments.of("CJK", "文档摘要", "____"),
				Arguments.of("label-breaking", "a\"b\nc{d}e=f,g", "a_b_c_d_e_f_g"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("featureNames")
	void featureNameShouldBeRecordedSanitised(String description, String raw, String recorded) throws Exception {
		server.enqueue(Reply.chat(MINI, "Named.", new Usage(1000, 0, 100, 0)));
		long before = callsOf(recorded);

		assertThat(call(raw, "Hello")).isEqualTo("Named.");

		assertThat(LedgerAndMeters.totals(this.ledger, recorded).calls()).isEqualTo(before + 1);
		LedgerAndMeters.assertAgree(this.ledger, this.meterRegistry, recorded);
		assertThat(get("/actuator/llmcost/" + URLEncoder.encode(recorded, StandardCharsets.UTF_8)).statusCode())
			.isEqualTo(200);
		assertThat(this.meterRegistry.find("llm.tokens").tag("feature", raw).counters())
			.as("the raw name is never a tag value")
			.isEmpty();
	}

	@Test
	void blankPerRequestFeatureInsideAnAnnotatedMethodShouldBeUnattributed() {
		server.enqueue(Reply.chat(MINI, "Blank.", new Usage(10, 0, 1, 0)));
		long unattributed = callsOf(Attribution.UNATTRIBUTED_FEATURE);
		long annotated = callsOf("document-summary");

		assertThat(this.summaryService.summarizeFor("  ", "Hello")).isEqualTo("Blank.");

		assertThat(callsOf(Attribution.UNATTRIBUTED_FEATURE)).isEqualTo(unattributed + 1);
		assertThat(callsOf("document-summary")).as("no fallback to @LlmFeature").isEqualTo(annotated);
		LedgerAndMeters.assertAgree(this.ledger, this.meterRegistry, Attribution.UNATTRIBUTED_FEATURE);
	}

	@Test
	void labelBreakingModelNamesShouldKeepTheScrapeParseableAndTheLogOnOneLine(CapturedOutput output) throws Exception {
		String evil = "evil\"model\n{x=y},z\\ résumé 🚀 文档";
		String recorded = "evil\"model_{x=y},z\\ résumé 🚀 文档";
		server.enqueue(Reply.chat(evil, "Unpriced.", new Usage(10, 0, 1, 0)));
		server.enqueue(Reply.chat(MINI, "Named.", new Usage(10, 0, 1, 0)));

		assertThat(callWith(evil, "label-breaking-model", "Hello")).isEqualTo("Unpriced.");
		assertThat(call("🚀 \"launch\"\n{x=y}", "Hello")).isEqualTo("Named.");

		PrometheusScrape scrape = PrometheusScrape.of(this.port);
		scrape.assertPassesPromtool();
		assertThat(scrape.sum("llm_unpriced_calls_total", "gen_ai_response_model", recorded, "gen_ai_request_model",
				recorded))
			.as("label values survive the round trip, the newline replaced")
			.isEqualTo(1);
		assertThat(scrape.sum("llm_tokens_total", "feature", "label-breaking-model", "llm_token_type", "input"))
			.isEqualTo(10);
		assertThat(scrape.sum("llm_call_seconds_count", "feature", "____launch___x_y_")).isEqualTo(1);
		assertThat(this.ledger.snapshot().unpriced()).contains(new UnpricedModel(recorded, 1));
		JsonNode costs = json.readTree(get("/actuator/llmcost").body());
		assertThat(costs.path("unpriced").findValuesAsString("model")).contains(recorded);
		assertThat(output).contains("No price for LLM model 'evil\"model\\n{x=y},z\\\\ résumé 🚀 文档'")
			.doesNotContain("evil\"model\n");
	}

	static Stream<Arguments> hostileModelNames() {
		return Stream.of(
				Arguments.of("10,000 characters", "long-model-name", "m".repeat(10_000), "m".repeat(128),
						"No price for LLM model '" + "m".repeat(200) + "... (10000 characters)'"),
				Arguments.of("1 MB", "megabyte-model-name", "x".repeat(1 << 20), "x".repeat(128),
						"No price for LLM model '" + "x".repeat(200) + "... (1048576 characters)'"),
				Arguments.of("control characters", "control-model-name", "ctl\r\t\u0001\u007fmodel\u2028",
						"ctl____model_", "No price for LLM model 'ctl\\r\\u0009\\u0001\\u007fmodel"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileModelNames")
	void modelNameShouldBeRecordedCutAndWithoutControlCharacters(String description, String feature, String raw,
			String recorded, String logged, CapturedOutput output) throws Exception {
		server.enqueue(Reply.chat(raw, "Hostile.", new Usage(10, 0, 1, 0)));

		assertThat(callWith(raw, feature, "Hello")).isEqualTo("Hostile.");

		assertRecorded(feature, 1, 0, new TokenUsage(10, 0, 0, 1, 0), "0");
		assertThat(LedgerFeatures.model(this.ledger, feature, recorded).totals().calls()).isEqualTo(1);
		assertThat(this.ledger.snapshot().unpriced()).contains(new UnpricedModel(recorded, 1));
		PrometheusScrape scrape = PrometheusScrape.of(this.port);
		System.out.printf("Model name of %s: scrape of %d characters%n", description, scrape.text().length());
		scrape.assertPassesPromtool();
		assertThat(scrape.sum("llm_unpriced_calls_total", "feature", feature, "gen_ai_request_model", recorded,
				"gen_ai_response_model", recorded))
			.isEqualTo(1);
		assertThat(scrape.samples()).flatExtracting((sample) -> List.copyOf(sample.labels().values()))
			.as("label values of every series, Spring AI's gen_ai_ ones included")
			.allSatisfy((value) -> assertThat(value).hasSizeLessThanOrEqualTo(128).doesNotContainPattern("\\p{Cc}"));
		assertThat(output).contains(logged).doesNotContain(raw.substring(0, Math.min(raw.length(), 201)));
	}

	// Unknown models

	@Test
	void unknownModelShouldBeUnpricedCountedAndWarnedOnce(CapturedOutput output) {
		server.enqueue(Reply.chat("mystery-model-7", "One.", new Usage(700, 0, 70, 0)));
		server.enqueue(Reply.chat("mystery-model-7", "Two.", new Usage(700, 0, 70, 0)));

		assertThat(callWith("mystery-model-7", "unknown-model", "Hello")).isEqualTo("One.");
		assertThat(callWith("mystery-model-7", "unknown-model", "Hello")).isEqualTo("Two.");

		assertRecorded("unknown-model", 2, 0, new TokenUsage(1400, 0, 0, 140, 0), "0");
		assertThat(this.ledger.snapshot().unpriced()).contains(new UnpricedModel("mystery-model-7", 2));
		assertThat(this.meterRegistry.get("llm.unpriced.calls").tag("feature", "unknown-model").counter().count())
			.isEqualTo(2);
		assertThat(output).containsOnlyOnce("No price for LLM model 'mystery-model-7'");
	}

	// The model failing

	@Test
	void http500ShouldReachTheCallerUnchangedAndBeRecordedAsAnError(CapturedOutput output) {
		server.enqueue(Reply.error(500, "server_error", "The server had an error"));
		server.enqueue(Reply.error(500, "server_error", "The server had an error"));

		Throwable withoutStarter = catchThrowable(() -> plainClient().prompt().user("Hello").call().content());
		Throwable withStarter = catchThrowable(() -> call("http-500", "Hello"));

		assertSameFailure(withStarter, withoutStarter);
		assertThat(withStarter).isInstanceOf(InternalServerException.class);
		assertRecorded("http-500", 1, 1, TokenUsage.EMPTY, "0");
		assertThat(
				this.meterRegistry.get("llm.call").tag("feature", "http-500").tag("error.type", "500").timer().count())
			.isEqualTo(1);
		assertThat(output).doesNotContain("LLM cost tracking failed");
	}

	@Test
	void http400ShouldReachTheCallerUnchangedAndBeRecordedAsAnError(CapturedOutput output) {
		server.enqueue(Reply.error(400, "invalid_request_error", "Bad request"));
		server.enqueue(Reply.error(400, "invalid_request_error", "Bad request"));

		Throwable withoutStarter = catchThrowable(() -> plainClient().prompt().user("Hello").call().content());
		Throwable withStarter = catchThrowable(() -> call("http-400", "Hello"));

		assertSameFailure(withStarter, withoutStarter);
		assertThat(withStarter).isInstanceOf(BadRequestException.class);
		assertRecorded("http-400", 1, 1, TokenUsage.EMPTY, "0");
		assertThat(
				this.meterRegistry.get("llm.call").tag("feature", "http-400").tag("error.type", "400").timer().count())
			.isEqualTo(1);
		assertThat(output).doesNotContain("LLM cost tracking failed");
	}

	@Test
	void chatModelThrowingShouldReachTheCallerAsTheSameExceptionAndBeRecordedAsAnError(CapturedOutput output) {
		IllegalStateException failure = new IllegalStateException("model exploded");
		ChatClient client = clientOf((prompt) -> {
			throw failure;
		});

		Throwable thrown = catchThrowable(() -> client.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "model-throws"))
			.user("Hello")
			.call()
			.content());

		assertThat(thrown).isSameAs(failure);
		assertRecorded("model-throws", 1, 1, TokenUsage.EMPTY, "0");
		assertThat(this.ledger.snapshot()
			.features()
			.stream()
			.filter((feature) -> feature.feature().equals("model-throws"))
			.flatMap((feature) -> feature.models().stream())
			.map((model) -> model.model())).as("no model was named").containsExactly("unknown");
		assertThat(this.meterRegistry.get("llm.call")
			.tag("feature", "model-throws")
			.tag("error.type", "IllegalStateException")
			.timer()
			.count()).isEqualTo(1);
		assertThat(output).doesNotContain("LLM cost tracking failed").doesNotContain("No price for LLM model 'null'");
	}

	// Streams ending badly

	@Test
	void streamDroppedMidwayShouldFailTheCallerAsWithoutTheStarterAndBeRecordedOnceAsAnError(CapturedOutput output) {
		server.enqueue(Reply.stream(MINI, StreamEnding.CONNECTION_DROPPED, "Hel", "lo"));
		server.enqueue(Reply.stream(MINI, StreamEnding.CONNECTION_DROPPED, "Hel", "lo"));

		Received withoutStarter = Received.from(plainClient().prompt().user("Hello").stream().content());
		Received withStarter = Received.from(stream("stream-dropped", "Hello"));

		assertThat(withStarter.pieces()).containsExactly("Hel", "lo").isEqualTo(withoutStarter.pieces());
		assertSameFailure(withStarter.error(), withoutStarter.error());
		assertThat(withStarter.error()).isInstanceOf(OpenAIIoException.class)
			.hasCauseInstanceOf(ProtocolException.class);
		assertRecorded("stream-dropped", 1, 1, TokenUsage.EMPTY, "0");
		assertThat(this.ledger.snapshot()
			.features()
			.stream()
			.filter((feature) -> feature.feature().equals("stream-dropped"))
			.flatMap((feature) -> feature.models().stream())
			.map((model) -> model.model())).as("the model named by the chunks").containsExactly(MINI);
		assertThat(output).doesNotContain("LLM cost tracking failed")
			.doesNotContain("A streamed LLM call completed without reporting usage");
	}

	@Test
	void streamErrorEventMidwayShouldFailTheCallerAsWithoutTheStarterAndBeRecordedOnceAsAnError(CapturedOutput output) {
		server.enqueue(Reply.stream(MINI, StreamEnding.ERROR_EVENT, "Hel", "lo"));
		server.enqueue(Reply.stream(MINI, StreamEnding.ERROR_EVENT, "Hel", "lo"));

		Received withoutStarter = Received.from(plainClient().prompt().user("Hello").stream().content());
		Received withStarter = Received.from(stream("stream-error-event", "Hello"));

		assertThat(withStarter.pieces()).isEqualTo(withoutStarter.pieces());
		assertSameFailure(withStarter.error(), withoutStarter.error());
		assertThat(withStarter.error()).isInstanceOf(SseException.class);
		assertRecorded("stream-error-event", 1, 1, TokenUsage.EMPTY, "0");
		// The SSE exception carries the stream's HTTP status, 200: not the failure.
		assertThat(this.meterRegistry.get("llm.call")
			.tag("feature", "stream-error-event")
			.tag("error.type", "SseException")
			.timer()
			.count()).isOne();
		assertThat(output).doesNotContain("LLM cost tracking failed")
			.doesNotContain("A streamed LLM call completed without reporting usage");
	}

	@Test
	void cancelledStreamShouldGiveTheFirstPieceAndBeRecordedOnceWithoutAnErrorWithEstimatedUsage(
			CapturedOutput output) {
		server.enqueue(Reply.stream(MINI, new Usage(100, 0, 10, 0), "one", "two", "three"));

		List<String> taken = stream("stream-cancelled", "Count").take(1).collectList().block(Duration.ofSeconds(10));

		assertThat(taken).containsExactly("one");
		// Estimated with o200k_base: "Count" 1 token + 3 for its message + 3 priming the
		// reply; "one" 1 token. 7 x 0.15 + 1 x 0.60 = 1.65 USD per million.
		assertRecorded("stream-cancelled", 1, 0, new TokenUsage(7, 0, 0, 1, 0), "0.00000165");
		assertThat(output).doesNotContain("LLM cost tracking failed")
			.doesNotContain("A streamed LLM call completed without reporting usage");
	}

	// Helpers

	private String call(String feature, String text) {
		return this.chatClient.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, feature))
			.user(text)
			.call()
			.content();
	}

	private String callWith(String model, String feature, String text) {
		return this.chatClient.prompt()
			.options(OpenAiChatOptions.builder().model(model))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, feature))
			.user(text)
			.call()
			.content();
	}

	private Flux<String> stream(String feature, String text) {
		return stream(this.chatClient, feature, text);
	}

	private Flux<String> stream(ChatClient client, String feature, String text) {
		return client.prompt()
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, feature))
			.user(text)
			.stream()
			.content()
			.filter((piece) -> !piece.isEmpty());
	}

	/**
	 * The same OpenAI model without the starter's advisor, for what a caller gets when
	 * cost tracking is absent. (Spring AI's model observation still records the call, as
	 * {@code unattributed}, through the starter's fallback path.)
	 */
	private ChatClient plainClient() {
		return ChatClient.builder(this.chatModel).build();
	}

	private ChatClient clientOf(ChatModel model) {
		return ChatClient.builder(model).defaultAdvisors(this.advisor).build();
	}

	/**
	 * The OpenAI model under an advisor of its own, for warnings logged once per advisor.
	 */
	private ChatClient freshAdvisorClient() {
		return ChatClient.builder(this.chatModel)
			.defaultAdvisors(new LlmCostAdvisor(this.recorder, LlmCostAdvisor.DEFAULT_ORDER))
			.build();
	}

	private long callsOf(String feature) {
		return LedgerFeatures.calls(this.ledger, feature);
	}

	private double starterFailures() {
		return this.meterRegistry.find(LlmCostMeters.ERRORS.getName())
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private void assertRecorded(String feature, long calls, long errors, TokenUsage tokens, String cost) {
		Totals totals = LedgerAndMeters.totals(this.ledger, feature);
		assertThat(totals.calls()).as("calls").isEqualTo(calls);
		assertThat(totals.errors()).as("errors").isEqualTo(errors);
		assertThat(totals.tokens()).as("tokens").isEqualTo(tokens);
		assertThat(totals.cost()).as("cost").isEqualByComparingTo(new BigDecimal(cost));
		LedgerAndMeters.assertAgree(this.ledger, this.meterRegistry, feature);
		assertThat(starterFailures()).as("no failure inside the starter").isEqualTo(this.starterFailuresBefore);
	}

	private static void assertSameFailure(Throwable withStarter, Throwable withoutStarter) {
		assertThat(withoutStarter).as("the call fails without the starter").isNotNull();
		assertThat(withStarter).as("the call fails with the starter").isNotNull();
		assertThat(withStarter.getClass()).isEqualTo(withoutStarter.getClass());
		assertThat(withStarter.getMessage()).isEqualTo(withoutStarter.getMessage());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * What a stream's subscriber received: the pieces before the end, and the error that
	 * ended it, if any.
	 */
	record Received(List<String> pieces, @Nullable Throwable error) {

		static Received from(Flux<String> stream) {
			List<String> pieces = new CopyOnWriteArrayList<>();
			Throwable error = catchThrowable(() -> stream.filter((piece) -> !piece.isEmpty())
				.doOnNext(pieces::add)
				.blockLast(Duration.ofSeconds(10)));
			return new Received(List.copyOf(pieces), error);
		}

	}

	/**
	 * A usage whose every count is {@code null}, as a provider module may report when the
	 * provider sent none.
	 */
	static final class NullCounts implements org.springframework.ai.chat.metadata.Usage {

		@Override
		public @Nullable Integer getPromptTokens() {
			return null;
		}

		@Override
		public @Nullable Integer getCompletionTokens() {
			return null;
		}

		@Override
		public @Nullable Object getNativeUsage() {
			return null;
		}

	}

}
