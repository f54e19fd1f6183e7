package dev.llmcost.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local HTTP server speaking OpenAI's chat completions wire format (JSON and SSE), so
 * tests drive the real Spring AI OpenAI client over HTTP. Replies are scripted in order;
 * requests are kept for assertions.
 */
public final class OpenAiWireServer {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static OpenAiWireServer shared;

	private final HttpServer server;

	private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();

	private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

	private OpenAiWireServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/v1/chat/completions", this::handle);
		this.server.createContext("/v1/embeddings", this::handle);
		this.server.setExecutor(Executors.newFixedThreadPool(8, (runnable) -> {
			Thread thread = new Thread(runnable, "openai-wire-server");
			thread.setDaemon(true);
			return thread;
		}));
		this.server.start();
	}

	/**
	 * Return the server shared by all tests of this JVM, so Spring test contexts that
	 * point at it can be cached.
	 * @return the server
	 */
	public static synchronized OpenAiWireServer shared() {
		if (shared == null) {
			try {
				shared = new OpenAiWireServer();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return shared;
	}

	/**
	 * Return the value for {@code spring.ai.openai.base-url}.
	 * @return the base URL
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	/**
	 * Forget scripted replies and received requests.
	 */
	public void reset() {
		this.replies.clear();
		this.requests.clear();
	}

	/**
	 * Script the next reply.
	 * @param reply the reply
	 * @return this server
	 */
	public OpenAiWireServer enqueue(Reply reply) {
		this.replies.add(reply);
		return this;
	}

	/**
	 * Return the request bodies received so far.
	 * @return the requests
	 */
	public List<JsonNode> requests() {
		return List.copyOf(this.requests);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			JsonNode request = json.readTree(in);
			this.requests.add(request);
			Reply reply = this.replies.poll();
			if (reply == null) {
				reply = Reply.error(500, "server_error", "No reply scripted for this request");
			}
			reply.write(exchange, request);
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

		ObjectNode toJson() {
			ObjectNode usage = json.createObjectNode();
			usage.put("prompt_tokens", this.prompt);
			usage.put("completion_tokens", this.completion);
			usage.put("total_tokens", this.prompt + this.completion);
			usage.putObject("prompt_tokens_details").put("cached_tokens", this.cached).put("audio_tokens", 0);
			usage.putObject("completion_tokens_details")
				.put("reasoning_tokens", this.reasoning)
				.put("audio_tokens", 0)
				.put("accepted_prediction_tokens", 0)
				.put("rejected_prediction_tokens", 0);
			return usage;
		}

	}

	/**
	 * One scripted reply.
	 */
	public interface Reply {

		void write(HttpExchange exchange, JsonNode request) throws IOException;

		/**
		 * A chat completion answering {@code content}.
		 * @param model the response model (often a dated name)
		 * @param content the answer
		 * @param usage the usage
		 * @return the reply
		 */
		static Reply chat(String model, String content, Usage usage) {
			return (exchange, request) -> {
				ObjectNode message = json.createObjectNode().put("role", "assistant").put("content", content);
				message.putNull("refusal");
				sendJson(exchange, 200, completion(model, message, "stop", usage));
			};
		}

		/**
		 * A chat completion asking for one tool call.
		 * @param model the response model
		 * @param tool the tool name
		 * @param arguments the tool arguments as JSON
		 * @param usage the usage
		 * @return the reply
		 */
		static Reply toolCall(String model, String tool, String arguments, Usage usage) {
			return (exchange, request) -> {
				ObjectNode message = json.createObjectNode().put("role", "assistant");
				message.putNull("content");
				ObjectNode call = message.putArray("tool_calls")
					.addObject()
					.put("id", "call_1")
					.put("type", "function");
				call.putObject("function").put("name", tool).put("arguments", arguments);
				sendJson(exchange, 200, completion(model, message, "tool_calls", usage));
			};
		}

		/**
		 * A streamed answer in pieces, ending with a usage chunk when the request asked
		 * for one ({@code stream_options.include_usage}).
		 * @param model the response model
		 * @param usage the usage
		 * @param pieces the content pieces
		 * @return the reply
		 */
		static Reply stream(String model, Usage usage, String... pieces) {
			return (exchange, request) -> {
				List<ObjectNode> chunks = new ArrayList<>();
				chunks.add(chunk(model, json.createObjectNode().put("role", "assistant").put("content", ""), null));
				for (String piece : pieces) {
					chunks.add(chunk(model, json.createObjectNode().put("content", piece), null));
				}
				chunks.add(chunk(model, json.createObjectNode(), "stop"));
				if (request.path("stream_options").path("include_usage").asBoolean(false)) {
					ObjectNode last = base(model, "chat.completion.chunk");
					last.putArray("choices");
					last.set("usage", usage.toJson());
					chunks.add(last);
				}
				exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
				exchange.sendResponseHeaders(200, 0);
				try (OutputStream out = exchange.getResponseBody()) {
					for (ObjectNode chunk : chunks) {
						out.write(
								("data: " + json.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
						out.flush();
					}
					out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
				}
			};
		}

		/**
		 * An embeddings response with one small vector per input.
		 * @param model the response model
		 * @param promptTokens the tokens of the input
		 * @return the reply
		 */
		static Reply embedding(String model, int promptTokens) {
			return (exchange, request) -> {
				ObjectNode body = json.createObjectNode().put("object", "list").put("model", model);
				ArrayNode data = body.putArray("data");
				int inputs = request.path("input").isArray() ? request.path("input").size() : 1;
				for (int i = 0; i < inputs; i++) {
					ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
					item.putArray("embedding").add(0.1).add(0.2).add(0.3);
				}
				body.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens);
				sendJson(exchange, 200, body);
			};
		}

		/**
		 * An OpenAI error response.
		 * @param status the HTTP status
		 * @param type the error type
		 * @param message the error message
		 * @return the reply
		 */
		static Reply error(int status, String type, String message) {
			return (exchange, request) -> {
				ObjectNode body = json.createObjectNode();
				ObjectNode error = body.putObject("error").put("message", message).put("type", type).put("code", type);
				error.putNull("param");
				sendJson(exchange, status, body);
			};
		}

		private static ObjectNode completion(String model, ObjectNode message, String finishReason, Usage usage) {
			ObjectNode body = base(model, "chat.completion");
			body.put("system_fingerprint", "fp_test").put("service_tier", "default");
			ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
			choice.set("message", message);
			choice.putNull("logprobs");
			choice.put("finish_reason", finishReason);
			body.set("usage", usage.toJson());
			return body;
		}

		private static ObjectNode chunk(String model, ObjectNode delta, String finishReason) {
			ObjectNode chunk = base(model, "chat.completion.chunk");
			ArrayNode choices = chunk.putArray("choices");
			ObjectNode choice = choices.addObject().put("index", 0);
			choice.set("delta", delta);
			if (finishReason != null) {
				choice.put("finish_reason", finishReason);
			}
			else {
				choice.putNull("finish_reason");
			}
			return chunk;
		}

		private static ObjectNode base(String model, String object) {
			return json.createObjectNode()
				.put("id", "chatcmpl-test")
				.put("object", object)
				.put("created", 1763790000)
				.put("model", model);
		}

		private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
			byte[] bytes = json.writeValueAsBytes(body);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}

	}

}
