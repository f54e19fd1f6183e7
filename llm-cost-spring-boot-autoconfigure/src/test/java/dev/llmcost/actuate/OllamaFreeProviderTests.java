package dev.llmcost.actuate;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmcost.annotation.LlmFeature;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application on Spring AI's Ollama module, its client pointed at a local server that
 * answers in Ollama's wire format: a self-hosted model's calls and tokens are counted at
 * a cost of 0 and never listed as unpriced, unless
 * {@code llm.cost.pricing.providers.ollama.free} is turned off.
 */
@ExtendWith(OutputCaptureExtension.class)
class OllamaFreeProviderTests {

	private static final String CHAT_MODEL = "llama3.2:3b";

	private static final String EMBEDDING_MODEL = "nomic-embed-text";

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static HttpServer ollama;

	@BeforeAll
	static void startOllama() throws IOException {
		ollama = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		ollama.createContext("/api/chat", OllamaFreeProviderTests::chat);
		ollama.createContext("/api/embed", OllamaFreeProviderTests::embed);
		ollama.start();
	}

	@AfterAll
	static void stopOllama() {
		ollama.stop(0);
	}

	@Test
	void selfHostedCallsShouldBeCountedAtZeroAndNotAsUnpriced(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			LocalModelService service = context.getBean(LocalModelService.class);
			assertThat(service.ask("Why is the sky blue?")).isEqualTo("Rayleigh scattering.");
			assertThat(service.stream("Why is the sky blue?")).isEqualTo("Rayleigh scattering.");
			assertThat(service.embed("The sky is blue")).hasSize(3);

			JsonNode report = getJson(context, "/actuator/llmcost");
			JsonNode chat = TestCostReports.row(
					TestCostReports.row(report.path("features"), "feature", "local-chat").path("models"), "model",
					CHAT_MODEL);
			assertThat(chat.path("calls").asLong()).isEqualTo(2);
			// 26 prompt tokens a call (prompt_eval_count); 298 and 282 output tokens
			// (eval_count of the answer and of the stream's last line)
			assertThat(chat.path("tokens").path("input").asLong()).isEqualTo(52);
			assertThat(chat.path("tokens").path("output").asLong()).isEqualTo(580);
			assertThat(chat.path("cost").decimalValue()).isZero();
			JsonNode embedding = TestCostReports.row(
					TestCostReports.row(report.path("features"), "feature", "local-index").path("models"), "model",
					EMBEDDING_MODEL);
			assertThat(embedding.path("calls").asLong()).isEqualTo(1);
			assertThat(embedding.path("tokens").path("input").asLong()).isEqualTo(8);
			assertThat(embedding.path("cost").decimalValue()).isZero();
			assertThat(report.path("unpriced")).isEmpty();

			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("llm.tokens").tag("feature", "local-chat").counters()).isNotEmpty();
			assertThat(meters.find("llm.unpriced.calls").counters()).isEmpty();

