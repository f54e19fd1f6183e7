package dev.llmcost.demo.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link OpenAiSimulator}, over plain HTTP as any OpenAI client would call it.
 *
 * @author llm-cost contributors
 */
class OpenAiSimulatorTests {

	private static final String LONG_SYSTEM_PROMPT = "Follow the house style. ".repeat(300);

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper mapper = JsonMapper.builder().build();

	private OpenAiSimulator simulator;

	@BeforeEach
	void startSimulator() {
		this.simulator = OpenAiSimulator.start(0, Duration.ZERO);
	}

	@AfterEach
	void stopSimulator() {
		this.simulator.close();
	}

	@Test
	void streamWhenIncludeUsageShouldEndWithUsageChunkThenDone() throws Exception {
		List<JsonNode> chunks = streamChunks("""
				{"model":"gpt-4.1-nano","stream":true,"stream_options":{"include_usage":true},
				 "messages":[{"role":"user","content":"How do I rotate an API key?"}]}""");
		JsonNode last = chunks.get(chunks.size() - 1);
		assertThat(last.path("choices").isArray()).isTrue();
		assertThat(last.path("choices").isEmpty()).isTrue();
		assertThat(last.path("usage").path("prompt_tokens").intValue()).isPositive();
		assertThat(last.path("usage").path("completion_tokens").intValue()).isPositive();
		assertThat(last.path("model").stringValue()).isEqualTo("gpt-4.1-nano-2025-04-14");
		JsonNode finish = chunks.get(chunks.size() - 2);
		assertThat(finish.path("choices").get(0).path("finish_reason").stringValue()).isEqualTo("stop");
		assertThat(chunks.subList(0, chunks.size() - 1))
			.allSatisfy((chunk) -> assertThat(chunk.has("usage")).isFalse());
	}

	@Test
	void streamWhenIncludeUsageIsNotSetShouldSendNoUsageChunk() throws Exception {
		List<JsonNode> chunks = streamChunks("""
				{"model":"gpt-4.1-nano","stream":true,
				 "messages":[{"role":"user","content":"How do I rotate an API key?"}]}""");
		assertThat(chunks).noneSatisfy((chunk) -> assertThat(chunk.has("usage")).isTrue());
		JsonNode last = chunks.get(chunks.size() - 1);
		assertThat(last.path("choices").get(0).path("finish_reason").stringValue()).isEqualTo("stop");
	}

	@Test
	void streamWhenContentIsJoinedShouldEqualTheNonStreamingAnswer() throws Exception {
		String request = """
				{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Summarise the release notes"}]}""";
		String expected = post("/v1/chat/completions", request).path("choices")
			.get(0)
			.path("message")
			.path("content")
			.stringValue();
		StringBuilder streamed = new StringBuilder();
		for (JsonNode chunk : streamChunks(request.replace("{\"model\"", "{\"stream\":true,\"model\""))) {
			JsonNode content = chunk.path("choices").path(0).path("delta").path("content");
			streamed.append(content.isString() ? content.stringValue() : "");
		}
		assertThat(streamed).hasToString(expected);
	}

	@Test
	void completionWhenModelIsAnAliasShouldAnswerWithDatedModel() throws Exception {
		JsonNode completion = post("/v1/chat/completions", """
				{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""");
		assertThat(completion.path("object").stringValue()).isEqualTo("chat.completion");
		assertThat(completion.path("model").stringValue()).isEqualTo("gpt-4o-mini-2024-07-18");
		JsonNode usage = completion.path("usage");
		assertThat(usage.path("total_tokens").intValue())
			.isEqualTo(usage.path("prompt_tokens").intValue() + usage.path("completion_tokens").intValue());
		assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").intValue()).isZero();
		assertThat(usage.path("prompt_tokens_details").path("cached_tokens").intValue()).isZero();
	}

	@Test
	void completionWhenModelIsUnknownShouldEchoIt() throws Exception {
		JsonNode completion = post("/v1/chat/completions", """
				{"model":"my-finetune","messages":[{"role":"user","content":"hi"}]}""");
		assertThat(completion.path("model").stringValue()).isEqualTo("my-finetune");
	}

	@Test
	void completionWhenReasoningModelShouldReportReasoningTokensInsideCompletionTokens() throws Exception {
		JsonNode usage = post("/v1/chat/completions", """
				{"model":"o4-mini","messages":[{"role":"user","content":"Plan a trip"}]}""").path("usage");
		int reasoning = usage.path("completion_tokens_details").path("reasoning_tokens").intValue();
		assertThat(reasoning).isPositive();
		assertThat(usage.path("completion_tokens").intValue()).isGreaterThan(reasoning);
	}

