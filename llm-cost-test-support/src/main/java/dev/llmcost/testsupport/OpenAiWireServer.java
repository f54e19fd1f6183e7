package dev.llmcost.testsupport;

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
import dev.llmcost.testsupport.OpenAiWire.Envelope;
import dev.llmcost.testsupport.OpenAiWire.ToolCall;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local HTTP server speaking OpenAI's chat completions, embeddings and image
 * generations wire format (JSON and SSE, written by {@link OpenAiWire}), so tests drive
 * the real Spring AI OpenAI client over HTTP. Replies are scripted in order; requests are
 * kept for assertions.
 * <p>
 * It answers Azure OpenAI's paths too ({@code /openai/deployments/{deployment}/...}), for
 * the OpenAI client set up for Azure: Azure speaks OpenAI's wire format there.
 *
 * @author llm-cost contributors
 */
public final class OpenAiWireServer {

	/**
	 * The id of scripted completions and streams.
	 */
	private static final String ID = "chatcmpl-test";

	/**
	 * The id of completions with a raw or missing usage object.
	 */
	private static final String RAW_ID = "chatcmpl-raw";

	/**
	 * The id of streams that end badly.
	 */
	private static final String BAD_STREAM_ID = "chatcmpl-sse";

	private static final long CREATED = 1763790000;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static @Nullable OpenAiWireServer shared;

	private final HttpServer server;

	private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();

	private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

	private final Queue<AudioReply> audioReplies = new ConcurrentLinkedQueue<>();

	private final List<byte[]> audioRequests = new CopyOnWriteArrayList<>();

	private OpenAiWireServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/v1/chat/completions", this::handle);
		this.server.createContext("/v1/embeddings", this::handle);
		this.server.createContext("/v1/images/generations", this::handle);
		this.server.createContext("/openai/deployments/", this::handle);
		this.server.createContext("/v1/audio/", this::handleAudio);
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
	 * Return the value for {@code spring.ai.openai.base-url} of a client set up for Azure
	 * OpenAI, which adds {@code /openai/deployments/{deployment}} to it.
	 * @return the Azure endpoint
	 */
	public String azureEndpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Forget scripted replies and received requests.
	 */
	public void reset() {
		this.replies.clear();
		this.requests.clear();
		this.audioReplies.clear();
		this.audioRequests.clear();
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

	// Audio: speech and transcriptions, answered as OpenAI's API reference describes
	// them.

	/**
	 * Script the next reply to {@code /v1/audio/speech} or
	 * {@code /v1/audio/transcriptions}.
	 * @param reply the reply
	 * @return this server
	 */
	public OpenAiWireServer enqueueAudio(AudioReply reply) {
		this.audioReplies.add(reply);
		return this;
	}

	/**
	 * Return the audio request bodies received so far, as sent: JSON for speech,
	 * multipart for transcriptions.
	 * @return the requests
	 */
	public List<byte[]> audioRequests() {
		return List.copyOf(this.audioRequests);
	}

	private void handleAudio(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			this.audioRequests.add(in.readAllBytes());
			AudioReply reply = this.audioReplies.poll();
			if (reply == null) {
				reply = AudioReply.error(500, "server_error", "No reply scripted for this request");
			}
			reply.write(exchange);
		}
	}

	/**
	 * One scripted reply to an audio request.
	 */
	public interface AudioReply {

		/**
		 * Answer one request.
		 * @param exchange the exchange to answer on
		 * @throws IOException if the answer cannot be written
		 */
		void write(HttpExchange exchange) throws IOException;

		/**
		 * Speech: the audio bytes, as {@code audio/mpeg} (the default format, mp3).
		 * @param audio the audio
		 * @return the reply
		 */
		static AudioReply speech(byte[] audio) {
			return (exchange) -> send(exchange, 200, "audio/mpeg", audio);
		}

		/**
		 * A transcription in the {@code verbose_json} format: task, language, duration in
		 * seconds, text and one segment.
		 * @param language the language
		 * @param duration the duration of the audio in seconds
		 * @param text the text
		 * @return the reply
		 */
		static AudioReply verboseTranscription(String language, double duration, String text) {
			ObjectNode body = json.createObjectNode()
				.put("task", "transcribe")
				.put("language", language)
				.put("duration", duration)
				.put("text", text);
			body.putArray("segments")
				.addObject()
				.put("id", 0)
				.put("seek", 0)
				.put("start", 0.0)
				.put("end", duration)
				.put("text", text)
				.put("temperature", 0.0)
				.put("avg_logprob", -0.2)
				.put("compression_ratio", 1.2)
				.put("no_speech_prob", 0.01)
				.putArray("tokens")
				.add(50364);
			return (exchange) -> send(exchange, 200, "application/json", json.writeValueAsBytes(body));
		}