			JsonNode health = getJson(context, "/actuator/health").path("components").path("llmCost");
			assertThat(health.path("status").asString()).isEqualTo("UP");
			assertThat(health.path("details").path("unpricedModels")).isEmpty();
			assertThat(output).doesNotContain("No price for");
		}
	}

	@Test
	void selfHostedCallsShouldBeUnpricedWhenTheProviderIsNotFree(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = start("llm.cost.pricing.providers.ollama.free=false")) {
			assertThat(output).contains(
					"No price for the configured default model '" + CHAT_MODEL + "' (spring.ai.ollama.chat.model)");
			LocalModelService service = context.getBean(LocalModelService.class);
			service.ask("Why is the sky blue?");
			service.stream("Why is the sky blue?");

			JsonNode report = getJson(context, "/actuator/llmcost");
			assertThat(TestCostReports.row(report.path("unpriced"), "model", CHAT_MODEL).path("calls").asLong())
				.isEqualTo(2);
			assertThat(context.getBean(MeterRegistry.class).find("llm.unpriced.calls").counter().count()).isEqualTo(2);
		}
	}

	/**
	 * Start the application; its properties are arguments, for they must win over the
	 * tests' application.properties, which keeps the other tests' applications on OpenAI.
	 */
	private static ConfigurableApplicationContext start(String... properties) {
		Stream<String> common = Stream.of("server.port=0", "spring.ai.model.chat=ollama",
				"spring.ai.model.embedding=ollama", "spring.ai.model.image=none", "spring.ai.model.audio.speech=none",
				"spring.ai.model.audio.transcription=none", "spring.ai.model.moderation=none",
				"spring.ai.ollama.base-url=http://127.0.0.1:" + ollama.getAddress().getPort(),
				"spring.ai.ollama.chat.model=" + CHAT_MODEL, "spring.ai.ollama.embedding.model=" + EMBEDDING_MODEL,
				"management.endpoints.web.exposure.include=llmcost,health",
				"management.endpoint.health.show-details=always");
		return new SpringApplicationBuilder(LocalModelApplication.class).run(
				Stream.concat(common, Stream.of(properties)).map((property) -> "--" + property).toArray(String[]::new));
	}

	/**
	 * Answers {@code POST /api/chat} as Ollama does: one JSON object, or with
	 * {@code "stream": true} (Ollama's default) newline-delimited JSON objects whose
	 * last, {@code "done": true}, carries the counts.
	 */
	private static void chat(HttpExchange exchange) throws IOException {
		JsonNode request = json.readTree(exchange.getRequestBody());
		String model = request.path("model").asString();
		if (request.path("stream").asBoolean(true)) {
			respond(exchange, "application/x-ndjson",
					String.join("\n",
							"""
									{"model":"%s","created_at":"2026-12-03T10:00:00.1Z","message":{"role":"assistant","content":"Rayleigh"},"done":false}"""
								.formatted(model),
							"""
									{"model":"%s","created_at":"2026-12-03T10:00:00.2Z","message":{"role":"assistant","content":" scattering."},"done":false}"""
								.formatted(model),
							"""
									{"model":"%s","created_at":"2026-12-03T10:00:00.3Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}"""
								.formatted(model))
							+ "\n");
		}
		else {
			respond(exchange, "application/json",
					"""
							{"model":"%s","created_at":"2026-12-03T10:00:00Z","message":{"role":"assistant","content":"Rayleigh scattering."},"done":true,"done_reason":"stop","total_duration":5191566416,"load_duration":2154458,"prompt_eval_count":26,"prompt_eval_duration":383809000,"eval_count":298,"eval_duration":4799921000}"""
						.formatted(model));
		}
	}

	/**
	 * Answers {@code POST /api/embed} as Ollama does.
	 */
	private static void embed(HttpExchange exchange) throws IOException {
		JsonNode request = json.readTree(exchange.getRequestBody());
		respond(exchange, "application/json",
				"""
						{"model":"%s","embeddings":[[0.010071029,-0.0017594862,0.05007221]],"total_duration":14143917,"load_duration":1019500,"prompt_eval_count":8}"""
					.formatted(request.path("model").asString()));
	}

	private static void respond(HttpExchange exchange, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static JsonNode getJson(ConfigurableApplicationContext context, String path) throws Exception {
		String port = context.getEnvironment().getProperty("local.server.port");
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return json.readTree(response.body());
	}

	/**
	 * An application on the Ollama module and the starter.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(LocalModelService.class)
	static class LocalModelApplication {

		@Bean
		ChatClient chatClient(ChatClient.Builder builder) {
			return builder.build();
		}

	}

	/**
	 * Calls the local models.
	 */
	static class LocalModelService {

		private final ChatClient chatClient;

		private final EmbeddingModel embeddingModel;

		LocalModelService(ChatClient chatClient, EmbeddingModel embeddingModel) {
			this.chatClient = chatClient;
			this.embeddingModel = embeddingModel;
		}

		@LlmFeature("local-chat")
		public String ask(String text) {
			return this.chatClient.prompt().user(text).call().content();
		}

		@LlmFeature("local-chat")
		public String stream(String text) {
			return this.chatClient.prompt().user(text).stream().content().collect(Collectors.joining()).block();
		}

		@LlmFeature("local-index")
		public float[] embed(String text) {
			return this.embeddingModel.embed(text);
		}

	}

}
