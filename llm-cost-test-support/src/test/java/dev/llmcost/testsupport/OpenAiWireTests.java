package dev.llmcost.testsupport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

import dev.llmcost.testsupport.OpenAiWire.EncodingFormat;
import dev.llmcost.testsupport.OpenAiWire.Envelope;
import dev.llmcost.testsupport.OpenAiWire.ToolCall;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OpenAiWire}: the bodies as OpenAI writes them, to the byte.
 *
 * @author llm-cost contributors
 */
class OpenAiWireTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Envelope ENVELOPE = new Envelope("chatcmpl-123", 1763790000, "gpt-5-2025-08-07", "fp_x",
			"default");

	private static final Usage USAGE = new Usage(10000, 5000, 2000, 1500);

	@Test
	void completionShouldCarryTheEnvelopeTheAnswerAndTheUsageWithItsDetails() {
		assertThat(text(OpenAiWire.completion(ENVELOPE, "Hello.", OpenAiWire.usage(USAGE)))).isEqualTo("""
				{"id":"chatcmpl-123","object":"chat.completion","created":1763790000,"model":"gpt-5-2025-08-07",\
				"system_fingerprint":"fp_x","service_tier":"default",\
				"choices":[{"index":0,"message":{"role":"assistant","content":"Hello.","refusal":null},\
				"logprobs":null,"finish_reason":"stop"}],\
				"usage":{"prompt_tokens":10000,"completion_tokens":2000,"total_tokens":12000,\
				"prompt_tokens_details":{"cached_tokens":5000,"audio_tokens":0},\
				"completion_tokens_details":{"reasoning_tokens":1500,"audio_tokens":0,\
				"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}""");
	}

	@Test
	void completionWithRawUsageShouldWriteTheUsageTextAsGiven() {
		String usage = "{\"prompt_tokens\":-100,\"total_tokens\":4294967294}";

		assertThat(text(OpenAiWire.completion(new Envelope("chatcmpl-raw", 1, "m"), "Hi.", OpenAiWire.rawJson(usage))))
			.isEqualTo("{\"id\":\"chatcmpl-raw\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
					+ "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi.\","
					+ "\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":" + usage + "}");
	}

	@Test
	void completionWithoutUsageShouldHaveNoUsageField() {
		assertThat(OpenAiWire.completion(ENVELOPE, "Hi.", null).has("usage")).isFalse();
	}

	@Test
	void toolCallCompletionShouldHaveNullContentAndFinishWithToolCalls() {
		JsonNode choice = OpenAiWire
			.toolCallCompletion(ENVELOPE, new ToolCall("call_1", "currentWeather", "{\"city\":\"Paris\"}"), null)
			.path("choices")
			.get(0);

		assertThat(text(choice)).isEqualTo("""
				{"index":0,"message":{"role":"assistant","content":null,"refusal":null,\
				"tool_calls":[{"id":"call_1","type":"function",\
				"function":{"name":"currentWeather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},\
				"logprobs":null,"finish_reason":"tool_calls"}""");
	}

	@Test
	void streamShouldOpenWithTheRoleAndCloseWithTheFinishReasonThenTheUsageWithNoChoices() {
		Envelope envelope = new Envelope("chatcmpl-123", 1763790000, "gpt-4o-mini-2024-07-18");
		String head = "{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1763790000,"
				+ "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[";

		List<String> events = OpenAiWire.answerChunks(envelope, List.of("Hel"))
			.stream()
			.map(OpenAiWire::event)
			.toList();

		assertThat(events).containsExactly(
				"data: " + head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
						+ "\"logprobs\":null,\"finish_reason\":null}]}\n\n",
				"data: " + head + "{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"logprobs\":null,"
						+ "\"finish_reason\":null}]}\n\n");
		assertThat(OpenAiWire.event(OpenAiWire.finishChunk(envelope, OpenAiWire.STOP))).isEqualTo(
				"data: " + head + "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n");
		assertThat(text(OpenAiWire.usageChunk(envelope, new Usage(1500, 1024, 250, 0))))
			.startsWith(head + "],\"usage\":{\"prompt_tokens\":1500,\"completion_tokens\":250,\"total_tokens\":1750,"
					+ "\"prompt_tokens_details\":{\"cached_tokens\":1024,");
		assertThat(OpenAiWire.DONE).isEqualTo("data: [DONE]\n\n");
	}

	@Test
	void toolCallChunksShouldNameTheToolFirstAndSendTheArgumentsNext() {
		List<JsonNode> deltas = OpenAiWire.toolCallChunks(ENVELOPE, new ToolCall("call_1", "currentWeather", "{}"))
			.stream()
			.map((chunk) -> chunk.path("choices").get(0).path("delta"))
			.toList();

		assertThat(deltas).extracting(OpenAiWireTests::text)
			.containsExactly("""
					{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1","type":"function",\
					"function":{"name":"currentWeather","arguments":""}}]}""",
					"{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}");
	}

	@Test
	void includesUsageShouldFollowTheRequestsStreamOptions() {
		assertThat(OpenAiWire
			.includesUsage(json.readTree("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}"))).isTrue();
		assertThat(OpenAiWire.includesUsage(json.readTree("{\"stream\":true}"))).isFalse();
		assertThat(OpenAiWire.isStream(json.readTree("{\"stream\":true}"))).isTrue();
		assertThat(OpenAiWire.isStream(json.readTree("{}"))).isFalse();
	}

	@Test
	void errorShouldHaveANullParamAndTheGivenCode() {
		assertThat(text(OpenAiWire.error("Rate limit reached", "rate_limit_exceeded", "rate_limit_exceeded")))
			.isEqualTo("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_exceeded\","
					+ "\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
		assertThat(OpenAiWire.error("Failed", "server_error", null).path("error").path("code").isNull()).isTrue();
	}

	@Test
	void embeddingsShouldWriteOneItemPerVectorAndTheUsage() {
		assertThat(text(OpenAiWire.embeddings("text-embedding-3-small", List.of(new float[] { 0.1f, 0.2f, 0.3f }),
				EncodingFormat.FLOAT, 8)))
			.isEqualTo("""
					{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2,0.3]}],\
					"model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}""");
	}

	@Test
	void base64EmbeddingsShouldBeLittleEndianFloat32() {
		float[] vector = { 0.25f, -1.5f };

		String encoded = OpenAiWire.embeddings("m", List.of(vector), EncodingFormat.BASE64, 1)
			.path("data")
			.get(0)
			.path("embedding")
			.stringValue();

		ByteBuffer decoded = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
		assertThat(decoded.remaining()).isEqualTo(8);
		assertThat(decoded.getFloat()).isEqualTo(0.25f);
		assertThat(decoded.getFloat()).isEqualTo(-1.5f);
		assertThat(EncodingFormat.of(json.readTree("{\"encoding_format\":\"base64\"}")))
			.isEqualTo(EncodingFormat.BASE64);
		assertThat(EncodingFormat.of(json.readTree("{}"))).isEqualTo(EncodingFormat.FLOAT);
	}

	@Test
	void embeddingInputsShouldReadAStringOrAnArray() {
		assertThat(OpenAiWire.embeddingInputs(json.readTree("{\"input\":\"one\"}"))).containsExactly("one");
		assertThat(OpenAiWire.embeddingInputs(json.readTree("{\"input\":[\"one\",[1,2]]}"))).containsExactly("one",
				"[1,2]");
	}

	private static String text(JsonNode node) {
		return json.writeValueAsString(node);
	}

}