		/**
		 * A transcription in the {@code json} format with the usage OpenAI reports for
		 * models billed by the second: {@code {"type": "duration", "seconds": ...}}.
		 * @param text the text
		 * @param seconds the seconds billed
		 * @return the reply
		 */
		static AudioReply jsonTranscription(String text, double seconds) {
			ObjectNode body = json.createObjectNode().put("text", text);
			body.putObject("usage").put("type", "duration").put("seconds", seconds);
			return (exchange) -> send(exchange, 200, "application/json", json.writeValueAsBytes(body));
		}

		/**
		 * A transcription in the {@code text} format: the text alone, no duration.
		 * @param text the text
		 * @return the reply
		 */
		static AudioReply textTranscription(String text) {
			return (exchange) -> send(exchange, 200, "text/plain; charset=utf-8",
					text.getBytes(StandardCharsets.UTF_8));
		}

		/**
		 * An OpenAI error response.
		 * @param status the HTTP status
		 * @param type the error type, also sent as the code
		 * @param message the error message
		 * @return the reply
		 */
		static AudioReply error(int status, String type, String message) {
			return (exchange) -> send(exchange, status, "application/json",
					json.writeValueAsBytes(OpenAiWire.error(message, type, type)));
		}

		private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
				throws IOException {
			exchange.getResponseHeaders().set("Content-Type", contentType);
			exchange.sendResponseHeaders(status, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}

	}

	/**
	 * How a scripted stream ends badly.
	 */
	public enum StreamEnding {

		/**
		 * Finish reason and {@code [DONE]}, but no usage chunk although one was asked
		 * for.
		 */
		WITHOUT_USAGE,

		/**
		 * The connection closes in the middle of the body, without finish reason, usage
		 * or {@code [DONE]}.
		 */
		CONNECTION_DROPPED,

		/**
		 * An error event, as OpenAI sends when it fails after the stream started.
		 */
		ERROR_EVENT

	}

	/**
	 * One scripted reply.
	 */
	public interface Reply {

		/**
		 * Answer one request.
		 * @param exchange the exchange to answer on
		 * @param request the request body
		 * @throws IOException if the answer cannot be written
		 */
		void write(HttpExchange exchange, JsonNode request) throws IOException;

		/**
		 * A chat completion answering {@code content}.
		 * @param model the response model (often a dated name)
		 * @param content the answer
		 * @param usage the usage
		 * @return the reply
		 */
		static Reply chat(String model, String content, Usage usage) {
			return (exchange, request) -> sendJson(exchange, 200,
					OpenAiWire.completion(completionEnvelope(model), content, OpenAiWire.usage(usage)));
		}

		/**
		 * A chat completion with no {@code usage} object at all.
		 * @param model the response model
		 * @param content the answer
		 * @return the reply
		 */
		static Reply chatWithoutUsage(String model, String content) {
			return (exchange, request) -> sendJson(exchange, 200,
					OpenAiWire.completion(rawEnvelope(model), content, null));
		}

		/**
		 * A chat completion whose {@code usage} object is sent exactly as given, for
		 * counts no well-behaved provider sends.
		 * @param model the response model
		 * @param content the answer
		 * @param usage the usage object as JSON text
		 * @return the reply
		 */
		static Reply chatWithRawUsage(String model, String content, String usage) {
			return (exchange, request) -> sendJson(exchange, 200,
					OpenAiWire.completion(rawEnvelope(model), content, OpenAiWire.rawJson(usage)));
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
			return (exchange, request) -> sendJson(exchange, 200, OpenAiWire.toolCallCompletion(
					completionEnvelope(model), new ToolCall("call_1", tool, arguments), OpenAiWire.usage(usage)));
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
			return stream(model, OpenAiWire.usage(usage), pieces);
		}

		/**
		 * A streamed answer in pieces whose usage chunk carries a {@code usage} object
		 * sent exactly as given, for the fields OpenAI-compatible providers add to
		 * OpenAI's.
		 * @param model the response model
		 * @param usage the usage object as JSON text
		 * @param pieces the content pieces
		 * @return the reply
		 */
		static Reply streamWithRawUsage(String model, String usage, String... pieces) {
			return stream(model, OpenAiWire.rawJson(usage), pieces);
		}

