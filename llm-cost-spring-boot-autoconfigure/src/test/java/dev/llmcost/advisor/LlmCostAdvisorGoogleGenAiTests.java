package dev.llmcost.advisor;

import java.time.Duration;
import java.util.List;

import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import dev.llmcost.annotation.LlmFeature;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.test.CostTestApplication.WeatherTools;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.test.ScriptedHttpServer;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.google.genai.GoogleGenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The advisor on Spring AI's real Google Gen AI chat model, talking HTTP to a local
 * server that answers in the Gemini API's REST format. Gemini counts thinking tokens
 * ({@code thoughtsTokenCount}) beside the candidates' tokens and cached tokens
 * ({@code cachedContentTokenCount}) inside the prompt tokens. Prices (USD per million
 * tokens, built-in catalog, Google's pricing page): gemini-2.5-flash 0.30 input / 0.03
 * cached / 2.50 output, thinking included.
 * <p>
 * The application selects the Google Gen AI chat model with
 * {@code spring.ai.model.chat=google-genai} (every other test application selects OpenAI
 * in {@code application.properties}), and gives it a {@link Client} of its own pointed at
 * the local server: Spring AI's auto-configuration backs off for it.
 */
@SpringBootTest(classes = LlmCostAdvisorGoogleGenAiTests.GeminiApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "spring.ai.model.chat=google-genai", "spring.ai.openai.api-key=unused",
				"spring.ai.retry.max-attempts=1" })
class LlmCostAdvisorGoogleGenAiTests {

	private static final ScriptedHttpServer server = ScriptedHttpServer.start("{\"error\":{\"code\":500}}");

	@Autowired
	private ChatClient chatClient;

	@Autowired
	private CostLedger ledger;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private DirectModelService directService;

