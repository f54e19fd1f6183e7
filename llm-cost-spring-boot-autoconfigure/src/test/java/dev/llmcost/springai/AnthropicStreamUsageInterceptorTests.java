package dev.llmcost.springai;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import dev.llmcost.observation.CostTrackingFailures;
import dev.llmcost.observation.FeatureNames;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.observation.ModelNames;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AnthropicStreamUsageInterceptor}, in an OkHttp client, against a
 * server that streams the Messages API's events (the interceptor as Spring AI's client
 * adds it is tested by {@code LlmCostAdvisorAnthropicTests}): the body reaches the caller
 * as it was sent, and the usage of {@code message_start} and {@code message_delta} is
 * kept by the message's id.
 */
class AnthropicStreamUsageInterceptorTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final String START_USAGE = "{\"input_tokens\":1000,\"cache_creation_input_tokens\":3000,"
			+ "\"cache_read_input_tokens\":4000,\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000,"
			+ "\"ephemeral_1h_input_tokens\":2000},\"output_tokens\":1}";

	private final SentStreamUsages usages = new SentStreamUsages();

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private OkHttpClient client;

	@BeforeEach
	void setUp() {
		server.reset();
		LlmCallRecorder recorder = new LlmCallRecorder(ObservationRegistry.NOOP, null, new FeatureNames(10),
				new ModelNames(10), new CallPricer((provider, model) -> null), ReportingCurrency.USD,
				new CostTrackingFailures(this.meterRegistry), Clock.systemUTC());
		this.client = new OkHttpClient.Builder()
			.addInterceptor(new AnthropicStreamUsageInterceptor(this.usages, recorder))
			.build();
	}

	@Test
	void countsOfMessageStartShouldCompleteAMessageDeltaThatCarriesOnlyOutputTokens() throws IOException {
		String events = events(START_USAGE, "{\"output_tokens\":200}");
		enqueue(events);

		assertThat(post()).isEqualTo(events);
		// 1000 input, 4000 cache reads, 3000 cache writes of which 2000 for an hour
		assertThat(this.usages.claim("msg_02").tokens())
			.isEqualTo(new TokenUsage(1000, 4000, 3000, 200, 0).withCacheWrite1h(2000));
		assertThat(this.usages.claim("msg_02")).as("claimed once").isNull();
	}

	@Test
	void countsThatMessageDeltaRepeatsShouldBeTakenFromIt() throws IOException {
		enqueue(events(START_USAGE, "{\"input_tokens\":1000,\"cache_creation_input_tokens\":0,"
				+ "\"cache_read_input_tokens\":5000,\"output_tokens\":200}"));

		post();

		// The delta's cache counts (no write), without its split.
		assertThat(this.usages.claim("msg_02").tokens()).isEqualTo(new TokenUsage(1000, 5000, 0, 200, 0));
	}

	@Test
	void malformedUsageShouldNeverBreakTheStream() throws IOException {
		String events = events("{\"input_tokens\":\"many\"}", "{\"output_tokens\":200}");
		enqueue(events);

		assertThat(post()).isEqualTo(events);
		assertThat(this.usages.claim("msg_02")).isNull();
		assertThat(this.meterRegistry.get("llm.cost.errors").counter().count()).isEqualTo(1);
	}

	private static String events(String startUsage, String deltaUsage) {
		return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_02\","
				+ "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-haiku-4-5\","
				+ "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":" + startUsage + "}}\n\n"
				+ "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
				+ "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
				+ "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
				+ "\"stop_sequence\":null},\"usage\":" + deltaUsage + "}\n\n"
				+ "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
	}

	private static void enqueue(String events) {
		server.enqueue((exchange, request) -> {
			byte[] bytes = events.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
	}

	private String post() throws IOException {
		// The shared wire server answers on OpenAI's path; the interceptor reads any
		// path.
		Request request = new Request.Builder().url(server.baseUrl() + "/chat/completions")
			.post(RequestBody.create("{\"stream\":true}", MediaType.get("application/json")))
			.build();
		try (Response response = this.client.newCall(request).execute()) {
			return response.body().string();
		}
	}

}
