package dev.llmcost.reconciliation;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local billing API: answers each request with the next scripted reply (a 500 when none
 * is left) and keeps what it was sent, headers included.
 */
final class BillingApiServer implements AutoCloseable {

	private final HttpServer http;

	private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private BillingApiServer(HttpServer http) {
		this.http = http;
		http.createContext("/", this::handle);
		http.start();
	}

	static BillingApiServer start() {
		try {
			return new BillingApiServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.http.getAddress().getPort();
	}

	BillingApiServer reply(int status, String body) {
		this.replies.add(new Reply(status, body));
		return this;
	}

	BillingApiServer reply(String body) {
		return reply(200, body);
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	@Override
	public void close() {
		this.http.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
		this.requests.add(new Request(exchange.getRequestURI().toString(), headers));
		Reply reply = this.replies.poll();
		if (reply == null) {
			reply = new Reply(500, "{\"error\":{\"message\":\"no reply scripted\"}}");
		}
		byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(reply.status(), body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	record Reply(int status, String body) {
	}

	record Request(String uri, Map<String, String> headers) {
	}

}
