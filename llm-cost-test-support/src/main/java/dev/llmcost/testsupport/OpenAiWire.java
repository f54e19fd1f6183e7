package dev.llmcost.testsupport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * OpenAI's chat completions and embeddings wire format, as Spring AI's OpenAI client
 * sends and reads it: the few request fields a server must look at, and every response
 * body, stream chunk and error. The demo's simulator and the tests'
 * {@link OpenAiWireServer} both write through it, so the format is written once.
 * <p>
 * Bodies are Jackson trees that the caller sends; streams are Server-Sent Events, one
 * {@link #event(JsonNode)} per chunk, ended by {@link #DONE}. Token counts follow
 * OpenAI's inclusive convention: prompt tokens include cached tokens, completion tokens
 * include reasoning tokens.
 *
 * @author llm-cost contributors
 */
public final class OpenAiWire {

	/**
	 * The event that ends a stream.
	 */
	public static final String DONE = "data: [DONE]\n\n";

	/**
	 * The finish reason of an answer.
	 */
	public static final String STOP = "stop";

	/**
	 * The finish reason of a request for tool calls.
	 */
	public static final String TOOL_CALLS = "tool_calls";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private OpenAiWire() {
	}

	/**
	 * Whether a chat completion request asks for a stream ({@code "stream": true}).
	 * @param request the request body
	 * @return {@code true} for a streamed request
	 */
	public static boolean isStream(JsonNode request) {
		return isTrue(request.path("stream"));
	}

	/**
	 * Whether a streamed request asks for the closing usage chunk
	 * ({@code "stream_options": {"include_usage": true}}); OpenAI sends it only then.
	 * @param request the request body
	 * @return {@code true} when the stream must end with {@link #usageChunk}
	 */
	public static boolean includesUsage(JsonNode request) {
		return isTrue(request.path("stream_options").path("include_usage"));
	}

	private static boolean isTrue(JsonNode node) {
		return node.isBoolean() && node.booleanValue();
	}

	/**
	 * Return the inputs of an embeddings request: its {@code input} string, or each item
	 * of its {@code input} array (token arrays as their JSON text).
	 * @param request the request body
	 * @return the inputs, in order
	 */
	public static List<String> embeddingInputs(JsonNode request) {
		JsonNode input = request.path("input");
		if (input.isString()) {
			return List.of(input.stringValue());
		}
		List<String> inputs = new ArrayList<>();
		for (JsonNode item : input.values()) {
			inputs.add(item.isString() ? item.stringValue() : item.toString());
		}
		return inputs;
	}

	/**
	 * A chat completion answering with text ({@code finish_reason} {@value #STOP}).
	 * @param envelope the fields that identify the response
	 * @param content the answer
	 * @param usage the {@code usage} object, from {@link #usage(Usage)} or
	 * {@link #rawJson(String)}; {@code null} leaves it out
	 * @return the response body
	 */
	public static ObjectNode completion(Envelope envelope, String content, @Nullable JsonNode usage) {
		return completion(envelope, assistantMessage(content), STOP, usage);
	}

	/**
	 * A chat completion asking for one tool call ({@code finish_reason}
	 * {@value #TOOL_CALLS}, {@code content} null).
	 * @param envelope the fields that identify the response
	 * @param toolCall the call the model asks for
	 * @param usage the {@code usage} object; {@code null} leaves it out
	 * @return the response body
	 */
	public static ObjectNode toolCallCompletion(Envelope envelope, ToolCall toolCall, @Nullable JsonNode usage) {
		ObjectNode message = assistantMessage(null);
		ObjectNode call = message.putArray("tool_calls").addObject().put("id", toolCall.id()).put("type", "function");
		call.putObject("function").put("name", toolCall.name()).put("arguments", toolCall.arguments());
		return completion(envelope, message, TOOL_CALLS, usage);
	}

	private static ObjectNode assistantMessage(@Nullable String content) {
		ObjectNode message = nodes.objectNode().put("role", "assistant").put("content", content);
		message.putNull("refusal");
		return message;
	}

	private static ObjectNode completion(Envelope envelope, ObjectNode message, String finishReason,
			@Nullable JsonNode usage) {
		ObjectNode completion = withChoice(envelope.start("chat.completion"), "message", message, finishReason);
		if (usage != null) {
			completion.set("usage", usage);
		}
		return completion;
	}

	/**
	 * The {@code usage} object of a chat completion or of the closing stream chunk, with
	 * the cached and reasoning details and OpenAI's other details at zero.
	 * @param usage the counts
	 * @return the usage object
	 */
	public static ObjectNode usage(Usage usage) {
		ObjectNode node = nodes.objectNode()
			.put("prompt_tokens", usage.prompt())
			.put("completion_tokens", usage.completion())
			.put("total_tokens", usage.total());
		node.putObject("prompt_tokens_details").put("cached_tokens", usage.cached()).put("audio_tokens", 0);
		node.putObject("completion_tokens_details")
			.put("reasoning_tokens", usage.reasoning())
			.put("audio_tokens", 0)
			.put("accepted_prediction_tokens", 0)
			.put("rejected_prediction_tokens", 0);
		return node;
	}

	/**
	 * JSON text to send exactly as given, for values no well-behaved provider sends
	 * (negative counts, totals beyond {@code int}).
	 * @param text the JSON text
	 * @return a node written as that text
	 */
	public static JsonNode rawJson(String text) {
		return nodes.rawValueNode(new RawValue(text));
	}

	/**
	 * The first chunks of a streamed answer: one naming the role with empty content, then
	 * one per piece of text.
	 * @param envelope the fields that identify the response
	 * @param pieces the pieces of the answer, in order
	 * @return the chunks
	 */
	public static List<ObjectNode> answerChunks(Envelope envelope, List<String> pieces) {
		List<ObjectNode> chunks = new ArrayList<>();
		chunks.add(chunk(envelope, nodes.objectNode().put("role", "assistant").put("content", ""), null));
		for (String piece : pieces) {
			chunks.add(chunk(envelope, nodes.objectNode().put("content", piece), null));
		}
		return chunks;
	}

	/**
	 * The first chunks of a streamed tool call: one naming the role, the call's id and
	 * the tool, then one with the arguments.
	 * @param envelope the fields that identify the response
	 * @param toolCall the call the model asks for
	 * @return the chunks
	 */
	public static List<ObjectNode> toolCallChunks(Envelope envelope, ToolCall toolCall) {
		ObjectNode start = nodes.objectNode().put("role", "assistant");
		start.putNull("content");
		ObjectNode call = start.putArray("tool_calls")
			.addObject()
			.put("index", 0)
			.put("id", toolCall.id())
			.put("type", "function");
		call.putObject("function").put("name", toolCall.name()).put("arguments", "");
		ObjectNode arguments = nodes.objectNode();
		arguments.putArray("tool_calls")
			.addObject()
			.put("index", 0)
			.putObject("function")
			.put("arguments", toolCall.arguments());
		return List.of(chunk(envelope, start, null), chunk(envelope, arguments, null));
	}

	/**
	 * The chunk that ends the answer: an empty delta with the finish reason.
	 * @param envelope the fields that identify the response
	 * @param finishReason {@value #STOP} or {@value #TOOL_CALLS}
	 * @return the chunk
	 */
	public static ObjectNode finishChunk(Envelope envelope, String finishReason) {
		return chunk(envelope, nodes.objectNode(), finishReason);
	}

	/**
	 * The usage chunk, sent after the {@link #finishChunk finish chunk} only when the
	 * request {@link #includesUsage asks for it}: empty {@code choices} and the usage of
	 * the whole call.
	 * @param envelope the fields that identify the response
	 * @param usage the counts
	 * @return the chunk
	 */
	public static ObjectNode usageChunk(Envelope envelope, Usage usage) {
		return usageChunk(envelope, usage(usage));
	}

	/**
	 * The usage chunk with a {@code usage} object of any shape, for the fields
	 * OpenAI-compatible providers add to OpenAI's (DeepSeek's
	 * {@code prompt_cache_hit_tokens}, for example).
	 * @param envelope the fields that identify the response
	 * @param usage the {@code usage} object, from {@link #usage(Usage)} or
	 * {@link #rawJson(String)}
	 * @return the chunk
	 */
	public static ObjectNode usageChunk(Envelope envelope, JsonNode usage) {
		ObjectNode chunk = envelope.start("chat.completion.chunk");
		chunk.putArray("choices");
		chunk.set("usage", usage);
		return chunk;
	}

	private static ObjectNode chunk(Envelope envelope, ObjectNode delta, @Nullable String finishReason) {
		return withChoice(envelope.start("chat.completion.chunk"), "delta", delta, finishReason);
	}

	/**
	 * Add the one choice: a completion's {@code message} or a chunk's {@code delta},
	 * shaped alike.
	 */
	private static ObjectNode withChoice(ObjectNode body, String field, ObjectNode value,
			@Nullable String finishReason) {
		ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
		choice.set(field, value);
		choice.putNull("logprobs");
		choice.put("finish_reason", finishReason);
		return body;
	}

	/**
	 * Frame a chunk (or an error) as one Server-Sent Event.
	 * @param data the event's data
	 * @return the event, with the blank line that ends it
	 */
	public static String event(JsonNode data) {
		return "data: " + json.writeValueAsString(data) + "\n\n";
	}

	/**
	 * An error body, as OpenAI answers a failed request or ends a stream that fails after
	 * it started.
	 * @param message the message
	 * @param type the error type, such as {@code invalid_request_error}
	 * @param code the error code, such as {@code rate_limit_exceeded}, or {@code null}
	 * @return the error body
	 */
	public static ObjectNode error(String message, String type, @Nullable String code) {
		ObjectNode body = nodes.objectNode();
		ObjectNode error = body.putObject("error").put("message", message).put("type", type);
		error.putNull("param");
		error.put("code", code);
		return body;
	}

	/**
	 * An embeddings response with one vector per input.
	 * @param model the response model
	 * @param vectors the vectors, in the order of the inputs
	 * @param format how the vectors are written
	 * @param promptTokens the tokens of all inputs
	 * @return the response body
	 */
	public static ObjectNode embeddings(String model, List<float[]> vectors, EncodingFormat format, int promptTokens) {
		ObjectNode body = nodes.objectNode().put("object", "list");
		ArrayNode data = body.putArray("data");
		for (int i = 0; i < vectors.size(); i++) {
			ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
			format.write(item, vectors.get(i));
		}
		body.put("model", model);
		body.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens);
		return body;
	}

	/**
	 * An image generation response ({@code POST /v1/images/generations}) as OpenAI's API
	 * reference documents it: {@code created} and one {@code data} item per image, with
	 * the image's URL and the prompt as the model revised it (DALL·E 3), or the image
	 * itself in base64 ({@code response_format=b64_json}, and always for
	 * {@code gpt-image-1}).
	 * @param created the creation time, in seconds since the epoch
	 * @param images how many images
	 * @param base64 whether the images are sent in base64 rather than as URLs
	 * @return the response body
	 */
	public static ObjectNode images(long created, int images, boolean base64) {
		ObjectNode body = nodes.objectNode().put("created", created);
		ArrayNode data = body.putArray("data");
		for (int i = 0; i < images; i++) {
			ObjectNode item = data.addObject();
			if (base64) {
				item.put("b64_json", "iVBORw0KGgo=");
			}
			else {
				item.put("url", "https://images.example.com/generated/img-" + i + ".png");
			}
			item.put("revised_prompt", "A lighthouse on a cliff at dusk, painted in watercolour.");
		}
		return body;
	}

	/**
	 * The fields every chat completion and chunk of one response starts with.
	 *
	 * @param id the response id, the same on every chunk of a stream
	 * @param created the creation time, in seconds since the epoch
	 * @param model the response model (often a dated name, unlike the request's)
	 * @param systemFingerprint the backend configuration, or {@code null} to leave it out
	 * @param serviceTier the service tier, or {@code null} to leave it out
	 */
	public record Envelope(String id, long created, String model, @Nullable String systemFingerprint,
			@Nullable String serviceTier) {

		/**
		 * Create an envelope without system fingerprint and service tier.
		 * @param id the response id
		 * @param created the creation time, in seconds since the epoch
		 * @param model the response model
		 */
		public Envelope(String id, long created, String model) {
			this(id, created, model, null, null);
		}

		private ObjectNode start(String object) {
			ObjectNode node = nodes.objectNode()
				.put("id", this.id)
				.put("object", object)
				.put("created", this.created)
				.put("model", this.model);
			if (this.systemFingerprint != null) {
				node.put("system_fingerprint", this.systemFingerprint);
			}
			if (this.serviceTier != null) {
				node.put("service_tier", this.serviceTier);
			}
			return node;
		}

	}

	/**
	 * Token counts as OpenAI reports them: prompt includes cached, completion includes
	 * reasoning.
	 *
	 * @param prompt prompt tokens
	 * @param cached cached prompt tokens
	 * @param completion completion tokens
	 * @param reasoning reasoning tokens
	 */
	public record Usage(int prompt, int cached, int completion, int reasoning) {

		/**
		 * Return the total OpenAI reports: prompt plus completion tokens.
		 * @return the total tokens
		 */
		public int total() {
			return this.prompt + this.completion;
		}

	}

	/**
	 * A tool call the model asks for.
	 *
	 * @param id the call id, which the tool's result message refers to
	 * @param name the function name
	 * @param arguments the arguments as a JSON string
	 */
	public record ToolCall(String id, String name, String arguments) {

	}

	/**
	 * How an embeddings response writes its vectors: the request's
	 * {@code encoding_format}.
	 */
	public enum EncodingFormat {

		/**
		 * An array of numbers (the default).
		 */
		FLOAT {

			@Override
			void write(ObjectNode item, float[] vector) {
				ArrayNode values = item.putArray("embedding");
				for (float value : vector) {
					values.add(value);
				}
			}

		},

		/**
		 * A base64 string of the little-endian float32 values.
		 */
		BASE64 {

			@Override
			void write(ObjectNode item, float[] vector) {
				ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
				for (float value : vector) {
					buffer.putFloat(value);
				}
				item.put("embedding", Base64.getEncoder().encodeToString(buffer.array()));
			}

		};

		/**
		 * Return the format an embeddings request asks for.
		 * @param request the request body
		 * @return {@link #BASE64} for {@code "encoding_format": "base64"}, else
		 * {@link #FLOAT}
		 */
		public static EncodingFormat of(JsonNode request) {
			JsonNode format = request.path("encoding_format");
			return (format.isString() && "base64".equals(format.stringValue())) ? BASE64 : FLOAT;
		}

		abstract void write(ObjectNode item, float[] vector);

	}

}
