package dev.llmcost.demo.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmcost.demo.simulator.ChatCompletionSimulation.Reply;
import dev.llmcost.demo.simulator.ChatCompletionSimulation.ToolCall;
import dev.llmcost.demo.simulator.ChatCompletionSimulation.Usage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small OpenAI-compatible HTTP server, so that the demo runs the real Spring AI OpenAI
 * client with no API key and no network.
 * <p>
 * Serves {@code POST /v1/chat/completions} (plain and streamed, with tool calls, cached
 * and reasoning token details) and {@code POST /v1/embeddings}. Answers and token counts
 * are derived from the request text only, so they are the same on every run. A last user
 * message containing {@code [simulate-429]} gets OpenAI's rate-limit error.
 * <p>
 * Built on the JDK's HTTP server so that the demo needs no extra dependency for it.
 *
 * @author llm-cost contributors
 */
public final class OpenAiSimulator implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(OpenAiSimulator.class);

	private final HttpServer server;

	private final ExecutorService executor;

	private final Duration chunkDelay;

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final AtomicLong ids = new AtomicLong();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicBoolean closed = new AtomicBoolean();

	private OpenAiSimulator(HttpServer server, ExecutorService executor, Duration chunkDelay) {
		this.server = server;
		this.executor = executor;
		this.chunkDelay = chunkDelay;
	}

	/**
	 * Start a simulator on the loopback address.
	 * @param port the port, or {@code 0} for a free one
	 * @param chunkDelay pause between streamed chunks, so that streams look like streams
	 * (time to first chunk, progressive output)
	 * @return the running simulator
	 */
	public static OpenAiSimulator start(int port, Duration chunkDelay) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
			// Streams hold their exchange while they pause between chunks: give each
			// request its own thread. Daemon threads, so a simulator that was never
			// closed cannot keep the JVM alive.
			ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
			OpenAiSimulator simulator = new OpenAiSimulator(server, executor, chunkDelay);
			server.createContext("/", simulator::handle);
			server.setExecutor(executor);
			server.start();
			return simulator;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the OpenAI simulator on port " + port, ex);
		}
	}

	private static ThreadFactory daemonThreads() {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "openai-simulator-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Return the port the simulator listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Return the base URL to configure as {@code spring.ai.openai.base-url}.
	 * @return the base URL, ending in {@code /v1}
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + port() + "/v1";
	}

	/**
	 * Return how many requests the simulator has received.
	 * @return the request count
	 */
	public long requestCount() {
		return this.requests.get();
	}

	/**
	 * Stop the server. Safe to call more than once.
	 */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.server.stop(0);
			this.executor.shutdownNow();
		}
	}

	private void handle(HttpExchange exchange) {
		this.requests.incrementAndGet();
		try {
			String path = exchange.getRequestURI().getPath();
			// Accept the paths with and without /v1 so that a base URL without it works
			// too.
			String endpoint = path.startsWith("/v1/") ? path.substring(3) : path;
			if (!"POST".equals(exchange.getRequestMethod())) {
				sendError(exchange, 405, "Only POST is supported", "invalid_request_error", "method_not_allowed");
			}
			else if (endpoint.equals("/chat/completions")) {
				chatCompletions(exchange);
			}
			else if (endpoint.equals("/embeddings")) {
				embeddings(exchange);
			}
			else {
				sendError(exchange, 404,
						"Unknown URL " + path + " (the simulator serves chat completions and embeddings)",
						"invalid_request_error", "unknown_url");
			}
		}
		catch (IOException ex) {
			// Usually the client went away in the middle of a stream.
			logger.debug("OpenAI simulator could not write a response", ex);
		}
		catch (RuntimeException ex) {
			logger.warn("OpenAI simulator failed on " + exchange.getRequestURI(), ex);
			sendServerError(exchange, ex);
		}
		finally {
			exchange.close();
		}
	}

	private void chatCompletions(HttpExchange exchange) throws IOException {
		JsonNode request = readRequest(exchange);
		if (request == null) {
			return;
		}
		if (ChatCompletionSimulation.isRateLimited(request)) {
			sendRateLimit(exchange);
			return;
		}
		Reply reply = ChatCompletionSimulation.reply(request, this.mapper);
		String id = "chatcmpl-sim" + this.ids.incrementAndGet();
		long created = Instant.now().getEpochSecond();
		boolean stream = request.path("stream").isBoolean() && request.path("stream").booleanValue();
		JsonNode includeUsage = request.path("stream_options").path("include_usage");
		if (logger.isDebugEnabled()) {
			logger.debug("Chat completion " + id + ": model=" + reply.model() + ", stream=" + stream
					+ ", stream_options=" + request.path("stream_options") + ", finish=" + reply.finishReason()
					+ ", usage=" + reply.usage());
		}
		if (stream) {
			stream(exchange, id, created, reply, includeUsage.isBoolean() && includeUsage.booleanValue());
		}
		else {
			sendJson(exchange, 200, completion(id, created, reply));
		}
	}

	private ObjectNode completion(String id, long created, Reply reply) {
		ObjectNode completion = envelope(id, created, reply.model(), "chat.completion");
		ObjectNode choice = completion.putArray("choices").addObject();
		choice.put("index", 0);
		ObjectNode message = choice.putObject("message");
		message.put("role", "assistant");
		message.put("content", reply.content());
		message.putNull("refusal");
		ToolCall toolCall = reply.toolCall();
		if (toolCall != null) {
			ObjectNode call = message.putArray("tool_calls").addObject();
			call.put("id", toolCall.id());
			call.put("type", "function");
			call.putObject("function").put("name", toolCall.name()).put("arguments", toolCall.arguments());
		}
		choice.putNull("logprobs");
		choice.put("finish_reason", reply.finishReason());
		putUsage(completion, reply.usage());
		return completion;
	}

	private void stream(HttpExchange exchange, String id, long created, Reply reply, boolean includeUsage)
			throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
		exchange.getResponseHeaders().set("Cache-Control", "no-cache");
		// Length 0 means chunked transfer encoding: the body is written as it is
		// produced.
		exchange.sendResponseHeaders(200, 0);
		OutputStream out = exchange.getResponseBody();
		ToolCall toolCall = reply.toolCall();
		if (toolCall != null) {
			ObjectNode start = chunk(id, created, reply.model());
			ObjectNode delta = delta(start);
			delta.put("role", "assistant");
			delta.putNull("content");
			ObjectNode call = delta.putArray("tool_calls").addObject();
			call.put("index", 0);
			call.put("id", toolCall.id());
			call.put("type", "function");
			call.putObject("function").put("name", toolCall.name()).put("arguments", "");
			writeEvent(out, start);
			ObjectNode arguments = chunk(id, created, reply.model());
			ObjectNode argumentsCall = delta(arguments).putArray("tool_calls").addObject();
			argumentsCall.put("index", 0);
			argumentsCall.putObject("function").put("arguments", toolCall.arguments());
			pause();
			writeEvent(out, arguments);
		}
		else {
			ObjectNode start = chunk(id, created, reply.model());
			delta(start).put("role", "assistant").put("content", "");
			writeEvent(out, start);
			for (String piece : pieces((reply.content() != null) ? reply.content() : "")) {
				pause();
				ObjectNode chunk = chunk(id, created, reply.model());
				delta(chunk).put("content", piece);
				writeEvent(out, chunk);
			}
		}
		ObjectNode finish = chunk(id, created, reply.model());
		delta(finish);
		((ObjectNode) finish.path("choices").get(0)).put("finish_reason", reply.finishReason());
		writeEvent(out, finish);
		if (includeUsage) {
			// As OpenAI does: usage comes last, in a chunk of its own with no choices,
			// and only when the client asked for it.
			ObjectNode usage = envelope(id, created, reply.model(), "chat.completion.chunk");
			usage.putArray("choices");
			putUsage(usage, reply.usage());
			writeEvent(out, usage);
		}
		out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private ObjectNode chunk(String id, long created, String model) {
		ObjectNode chunk = envelope(id, created, model, "chat.completion.chunk");
		ObjectNode choice = chunk.putArray("choices").addObject();
		choice.put("index", 0);
		choice.putObject("delta");
		choice.putNull("logprobs");
		choice.putNull("finish_reason");
		return chunk;
	}

	private static ObjectNode delta(ObjectNode chunk) {
		return (ObjectNode) chunk.path("choices").get(0).path("delta");
	}

	private ObjectNode envelope(String id, long created, String model, String object) {
		ObjectNode envelope = this.mapper.createObjectNode();
		envelope.put("id", id);
		envelope.put("object", object);
		envelope.put("created", created);
		envelope.put("model", model);
		envelope.put("system_fingerprint", "fp_simulator");
		envelope.put("service_tier", "default");
		return envelope;
	}

	private static void putUsage(ObjectNode target, Usage usage) {
		ObjectNode node = target.putObject("usage");
		node.put("prompt_tokens", usage.promptTokens());
		node.put("completion_tokens", usage.completionTokens());
		node.put("total_tokens", usage.totalTokens());
		node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens()).put("audio_tokens", 0);
		node.putObject("completion_tokens_details")
			.put("reasoning_tokens", usage.reasoningTokens())
			.put("audio_tokens", 0)
			.put("accepted_prediction_tokens", 0)
			.put("rejected_prediction_tokens", 0);
	}

	/**
	 * Split text into word-sized pieces, each keeping its trailing whitespace, so that
	 * the pieces concatenate back to the text.
	 */
	private static List<String> pieces(String text) {
		List<String> pieces = new ArrayList<>();
		for (String piece : text.split("(?<=\\s)")) {
			if (!piece.isEmpty()) {
				pieces.add(piece);
			}
		}
		return pieces;
	}

	private void pause() {
		if (this.chunkDelay.isZero() || this.chunkDelay.isNegative()) {
			return;
		}
		try {
			Thread.sleep(this.chunkDelay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void writeEvent(OutputStream out, JsonNode data) throws IOException {
		out.write(("data: " + this.mapper.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private void embeddings(HttpExchange exchange) throws IOException {
		JsonNode request = readRequest(exchange);
		if (request == null) {
			return;
		}
		List<String> inputs = new ArrayList<>();
		JsonNode input = request.path("input");
		if (input.isString()) {
			inputs.add(input.stringValue());
		}
		else {
			for (JsonNode item : input.values()) {
				// Token arrays are rare; their JSON text is good enough to derive a
				// vector.
				inputs.add(item.isString() ? item.stringValue() : item.toString());
			}
		}
		if (inputs.stream().anyMatch((text) -> text.contains(ChatCompletionSimulation.RATE_LIMIT_MARKER))) {
			sendRateLimit(exchange);
			return;
		}
		String model = ChatCompletionSimulation.text(request.path("model"));
		if (model.isEmpty()) {
			model = "text-embedding-3-small";
		}
		int dimensions = request.path("dimensions").isInt() ? request.path("dimensions").intValue()
				: (model.contains("large") ? 3072 : 1536);
		boolean base64 = "base64".equals(ChatCompletionSimulation.text(request.path("encoding_format")));
		ObjectNode response = this.mapper.createObjectNode();
		response.put("object", "list");
		ArrayNode data = response.putArray("data");
		int tokens = 0;
		for (int i = 0; i < inputs.size(); i++) {
			ObjectNode embedding = data.addObject();
			embedding.put("object", "embedding");
			embedding.put("index", i);
			float[] vector = vector(inputs.get(i), dimensions);
			if (base64) {
				embedding.put("embedding", base64(vector));
			}
			else {
				ArrayNode values = embedding.putArray("embedding");
				for (float value : vector) {
					values.add(value);
				}
			}
			tokens += Math.max(1, ChatCompletionSimulation.tokens(inputs.get(i)));
		}
		response.put("model", model);
		response.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
		sendJson(exchange, 200, response);
	}

	/**
	 * A unit vector seeded by the text: the same text always gets the same vector.
	 */
	private static float[] vector(String text, int dimensions) {
		SplittableRandom generator = new SplittableRandom(text.hashCode() * 31L + dimensions);
		float[] vector = new float[dimensions];
		double norm = 0;
		for (int i = 0; i < dimensions; i++) {
			vector[i] = (float) (generator.nextDouble() * 2 - 1);
			norm += vector[i] * vector[i];
		}
		float scale = (float) (1 / Math.sqrt(Math.max(norm, 1e-12)));
		for (int i = 0; i < dimensions; i++) {
			vector[i] *= scale;
		}
		return vector;
	}

	/**
	 * OpenAI's base64 encoding: little-endian float32 values.
	 */
	private static String base64(float[] vector) {
		ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		for (float value : vector) {
			buffer.putFloat(value);
		}
		return Base64.getEncoder().encodeToString(buffer.array());
	}

	private @Nullable JsonNode readRequest(HttpExchange exchange) throws IOException {
		try {
			JsonNode request = this.mapper.readTree(exchange.getRequestBody().readAllBytes());
			if (request != null && request.isObject()) {
				return request;
			}
		}
		catch (JacksonException ex) {
			// Answered below as OpenAI does.
		}
		sendError(exchange, 400, "The request body is not a JSON object", "invalid_request_error", "invalid_json");
		return null;
	}

	private void sendRateLimit(HttpExchange exchange) throws IOException {
		// A short retry hint keeps the client's own retries quick.
		exchange.getResponseHeaders().set("retry-after-ms", "20");
		exchange.getResponseHeaders().set("x-ratelimit-remaining-requests", "0");
		sendError(exchange, 429, "Rate limit reached for requests (simulated: the message contained "
				+ ChatCompletionSimulation.RATE_LIMIT_MARKER + ")", "requests", "rate_limit_exceeded");
	}

	private void sendError(HttpExchange exchange, int status, String message, String type, String code)
			throws IOException {
		ObjectNode body = this.mapper.createObjectNode();
		ObjectNode error = body.putObject("error");
		error.put("message", message);
		error.put("type", type);
		error.putNull("param");
		error.put("code", code);
		sendJson(exchange, status, body);
	}

	private void sendServerError(HttpExchange exchange, RuntimeException ex) {
		// Only possible while nothing has been sent yet.
		if (exchange.getResponseCode() == -1) {
			try {
				sendError(exchange, 500, "Simulator error: " + ex.getMessage(), "server_error", "internal_error");
			}
			catch (IOException ioEx) {
				logger.debug("OpenAI simulator could not report an error", ioEx);
			}
		}
	}

	private void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
		byte[] bytes = this.mapper.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.getResponseHeaders().set("x-request-id", "req_sim" + this.requests.get());
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
