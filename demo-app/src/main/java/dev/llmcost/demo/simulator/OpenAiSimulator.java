package dev.llmcost.demo.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
import dev.llmcost.testsupport.OpenAiWire;
import dev.llmcost.testsupport.OpenAiWire.Envelope;
import dev.llmcost.testsupport.OpenAiWire.ToolCall;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
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
 * Built on the JDK's HTTP server so that the demo needs no extra dependency for it. Every
 * body and stream event is written by {@link OpenAiWire}, which the tests' scripted
 * server writes through too.
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
		Envelope envelope = new Envelope("chatcmpl-sim" + this.ids.incrementAndGet(), Instant.now().getEpochSecond(),
				reply.model(), "fp_simulator", "default");
		boolean stream = OpenAiWire.isStream(request);
		if (logger.isDebugEnabled()) {
			logger.debug("Chat completion " + envelope.id() + ": model=" + reply.model() + ", stream=" + stream
					+ ", stream_options=" + request.path("stream_options") + ", finish=" + reply.finishReason()
					+ ", usage=" + reply.usage());
		}
		if (stream) {
			stream(exchange, envelope, reply, OpenAiWire.includesUsage(request));
		}
		else {
			sendJson(exchange, 200, completion(envelope, reply));
		}
	}

	private static ObjectNode completion(Envelope envelope, Reply reply) {
		ToolCall toolCall = reply.toolCall();
		ObjectNode usage = OpenAiWire.usage(reply.usage());
		return (toolCall != null) ? OpenAiWire.toolCallCompletion(envelope, toolCall, usage)
				: OpenAiWire.completion(envelope, Objects.requireNonNull(reply.content()), usage);
	}

	private void stream(HttpExchange exchange, Envelope envelope, Reply reply, boolean includeUsage)
			throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
		exchange.getResponseHeaders().set("Cache-Control", "no-cache");
		// Length 0 means chunked transfer encoding: the body is written as it is
		// produced.
		exchange.sendResponseHeaders(200, 0);
		OutputStream out = exchange.getResponseBody();
		ToolCall toolCall = reply.toolCall();
		List<ObjectNode> answer = (toolCall != null) ? OpenAiWire.toolCallChunks(envelope, toolCall)
				: OpenAiWire.answerChunks(envelope, pieces(Objects.requireNonNull(reply.content())));
		for (int i = 0; i < answer.size(); i++) {
			if (i > 0) {
				pause();
			}
			write(out, OpenAiWire.event(answer.get(i)));
		}
		write(out, OpenAiWire.event(OpenAiWire.finishChunk(envelope, reply.finishReason())));
		if (includeUsage) {
			// As OpenAI does: usage comes last, in a chunk of its own with no choices,
			// and only when the client asked for it.
			write(out, OpenAiWire.event(OpenAiWire.usageChunk(envelope, reply.usage())));
		}
		write(out, OpenAiWire.DONE);
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

	private static void write(OutputStream out, String event) throws IOException {
		out.write(event.getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private void embeddings(HttpExchange exchange) throws IOException {
		JsonNode request = readRequest(exchange);
		if (request == null) {
			return;
		}
		// Token arrays are rare; their JSON text is good enough to derive a vector.
		List<String> inputs = OpenAiWire.embeddingInputs(request);
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
		List<float[]> vectors = new ArrayList<>();
		int tokens = 0;
		for (String text : inputs) {
			vectors.add(vector(text, dimensions));
			tokens += Math.max(1, ChatCompletionSimulation.tokens(text));
		}
		sendJson(exchange, 200, OpenAiWire.embeddings(model, vectors, OpenAiWire.EncodingFormat.of(request), tokens));
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
		sendJson(exchange, status, OpenAiWire.error(message, type, code));
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
