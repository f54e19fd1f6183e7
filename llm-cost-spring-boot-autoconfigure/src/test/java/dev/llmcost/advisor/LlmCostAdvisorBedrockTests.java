package dev.llmcost.advisor;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmcost.annotation.LlmFeature;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.test.LedgerFeatures;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

import org.springframework.ai.bedrock.converse.StandInBedrockChatOptions;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The advisor, and the model observation of a direct call, on Amazon Bedrock's Converse
 * API: the real AWS SDK {@link BedrockRuntimeClient} talks HTTP to a local server that
 * answers in the Converse API's format ({@code POST /model/{modelId}/converse}, as AWS's
 * API reference documents it). Spring AI 2.0.1's {@code spring-ai-bedrock-converse}
 * module is not served by the Maven repository here, so
 * {@link StandInBedrockProxyChatModel} turns the SDK's responses into what Spring AI's
 * {@code BedrockProxyChatModel} makes of them (see its javadoc for the source lines
 * followed): usage with Bedrock's {@code inputTokens} excluding cache reads and writes,
 * the SDK's {@code TokenUsage} as native usage, and no response model, so each call is
 * priced as the model it asked for.
 * <p>
 * Prices (USD per million tokens, built-in catalog): Claude 3.7 Sonnet, which
 * {@code anthropic.claude-3-7-sonnet-20250219-v1:0} reaches by name normalisation, 3
 * input / 0.30 cache read / 3.75 cache write / 15 output; the US cross-region inference
 * profile of Claude Haiku 4.5 ({@code us.anthropic.claude-haiku-4-5-20251001-v1:0}, an
 * {@code aws.bedrock} entry: 10% above Anthropic's price) 1.10 / 0.11 / 1.375 / 5.50.
 */
@SpringBootTest(classes = LlmCostAdvisorBedrockTests.BedrockApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "spring.ai.model.chat=none", "spring.ai.openai.api-key=unused" })
class LlmCostAdvisorBedrockTests {

	private static final String CLAUDE_3_7_SONNET = "anthropic.claude-3-7-sonnet-20250219-v1:0";

	private static final String HAIKU_4_5_US_PROFILE_ARN = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0";