		private static Reply stream(String model, JsonNode usage, String... pieces) {
			return (exchange, request) -> {
				Envelope envelope = new Envelope(ID, CREATED, model);
				List<String> events = events(OpenAiWire.answerChunks(envelope, List.of(pieces)));
				events.add(OpenAiWire.event(OpenAiWire.finishChunk(envelope, OpenAiWire.STOP)));
				if (OpenAiWire.includesUsage(request)) {
					events.add(OpenAiWire.event(OpenAiWire.usageChunk(envelope, usage)));
				}
				events.add(OpenAiWire.DONE);
				sendEvents(exchange, events);
			};
		}

		/**
		 * A streamed answer in pieces that ends badly.
		 * @param model the response model
		 * @param ending how the stream ends
		 * @param pieces the content pieces sent before the end
		 * @return the reply
		 */
		static Reply stream(String model, StreamEnding ending, String... pieces) {
			return (exchange, request) -> {
				Envelope envelope = new Envelope(BAD_STREAM_ID, CREATED, model);
				List<String> events = events(OpenAiWire.answerChunks(envelope, List.of(pieces)));
				switch (ending) {
					case WITHOUT_USAGE -> {
						events.add(OpenAiWire.event(OpenAiWire.finishChunk(envelope, OpenAiWire.STOP)));
						events.add(OpenAiWire.DONE);
					}
					case ERROR_EVENT -> events.add(OpenAiWire.event(OpenAiWire
						.error("The server had an error while processing your request.", "server_error", null)));
					case CONNECTION_DROPPED -> {
						dropMidway(exchange, events);
						return;
					}
				}
				sendEvents(exchange, events);
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
				List<float[]> vectors = OpenAiWire.embeddingInputs(request)
					.stream()
					.map((input) -> new float[] { 0.1f, 0.2f, 0.3f })
					.toList();
				sendJson(exchange, 200,
						OpenAiWire.embeddings(model, vectors, OpenAiWire.EncodingFormat.FLOAT, promptTokens));
			};
		}

		/**
		 * An image generation response with images as URLs.
		 * @param images how many images
		 * @return the reply
		 */
		static Reply images(int images) {
			return (exchange, request) -> sendJson(exchange, 200, OpenAiWire.images(CREATED, images, false));
		}

		/**
		 * An image generation response with images in base64.
		 * @param images how many images
		 * @return the reply
		 */
		static Reply base64Images(int images) {
			return (exchange, request) -> sendJson(exchange, 200, OpenAiWire.images(CREATED, images, true));
		}

		/**
		 * An OpenAI error response.
		 * @param status the HTTP status
		 * @param type the error type, also sent as the code
		 * @param message the error message
		 * @return the reply
		 */
		static Reply error(int status, String type, String message) {
			return (exchange, request) -> sendJson(exchange, status, OpenAiWire.error(message, type, type));
		}

		/**
		 * Completions carry a fingerprint and a service tier; the scripted chunks carry
		 * neither, the smallest form the client accepts.
		 */
		private static Envelope completionEnvelope(String model) {
			return new Envelope(ID, CREATED, model, "fp_test", "default");
		}

		private static Envelope rawEnvelope(String model) {
			return new Envelope(RAW_ID, CREATED, model);
		}

		private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
			byte[] bytes = json.writeValueAsBytes(body);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}

		private static List<String> events(List<ObjectNode> chunks) {
			List<String> events = new ArrayList<>();
			for (ObjectNode chunk : chunks) {
				events.add(OpenAiWire.event(chunk));
			}
			return events;
		}

		private static void sendEvents(HttpExchange exchange, List<String> events) throws IOException {
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				for (String event : events) {
					out.write(event.getBytes(StandardCharsets.UTF_8));
					out.flush();
				}
			}
		}

		/**
		 * Promise more bytes than are sent: the exchange closing short of them makes the
		 * server drop the connection mid-body.
		 */
		private static void dropMidway(HttpExchange exchange, List<String> events) throws IOException {
			byte[] bytes = String.join("", events).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
			exchange.sendResponseHeaders(200, bytes.length + 1024);
			OutputStream out = exchange.getResponseBody();
			out.write(bytes);
			out.flush();
		}

	}

}