	@Test
	void completionWhenLongSystemPromptShouldReportCachedTokensInBlocksOf128() throws Exception {
		String request = this.mapper
			.writeValueAsString(this.mapper.createObjectNode()
				.put("model", "gpt-4o-mini")
				.set("messages", this.mapper.createArrayNode()
					.add(this.mapper.createObjectNode().put("role", "system").put("content", LONG_SYSTEM_PROMPT))
					.add(this.mapper.createObjectNode().put("role", "user").put("content", "Summarise this"))));
		JsonNode usage = post("/v1/chat/completions", request).path("usage");
		int cached = usage.path("prompt_tokens_details").path("cached_tokens").intValue();
		assertThat(cached).isGreaterThanOrEqualTo(1024).isLessThan(usage.path("prompt_tokens").intValue());
		assertThat(cached % 128).isZero();
		assertThat(post("/v1/chat/completions", request).path("usage")).isEqualTo(usage);
	}

	@Test
	void completionWhenToolsAndUserMessageShouldCallFirstToolWithWordFromMessage() throws Exception {
		JsonNode completion = post("/v1/chat/completions", """
				{"model":"o4-mini","messages":[{"role":"user","content":"Plan a trip to New York. Check the weather."}],
				 "tools":[{"type":"function","function":{"name":"currentWeather","parameters":
				   {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}""");
		JsonNode choice = completion.path("choices").get(0);
		assertThat(choice.path("finish_reason").stringValue()).isEqualTo("tool_calls");
		JsonNode call = choice.path("message").path("tool_calls").get(0);
		assertThat(call.path("function").path("name").stringValue()).isEqualTo("currentWeather");
		JsonNode arguments = this.mapper.readTree(call.path("function").path("arguments").stringValue());
		assertThat(arguments.path("city").stringValue()).isEqualTo("New York");
		assertThat(completion.path("usage").path("prompt_tokens").intValue()).isPositive();
	}

	@Test
	void completionWhenLastMessageIsToolResultShouldAnswerWithIt() throws Exception {
		JsonNode completion = post("/v1/chat/completions", """
				{"model":"o4-mini","messages":[
				   {"role":"user","content":"Plan a trip to Lisbon"},
				   {"role":"assistant","tool_calls":[{"id":"call_1","type":"function",
				     "function":{"name":"currentWeather","arguments":"{\\"city\\":\\"Lisbon\\"}"}}]},
				   {"role":"tool","tool_call_id":"call_1","content":"Lisbon: sunny, 21 degrees Celsius"}],
				 "tools":[{"type":"function","function":{"name":"currentWeather","parameters":
				   {"type":"object","properties":{"city":{"type":"string"}}}}}]}""");
		JsonNode choice = completion.path("choices").get(0);
		assertThat(choice.path("finish_reason").stringValue()).isEqualTo("stop");
		assertThat(choice.path("message").path("content").stringValue()).contains("currentWeather")
			.contains("Lisbon: sunny, 21 degrees Celsius");
	}

	@Test
	void completionWhenMessageAsksForRateLimitShouldAnswer429WithOpenAiError() throws Exception {
		HttpResponse<String> response = send("/v1/chat/completions", """
				{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi [simulate-429]"}]}""");
		assertThat(response.statusCode()).isEqualTo(429);
		JsonNode error = this.mapper.readTree(response.body()).path("error");
		assertThat(error.path("code").stringValue()).isEqualTo("rate_limit_exceeded");
		assertThat(error.path("message").stringValue()).isNotEmpty();
	}

	@Test
	void embeddingsShouldReturnOneDeterministicUnitVectorPerInput() throws Exception {
		String request = """
				{"model":"text-embedding-3-small","input":["first document","second document"]}""";
		JsonNode response = post("/v1/embeddings", request);
		assertThat(response.path("data").size()).isEqualTo(2);
		JsonNode vector = response.path("data").get(0).path("embedding");
		assertThat(vector.size()).isEqualTo(1536);
		double norm = 0;
		for (JsonNode value : vector.values()) {
			norm += value.doubleValue() * value.doubleValue();
		}
		assertThat(norm).isCloseTo(1.0, within(1e-3));
		assertThat(response.path("usage").path("prompt_tokens").intValue()).isPositive();
		assertThat(post("/v1/embeddings", request)).isEqualTo(response);
	}

	@Test
	void unknownPathShouldAnswer404WithOpenAiError() throws Exception {
		HttpResponse<String> response = send("/v1/responses", "{}");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(this.mapper.readTree(response.body()).path("error").path("message").stringValue())
			.contains("/v1/responses");
	}

	private List<JsonNode> streamChunks(String body) throws Exception {
		HttpResponse<String> response = send("/v1/chat/completions", body);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("text/event-stream"));
		List<String> events = response.body()
			.lines()
			.filter((line) -> line.startsWith("data: "))
			.map((line) -> line.substring(6))
			.toList();
		assertThat(events).last().isEqualTo("[DONE]");
		return events.subList(0, events.size() - 1).stream().map(this.mapper::readTree).toList();
	}

	private JsonNode post(String path, String body) throws Exception {
		HttpResponse<String> response = send(path, body);
		assertThat(response.statusCode()).isEqualTo(200);
		return this.mapper.readTree(response.body());
	}

	private HttpResponse<String> send(String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.simulator.port() + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