	private static final ConverseWireServer server = ConverseWireServer.start();

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
	void callShouldBePricedAsTheRequestedModelUnderTheBedrockProvider() {
		server.enqueue(converse("Hello from Bedrock.", "end_turn",
				"{\"inputTokens\":1200,\"outputTokens\":300,\"totalTokens\":1500}"));

		String answer = call("bedrock-plain", CLAUDE_3_7_SONNET, "Hello");

		assertThat(answer).isEqualTo("Hello from Bedrock.");
		assertThat(server.paths()).containsExactly("/model/anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse");
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "bedrock-plain");
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(1200, 0, 0, 300, 0));
		// 1200 x 3 + 300 x 15 = 3600 + 4500 = 8100 USD per million
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.0081");
		assertThat(this.meterRegistry.get("llm.call")
			.tag("feature", "bedrock-plain")
			.tag("gen_ai.provider.name", "aws.bedrock")
			.tag("gen_ai.request.model", CLAUDE_3_7_SONNET)
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void cacheReadsAndWritesShouldBePricedBesideTheUncachedInput() {
		// Bedrock's inputTokens (40) excludes the 3000 tokens read from and the 500
		// written to the prompt cache
		server.enqueue(converse("From the cache.", "end_turn", "{\"inputTokens\":40,\"outputTokens\":120,"
				+ "\"totalTokens\":3660,\"cacheReadInputTokens\":3000,\"cacheWriteInputTokens\":500}"));

		call("bedrock-cached", CLAUDE_3_7_SONNET, "Again");

		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "bedrock-cached");
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(40, 3000, 500, 120, 0));
		// 40 x 3 + 3000 x 0.30 + 500 x 3.75 + 120 x 15 = 120 + 900 + 1875 + 1800
		// = 4695 USD per million
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.004695");
	}

	@Test
	void toolLoopShouldBeRecordedOnceForEachModelRound() {
		server.enqueue(new ConverseWireServer.Reply(200,
				"{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":"
						+ "\"tooluse_weather_1\",\"name\":\"currentWeather\",\"input\":{\"city\":\"Paris\"}}}]}},"
						+ "\"stopReason\":\"tool_use\",\"usage\":{\"inputTokens\":400,\"outputTokens\":60,"
						+ "\"totalTokens\":460},\"metrics\":{\"latencyMs\":310}}"));
		server.enqueue(converse("Sunny in Paris: go for a walk.", "end_turn",
				"{\"inputTokens\":520,\"outputTokens\":80,\"totalTokens\":600}"));
		BedrockWeatherTools tools = new BedrockWeatherTools();

		String answer = this.chatClient.prompt()
			.options(StandInBedrockChatOptions.builder().model(CLAUDE_3_7_SONNET))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, "bedrock-tools"))
			.user("Plan a day in Paris")
			.tools(tools)
			.call()
			.content();

		assertThat(answer).isEqualTo("Sunny in Paris: go for a walk.");
		assertThat(tools.cities).containsExactly("Paris");
		assertThat(server.paths()).hasSize(2);
		assertThat(server.bodies().get(1)).as("the tool's result goes back to the model")
			.contains("\"toolUseId\":\"tooluse_weather_1\"")
			.contains("Sunny, 21 C in Paris");
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "bedrock-tools");
		assertThat(feature.totals().calls()).isEqualTo(2);
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(920, 0, 0, 140, 0));
		// (400 x 3 + 60 x 15) + (520 x 3 + 80 x 15) = 2100 + 2760 = 4860 USD per million
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.00486");
	}

	@Test
	void throttledCallShouldReachTheCallerAndBeRecordedAsOneFailedCallWithItsStatus() {
		// As Bedrock answers a request over the account's quota
		server.enqueue(new ConverseWireServer.Reply(429, "ThrottlingException",
				"{\"message\":\"Too many requests, please wait before trying again.\"}"));

		assertThatExceptionOfType(ThrottlingException.class)
			.isThrownBy(() -> call("bedrock-throttled", CLAUDE_3_7_SONNET, "Too many"));

		assertThat(server.paths()).as("no retry").hasSize(1);
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "bedrock-throttled");
		assertThat(feature.totals().calls()).isEqualTo(1);
		assertThat(feature.totals().errors()).isEqualTo(1);
		assertThat(feature.totals().tokens()).isEqualTo(TokenUsage.EMPTY);
		assertThat(feature.totals().cost()).isEqualByComparingTo("0");
		assertThat(this.meterRegistry.get("llm.call")
			.tag("feature", "bedrock-throttled")
			.tag("gen_ai.provider.name", "aws.bedrock")
			.tag("error.type", "429")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void inferenceProfileArnShouldBePricedAsItsProfile() {
		server.enqueue(converse("Through the US profile.", "end_turn",
				"{\"inputTokens\":1000,\"outputTokens\":200," + "\"totalTokens\":3200,\"cacheReadInputTokens\":2000}"));

		call("bedrock-profile", HAIKU_4_5_US_PROFILE_ARN, "Hi");

		assertThat(server.paths()).containsExactly("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3A"
				+ "inference-profile%2Fus.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse");
		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "bedrock-profile");
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(1000, 2000, 0, 200, 0));
		// 1000 x 1.10 + 2000 x 0.11 + 200 x 5.50 = 1100 + 220 + 1100 = 2420 USD per
		// million (the US profile's price, not Anthropic's 1 / 0.10 / 5)
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.00242");
	}

	@Test
	void directChatModelCallShouldBeRecordedFromItsModelObservation() {
		server.enqueue(converse("Direct.", "end_turn", "{\"inputTokens\":40,\"outputTokens\":120,"
				+ "\"totalTokens\":3660,\"cacheReadInputTokens\":3000,\"cacheWriteInputTokens\":500}"));

		this.directService.call("Directly");

		FeatureTotals feature = LedgerFeatures.feature(this.ledger, "bedrock-direct");
		assertThat(feature.totals().calls()).isEqualTo(1);
		assertThat(feature.totals().tokens()).isEqualTo(new TokenUsage(40, 3000, 500, 120, 0));
		// 40 x 3 + 3000 x 0.30 + 500 x 3.75 + 120 x 15 = 4695 USD per million
		assertThat(feature.totals().cost()).isEqualByComparingTo("0.004695");
		assertThat(this.meterRegistry.get("llm.call")
			.tag("feature", "bedrock-direct")
			.tag("gen_ai.provider.name", "aws.bedrock")
			.timer()
			.count()).isEqualTo(1);
	}

	private String call(String feature, String model, String text) {
		return this.chatClient.prompt()
			.options(StandInBedrockChatOptions.builder().model(model))
			.advisors((advisors) -> advisors.param(LlmCostAdvisor.FEATURE, feature))
			.user(text)
			.call()
			.content();
	}

	// A ConverseResponse body as AWS's API reference documents it.
	private static ConverseWireServer.Reply converse(String text, String stopReason, String usage) {
		return new ConverseWireServer.Reply(200,
				"{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"" + text + "\"}]}},"
						+ "\"stopReason\":\"" + stopReason + "\",\"usage\":" + usage
						+ ",\"metrics\":{\"latencyMs\":420}}");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BedrockApplication {

		@Bean(destroyMethod = "close")
		BedrockRuntimeClient bedrockRuntimeClient() {
			return BedrockRuntimeClient.builder()
				.endpointOverride(URI.create(server.baseUrl()))
				.region(Region.US_EAST_1)
				.credentialsProvider(
						StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTONLY", "test-secret")))
				.httpClient(UrlConnectionHttpClient.create())
				// The SDK retries a throttled request by default.
				.overrideConfiguration((config) -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
				.build();
		}

		@Bean
		ChatModel bedrockChatModel(BedrockRuntimeClient client, ObservationRegistry observationRegistry) {
			return new StandInBedrockProxyChatModel(client,
					StandInBedrockChatOptions.builder().model(CLAUDE_3_7_SONNET).build(), observationRegistry);
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

		@LlmFeature("bedrock-direct")
		public String call(String text) {
			return this.chatModel
				.call(new Prompt(text, StandInBedrockChatOptions.builder().model(CLAUDE_3_7_SONNET).build()))
				.getResult()
				.getOutput()
				.getText();
		}

	}

	static class BedrockWeatherTools {

		final List<String> cities = new CopyOnWriteArrayList<>();

		@Tool(description = "Current weather in a city")
		public String currentWeather(String city) {
			this.cities.add(city);
			return "Sunny, 21 C in " + city;
		}

	}

	/**
	 * Answers the Converse API with queued replies and keeps the raw paths and bodies it
	 * was sent.
	 */
	static final class ConverseWireServer {

		private final HttpServer http;

		private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();

		private final List<String> paths = new CopyOnWriteArrayList<>();

		private final List<String> bodies = new CopyOnWriteArrayList<>();

		private ConverseWireServer(HttpServer http) {
			this.http = http;
			http.createContext("/", this::handle);
			http.start();
		}

		static ConverseWireServer start() {
			try {
				return new ConverseWireServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		String baseUrl() {
			return "http://127.0.0.1:" + this.http.getAddress().getPort();
		}

		void enqueue(Reply reply) {
			this.replies.add(reply);
		}

		List<String> paths() {
			return List.copyOf(this.paths);
		}

		List<String> bodies() {
			return List.copyOf(this.bodies);
		}

		void reset() {
			this.replies.clear();
			this.paths.clear();
			this.bodies.clear();
		}

		void stop() {
			this.http.stop(0);
		}

		private void handle(HttpExchange exchange) throws IOException {
			this.bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			this.paths.add(exchange.getRequestURI().getRawPath());
			Reply reply = this.replies.poll();
			if (reply == null) {
				reply = new Reply(500, "InternalServerException", "{\"message\":\"no reply queued\"}");
			}
			byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.getResponseHeaders().add("x-amzn-RequestId", "bedrock-request-1");
			if (reply.errorType() != null) {
				exchange.getResponseHeaders().add("x-amzn-ErrorType", reply.errorType());
			}
			exchange.sendResponseHeaders(reply.status(), body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}

		/**
		 * A reply: a status, the AWS error type of an error ({@code x-amzn-ErrorType}),
		 * and a JSON body.
		 */
		record Reply(int status, String errorType, String body) {

			Reply(int status, String body) {
				this(status, null, body);
			}

		}

	}

}
