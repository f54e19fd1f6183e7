package dev.llmcost.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server that answers each request with the next scripted reply and keeps
 * the paths and bodies it was sent: the provider API a real Spring AI client talks to in
 * the provider tests, whose replies are written in that provider's wire format.
 */
public final class ScriptedHttpServer {

	private final HttpServer http;

	private final String unscriptedBody;

	private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();

	private final List<String> paths = new CopyOnWriteArrayList<>();

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	private ScriptedHttpServer(HttpServer http, String unscriptedBody) {
		this.http = http;
		this.unscriptedBody = unscriptedBody;
		http.createContext("/", this::handle);
		http.start();
	}

	/**
	 * Start a server on a free local port.
	 * @param unscriptedBody the JSON body of the HTTP 500 answering a request with no
	 * reply scripted, in the provider's error format
	 * @return the running server
	 */
	public static ScriptedHttpServer start(String unscriptedBody) {
		try {
			return new ScriptedHttpServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), unscriptedBody);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the server's URL, without a trailing slash.
	 * @return the base URL
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.http.getAddress().getPort();
	}

	/**
	 * Script the next reply.
	 * @param reply the reply
	 */
	public void enqueue(Reply reply) {
		this.replies.add(reply);
	}

	/**
	 * Return the paths, with their query, of the requests received so far.
	 * @return the paths
	 */
	public List<String> paths() {
		return List.copyOf(this.paths);
	}

	/**
	 * Return the bodies of the requests received so far.
	 * @return the bodies
	 */
	public List<String> bodies() {
		return List.copyOf(this.bodies);
	}

	/**
	 * Forget scripted replies and received requests.
	 */
	public void reset() {
		this.replies.clear();
		this.paths.clear();
		this.bodies.clear();
	}

	/**
	 * Stop the server.
	 */
	public void stop() {
		this.http.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		this.paths.add(exchange.getRequestURI().toString());
		Reply reply = this.replies.poll();
		if (reply == null) {
			reply = new Reply(500, "application/json", this.unscriptedBody);
		}
		byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", reply.contentType());
		exchange.sendResponseHeaders(reply.status(), body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/**
	 * One scripted reply.
	 *
	 * @param status the HTTP status
	 * @param contentType the content type
	 * @param body the body
	 */
	public record Reply(int status, String contentType, String body) {

		/**
		 * A successful reply.
		 * @param contentType the content type
		 * @param body the body
		 */
		public Reply(String contentType, String body) {
			this(200, contentType, body);
		}

	}

}