	@AfterAll
	static void stopServer() {
		server.stop();
	}

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@Test
	void thinkingTokensShouldBeRecordedAsReasoningAndPricedAsOutput() {
		server.enqueue(generateContent("Thought it through.",
				"{\"promptTokenCount\":1800,\"candidatesTokenCount\":180,\"thoughtsTokenCount\":1200,"
						+ "\"totalTokenCount\":3180}"));

		String answer = call("gemini-thinking", "Think hard");

		assertThat(answer).isEqualTo("Thought it through.");
		assertThat(server.paths()).containsExactly("/v1beta/models/gemini-2.5-flash:generateContent");
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "gemini-thinking");
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(1800, 0, 0, 180, 1200));
		// 1800 x 0.30 + 180 x 2.50 + 1200 x 2.50 = 540 + 450 + 3000 = 3990 USD per
		// million
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.00399");
	}

	/**
	 * gemini-2.5-pro (built-in catalog, Google's pricing page): 1.25 input / 0.125 cached
	 * / 10 output up to 200,000 prompt tokens; above, the whole call at 2.50 / 0.25 / 15.
	 * Cached tokens count towards the threshold, as they are part of the prompt.
	 */
	@Test
	void promptOverTwoHundredThousandTokensShouldPriceTheWholeCallAtGeminiProsLongContextRates() {
		server.enqueue(generateContent("Long.", "gemini-2.5-pro",
				"{\"promptTokenCount\":150000,\"cachedContentTokenCount\":60000,\"candidatesTokenCount\":1000,"
						+ "\"thoughtsTokenCount\":2000,\"totalTokenCount\":153000}"));
		server.enqueue(generateContent("Longer.", "gemini-2.5-pro",
				"{\"promptTokenCount\":250000,\"cachedContentTokenCount\":60000,\"candidatesTokenCount\":1000,"
						+ "\"thoughtsTokenCount\":2000,\"totalTokenCount\":253000}"));

		call("gemini-pro-short", "gemini-2.5-pro", "Read this");
		call("gemini-pro-long", "gemini-2.5-pro", "Read all of this");

		FeatureTotals shortPrompt = LedgerFeatures.feature(this.ledger, "gemini-pro-short");
		assertThat(shortPrompt.totals().tokens()).isEqualTo(new TokenUsage(90000, 60000, 0, 1000, 2000));
		// 90000 x 1.25 + 60000 x 0.125 + (1000 + 2000) x 10 = 112500 + 7500 + 30000 =
		// 150000 USD per million
		assertThat(shortPrompt.totals().cost()).isEqualByComparingTo("0.15");
		FeatureTotals longPrompt = LedgerFeatures.feature(this.ledger, "gemini-pro-long");
		assertThat(longPrompt.totals().tokens()).isEqualTo(new TokenUsage(190000, 60000, 0, 1000, 2000));
		// 250,000 prompt tokens > 200,000: 190000 x 2.50 + 60000 x 0.25 + (1000 + 2000) x
		// 15 = 475000 + 15000 + 45000 = 535000 USD per million
		assertThat(longPrompt.totals().cost()).isEqualByComparingTo("0.535");
	}

	@Test
	void cachedContentTokensShouldBeTakenOutOfThePromptAndPricedAsCacheReads() {
		server.enqueue(generateContent("From the cache.",
				"{\"promptTokenCount\":5000,\"cachedContentTokenCount\":4096,\"candidatesTokenCount\":200,"
						+ "\"totalTokenCount\":5200}"));

		call("gemini-cached", "Again");

		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "gemini-cached");
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(904, 4096, 0, 200, 0));
		// 904 x 0.30 + 4096 x 0.03 + 200 x 2.50 = 271.2 + 122.88 + 500 = 894.08 USD per
		// million
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.00089408");
	}

	@Test
	void streamShouldBePricedFromTheUsageOfItsLastChunkThinkingIncluded() {
		server.enqueue(streamGenerateContent(
				chunk("Hel", null,
						"{\"promptTokenCount\":1800,\"candidatesTokenCount\":2,\"thoughtsTokenCount\":1200,"
								+ "\"totalTokenCount\":3002}"),
				chunk("lo!", "STOP", "{\"promptTokenCount\":1800,\"cachedContentTokenCount\":1024,"
						+ "\"candidatesTokenCount\":180,\"thoughtsTokenCount\":1200,\"totalTokenCount\":3180}")));

		List<String> pieces = this.chatClient.prompt()
			.options(GoogleGenAiChatOptions.builder().model("gemini-2.5-flash"))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "gemini-stream"))
			.user("Stream it")
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(String.join("", pieces)).isEqualTo("Hello!");
		assertThat(server.paths()).containsExactly("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "gemini-stream");
		assertThat(feature.totals().calls()).isEqualTo(1);
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(776, 1024, 0, 180, 1200));
		// 776 x 0.30 + 1024 x 0.03 + 180 x 2.50 + 1200 x 2.50
		// = 232.8 + 30.72 + 450 + 3000 = 3713.52 USD per million
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.00371352");
	}

	@Test
	void directChatModelCallAndStreamShouldBeReadTheSameWay() {
		String usage = "{\"promptTokenCount\":1800,\"candidatesTokenCount\":180,\"thoughtsTokenCount\":1200,"
				+ "\"totalTokenCount\":3180}";
		server.enqueue(generateContent("Direct.", usage));
		server.enqueue(streamGenerateContent(chunk("Dir", null, usage), chunk("ect.", "STOP", usage)));

		this.directService.call("Think");
		this.directService.stream("Think again");

		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "gemini-direct");
		assertThat(feature.totals().calls()).isEqualTo(2);
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(3600, 0, 0, 360, 2400));
		// twice 1800 x 0.30 + 180 x 2.50 + 1200 x 2.50 = 2 x 3990 USD per million
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.00798");
	}

	@Test
	void toolLoopShouldRecordEachModelRoundOnceWithItsOwnUsageThinkingIncluded() {
		server.enqueue(new ScriptedHttpServer.Reply("application/json",
				functionCall("currentWeather", "{\"city\":\"Paris\"}",
						"{\"promptTokenCount\":800,\"candidatesTokenCount\":40,\"thoughtsTokenCount\":300,"
								+ "\"totalTokenCount\":1140}")));
		server.enqueue(generateContent("Visit the Louvre; it is sunny.",
				"{\"promptTokenCount\":1000,\"cachedContentTokenCount\":512,\"candidatesTokenCount\":120,"
						+ "\"thoughtsTokenCount\":200,\"totalTokenCount\":1320}"));

		String answer = this.chatClient.prompt()
			.options(GoogleGenAiChatOptions.builder().model("gemini-2.5-flash"))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "gemini-tool-loop"))
			.user("Plan a day in Paris")
			.tools(new WeatherTools())
			.call()
			.content();

		assertThat(answer).isEqualTo("Visit the Louvre; it is sunny.");
		assertThat(server.bodies()).hasSize(2);
		assertThat(server.bodies().get(1)).contains("functionResponse").contains("Sunny, 21 C in Paris");
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "gemini-tool-loop");
		assertThat(feature.totals().calls()).isEqualTo(2);
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(800 + 488, 512, 0, 40 + 120, 300 + 200));
		// round 1: 800 x 0.30 + 40 x 2.50 + 300 x 2.50 = 240 + 100 + 750 = 1090
		// round 2: 488 x 0.30 + 512 x 0.03 + 120 x 2.50 + 200 x 2.50
		// = 146.4 + 15.36 + 300 + 500 = 961.76
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.00205176");
	}

	@Test
	void rateLimitedCallShouldReachTheCallerAndBeRecordedAsOneFailedCallWithItsStatus() {
		// As the Gemini API answers a request over its quota.
		server.enqueue(new ScriptedHttpServer.Reply(429, "application/json",
				"{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted\","
						+ "\"status\":\"RESOURCE_EXHAUSTED\"}}"));

		// Spring AI wraps the SDK's exception, as it does without the starter.
		assertThatException().isThrownBy(() -> call("gemini-throttled", "Too many"))
			.withMessage("Failed to generate content")
			.withCauseInstanceOf(ClientException.class);

		assertThat(server.paths()).as("no retry").hasSize(1);
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "gemini-throttled");
		assertThat(feature.totals().calls()).isEqualTo(1);
		assertThat(feature.totals().errors()).isEqualTo(1);
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(0, 0, 0, 0, 0));
		assertThat(this.meterRegistry.get("llm.call")
			.tag("feature", "gemini-throttled")
			.tag("gen_ai.provider.name", "gcp.gen_ai")
			.tag("error.type", "429")
			.timer()
			.count()).isEqualTo(1);
	}

	private String call(String feature, String text) {
		return call(feature, "gemini-2.5-flash", text);
	}

	private String call(String feature, String model, String text) {
		return this.chatClient.prompt()
			.options(GoogleGenAiChatOptions.builder().model(model))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, feature))
			.user(text)
			.call()
			.content();
	}

	// Response bodies as the Gemini API reference documents GenerateContentResponse.
	private static ScriptedHttpServer.Reply generateContent(String text, String usageMetadata) {
		return new ScriptedHttpServer.Reply("application/json", chunk(text, "STOP", usageMetadata));
	}

	private static ScriptedHttpServer.Reply generateContent(String text, String modelVersion, String usageMetadata) {
		return new ScriptedHttpServer.Reply("application/json", chunk(text, "STOP", usageMetadata)
			.replace("\"modelVersion\":\"gemini-2.5-flash\"", "\"modelVersion\":\"" + modelVersion + "\""));
	}

	private static ScriptedHttpServer.Reply streamGenerateContent(String... chunks) {
		StringBuilder body = new StringBuilder();
		for (String chunk : chunks) {
			body.append("data: ").append(chunk).append("\r\n\r\n");
		}
		return new ScriptedHttpServer.Reply("text/event-stream", body.toString());
	}

	private static String chunk(String text, String finishReason, String usageMetadata) {
		return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"},"
				+ ((finishReason != null) ? "\"finishReason\":\"" + finishReason + "\"," : "") + "\"index\":0}],"
				+ "\"usageMetadata\":" + usageMetadata + ",\"modelVersion\":\"gemini-2.5-flash\","
				+ "\"responseId\":\"gemini-response-1\"}";
	}

	private static String functionCall(String name, String args, String usageMetadata) {
		return "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"" + name + "\",\"args\":" + args
				+ "}}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}]," + "\"usageMetadata\":"
				+ usageMetadata + ",\"modelVersion\":\"gemini-2.5-flash\"," + "\"responseId\":\"gemini-response-2\"}";
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class GeminiApplication {

		@Bean
		Client googleGenAiClient() {
			return Client.builder()
				.apiKey("test-key")
				// The SDK retries a 429 four times by default, for half a minute.
				.httpOptions(HttpOptions.builder()
					.baseUrl(server.baseUrl() + "/")
					.retryOptions(HttpRetryOptions.builder().attempts(1).build())
					.build())
				.build();
		}

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
	 * Uses the chat model directly, without a {@code ChatClient}.
	 */
	public static class DirectModelService {

		private final ChatModel chatModel;

		DirectModelService(ChatModel chatModel) {
			this.chatModel = chatModel;
		}

		@LlmFeature("gemini-direct")
		public String call(String text) {
			return this.chatModel.call(prompt(text)).getResult().getOutput().getText();
		}

		@LlmFeature("gemini-direct")
		public List<ChatResponse> stream(String text) {
			return this.chatModel.stream(prompt(text)).collectList().block(Duration.ofSeconds(10));
		}

		private static Prompt prompt(String text) {
			return new Prompt(text, GoogleGenAiChatOptions.builder().model("gemini-2.5-flash").build());
		}

	}

}
