package dev.llmcost.springai;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import dev.llmcost.observation.CostTrackingFailures;
import dev.llmcost.observation.FeatureNames;
import dev.llmcost.observation.ModelNames;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.pricing.CallPricer;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
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

import org.springframework.ai.openai.http.okhttp.SpringAiOpenAiHttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OpenAiStreamUsageInterceptor}, in the OkHttp client Spring AI builds
 * for OpenAI, against a server that streams OpenAI's wire format: the body reaches the
 * caller as it was sent, and the usage of the last chunk is kept by the response's id.
 */
class OpenAiStreamUsageInterceptorTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final String STREAM_REQUEST = "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
			+ "\"stream_options\":{\"include_usage\":true}}";

	private final SentStreamUsages usages = new SentStreamUsages();

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private OkHttpClient client;

	private OkHttpClient plainClient;

	@BeforeEach
	void setUp() {
		server.reset();
		LlmCallRecorder recorder = new LlmCallRecorder(ObservationRegistry.NOOP, null, new FeatureNames(10),
				new ModelNames(10), new CallPricer((provider, model) -> null), ReportingCurrency.USD,
				new CostTrackingFailures(this.meterRegistry), Clock.systemUTC());
		SpringAiOpenAiHttpClient.Builder builder = SpringAiOpenAiHttpClient.builder();
		OpenAiStreamUsageInterceptor.customizer(this.usages, recorder).customize(builder);
		this.client = builder.build().getOkHttpClient();
		this.plainClient = SpringAiOpenAiHttpClient.builder().build().getOkHttpClient();
	}

	@Test
	void usageOfTheLastChunkShouldBeKeptByTheResponseId() throws IOException {
		server.enqueue(Reply.stream("gpt-4o-mini-2024-07-18", new Usage(1500, 1024, 250, 100), "Hel", "lo"));

		post(this.client, STREAM_REQUEST);

		// 1500 prompt tokens of which 1024 cached, 250 completion tokens of which 100
		// reasoning
		assertThat(this.usages.claim("chatcmpl-test").tokens()).isEqualTo(new TokenUsage(476, 1024, 0, 150, 100));
		assertThat(this.usages.claim("chatcmpl-test")).as("claimed once").isNull();
	}

	@Test
	void deepSeekCacheHitsShouldBeKeptAsCacheReads() throws IOException {
		server
			.enqueue(
					Reply.streamWithRawUsage("deepseek-chat",
							"{\"prompt_tokens\":5000,\"completion_tokens\":500,\"total_tokens\":5500,"
									+ "\"prompt_cache_hit_tokens\":4000,\"prompt_cache_miss_tokens\":1000}",
							"Hel", "lo"));

		post(this.client, STREAM_REQUEST);

		// 5000 prompt tokens of which 4000 hit DeepSeek's cache
		assertThat(this.usages.claim("chatcmpl-test").tokens()).isEqualTo(new TokenUsage(1000, 4000, 0, 500, 0));
	}

	@Test
	void bodyShouldReachTheCallerAsItWasSent() throws IOException {
		server.enqueue(Reply.stream("gpt-4o-mini-2024-07-18", new Usage(1500, 1024, 250, 100), "Hel", "lo"));
		server.enqueue(Reply.stream("gpt-4o-mini-2024-07-18", new Usage(1500, 1024, 250, 100), "Hel", "lo"));

		assertThat(post(this.client, STREAM_REQUEST)).isEqualTo(post(this.plainClient, STREAM_REQUEST))
			.contains("\"usage\":{");
	}

	@Test
	void responsesThatAreNotStreamsShouldBeLeftAlone() throws IOException {
		server.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "Hi.", new Usage(10, 0, 1, 0)));

		assertThat(post(this.client, "{\"model\":\"gpt-4o-mini\"}")).contains("\"content\":\"Hi.\"");
		assertThat(this.usages.claim("chatcmpl-test")).isNull();
	}

	@Test
	void malformedUsageOrHugeLinesShouldNeverBreakTheStream() throws IOException {
		String huge = "data: {\"content\":\"" + "x".repeat(2 * 1024 * 1024) + "\",\"usage\":1}\n\n";
		String events = "data: {\"id\":\"chatcmpl-bad\",\"usage\":{\"prompt_tokens\":\"many\"}}\n\n" + huge
				+ "data: [DONE]\n\n";
		server.enqueue((exchange, request) -> {
			byte[] bytes = events.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});

		assertThat(post(this.client, STREAM_REQUEST)).isEqualTo(events);
		assertThat(this.usages.claim("chatcmpl-bad")).isNull();
		assertThat(this.meterRegistry.get("llm.cost.errors").counter().count())
			.as("the malformed usage is counted, the line too long to be usage is skipped")
			.isEqualTo(1);
	}

	private static String post(OkHttpClient client, String json) throws IOException {
		Request request = new Request.Builder().url(server.baseUrl() + "/chat/completions")
			.post(RequestBody.create(json, MediaType.get("application/json")))
			.build();
		try (Response response = client.newCall(request).execute()) {
			return response.body().string();
		}
	}

}
