package dev.llmcost.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmcost.pricing.PriceCatalogStatus.SourceState;
import dev.llmcost.pricing.PriceCatalogStatus.SourceStatus;
import dev.llmcost.pricing.source.CatalogSources;
import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real application whose external catalog comes from a hostile server, behind Basic
 * auth and a query token. The server serves, one refresh after another, every payload of
 * the adversarial review (issue 10): extreme and absurd prices, forged and endless entry
 * names, a redirect to a document full of secrets, a body that trickles in forever, a
 * catalog of 66 MB, a genai-prices regular expression that backtracks catastrophically.
 * After each one: the refresh has returned, the last good prices still price a real call
 * exactly, and nothing the application shows (log, {@code /actuator/llmcost}, health, the
 * Prometheus scrape) holds a credential or a catalog value. At the end a good copy loads
 * again: no payload stops later refreshes.
 */
@CostTrackingTest
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileCatalogEndToEndTests {

	private static final String PASSWORD = "S3cr3t-pw";

	private static final String TOKEN = "T0ken-q";

	private static final String SECRET = "TOPSECRET";

	private static final OpenAiWireServer openAi = OpenAiWireServer.shared();

	private static final HostileCatalogServer catalogServer = new HostileCatalogServer();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private CatalogSources sources;

	@Autowired
	private SummaryService summaryService;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void hostileCatalogs(DynamicPropertyRegistry registry) {
		registry.add("llm.cost.pricing.sources[0].location", () -> "http://reader:" + PASSWORD + "@127.0.0.1:"
				+ catalogServer.port() + "/catalog.json?token=" + TOKEN);
		registry.add("llm.cost.pricing.sources[0].format", () -> "llm-cost");
		registry.add("llm.cost.pricing.sources[0].timeout", () -> "2s");
		registry.add("llm.cost.pricing.sources[1].location",
				() -> "http://127.0.0.1:" + catalogServer.port() + "/genai-prices.json");
		registry.add("llm.cost.pricing.sources[1].format", () -> "genai-prices");
		registry.add("llm.cost.pricing.sources[1].timeout", () -> "2s");
	}

	@AfterAll
	static void stopServer() {
		catalogServer.stop();
	}

	@Test
	void everyHostilePayloadShouldLeaveTheLastGoodPricesNoSecretAndLaterRefreshesWorking(CapturedOutput output)
			throws Exception {
		assertThat(status(0).state()).as("the first load, with Basic auth").isEqualTo(SourceState.LOADED);
		assertThat(catalogServer.unauthorized.get()).isZero();
		// The good copy: hostile-probe-model at 2 USD input and 8 USD output per million;
		// 1,000 input and 500 output tokens cost (1,000 x 2 + 500 x 8) / 1e6 = 0.006 USD.
		assertCallCosts("hostile-good", "hostile-probe-model", "0.006");

		for (Payload payload : List.of(Payload.EXTREME_PRICES, Payload.HOSTILE_NAMES, Payload.REDIRECT_TO_INVALID,
				Payload.REDIRECT_TO_VALUES, Payload.SLOW_BODY, Payload.HUGE)) {
			catalogServer.payload = payload;
			this.sources.refresh(0);
			// Bad entries are skipped one by one; a copy that is not a catalog is
			// refused.
			boolean keepsGoodEntries = payload == Payload.EXTREME_PRICES || payload == Payload.HOSTILE_NAMES;
			assertThat(status(0).state() == SourceState.LOADED).as(payload + ": " + status(0))
				.isEqualTo(keepsGoodEntries);
			assertThat(status(0).models()).as(payload + ": the good copy's models").isEqualTo(2);
			assertCallCosts("hostile-" + payload.id(), "hostile-probe-model", "0.006");
		}
		// Absurd prices were refused by entry; the good entries of that copy were kept.
		catalogServer.payload = Payload.EXTREME_PRICES;
		this.sources.refresh(0);
		for (String model : List.of("price-1e100000", "price-1e-1000000", "price-1e308", "price-1e300")) {
			assertCallCosts("hostile-absurd", model, "0");
		}
		// The slow body's fetch thread ended with its time-out, not with the server.
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().startsWith("llm-cost-catalog-fetch-")) {
				thread.join(Duration.ofSeconds(30).toMillis());
				assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
			}
		}

		// A model name that makes the genai-prices regex backtrack catastrophically is
		// resolved promptly (the test's timeout is the safety net) and is unpriced.
		assertCallCosts("hostile-regex", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "0");
		assertThat(status(1).state()).isEqualTo(SourceState.LOADED);

		catalogServer.payload = Payload.GOOD_AGAIN;
		assertThat(this.sources.refresh(0)).as("a good copy after every attack").isTrue();
		// (1,000 x 3 + 500 x 9) / 1e6 = 0.0075 USD
		assertCallCosts("hostile-recovered", "hostile-probe-model", "0.0075");

		String shown = output + get("/actuator/llmcost") + get("/actuator/health") + get("/actuator/prometheus");
		assertThat(shown).doesNotContain(PASSWORD).doesNotContain(TOKEN).doesNotContain(SECRET);
		assertThat(output.toString().lines()).as("log lines: bounded, none forged by an entry name")
			.allSatisfy((line) -> assertThat(line).hasSizeLessThan(2_000).doesNotStartWith("FORGED"));
	}

	private void assertCallCosts(String feature, String model, String expectedCost) throws Exception {
		openAi.enqueue(Reply.chat(model, "ok", new Usage(1000, 0, 500, 0)));
		this.summaryService.summarizeFor(feature, model, "Hello");
		JsonNode report = json.readTree(get("/actuator/llmcost/" + feature));
		assertThat(report.path("cost").decimalValue()).as(feature + " (" + model + ")")
			.isEqualByComparingTo(expectedCost);
	}

	private SourceStatus status(int index) {
		return this.sources.sources().get(index);
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private enum Payload {

		GOOD(good("2", "8")),

		EXTREME_PRICES(good("2", "8").replace("\"models\": {",
				"\"models\": { \"price-1e100000\": { \"input\": 1e100000, \"output\": 1 },"
						+ " \"price-1e-1000000\": { \"input\": 1e-1000000, \"output\": 1 },"
						+ " \"price-1e308\": { \"input\": 1e308, \"output\": 1 },"
						+ " \"price-1e300\": { \"input\": 1, \"output\": 1e300 },")),

		HOSTILE_NAMES(good("2", "8").replace("\"models\": {",
				"\"models\": { \"evil\\nFORGED log line\": \"" + SECRET + "-1\", \"" + "n".repeat(10_000) + "\": \""
						+ SECRET + "-2\", \"evil\\r\\u0001\": { \"input\": \"" + SECRET + "-3\", \"output\": 1 },")),

		REDIRECT_TO_INVALID(null),

		REDIRECT_TO_VALUES(null),

		SLOW_BODY(null),

		HUGE(null),

		GOOD_AGAIN(good("3", "9"));

		private final String body;

		Payload(String body) {
			this.body = body;
		}

		String id() {
			return name().toLowerCase().replace('_', '-');
		}

		private static String good(String input, String output) {
			return "{ \"models\": { \"hostile-probe-model\": { \"provider\": \"openai\", \"operation\": \"chat\", "
					+ "\"input\": " + input + ", \"output\": " + output + " }, \"hostile-other-model\": "
					+ "{ \"provider\": \"openai\", \"operation\": \"chat\", \"input\": 1, \"output\": 1 } } }";
		}

	}

	/**
	 * The hostile catalog server: {@code /catalog.json} needs the Basic credentials and
	 * serves the current payload; the documents it redirects to hold secrets as values
	 * (entry names are logged, escaped, by design, values never);
	 * {@code /genai-prices.json} serves a genai-prices catalog with a catastrophically
	 * backtracking {@code match.regex}.
	 */
	private static final class HostileCatalogServer {

		private final HttpServer server;

		private final AtomicInteger unauthorized = new AtomicInteger();

		private volatile Payload payload = Payload.GOOD;

		HostileCatalogServer() {
			try {
				this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.server.createContext("/catalog.json", this::catalog);
			this.server.createContext("/secret.json",
					(exchange) -> send(exchange, "{ \"note\": \"" + SECRET + "-4\", \"models\": " + SECRET + "-5 }"));
			this.server.createContext("/values.json",
					(exchange) -> send(exchange,
							"{ \"models\": { \"access_token\": \"" + SECRET + "-6\", \"api\": { \"input\": \"" + SECRET
									+ "-7\", \"output\": [ \"" + SECRET + "-8\" ] } } }"));
			this.server.createContext("/genai-prices.json", (exchange) -> send(exchange, """
					[ { "id": "acme", "models": [
					    { "id": "acme-backtracking", "match": { "regex": "^((a+)\\\\2?)+$" },
					      "prices": { "input_mtok": 1, "output_mtok": 2 } },
					    { "id": "acme-plain", "match": { "equals": "acme-plain" },
					      "prices": { "input_mtok": 1, "output_mtok": 2 } } ] } ]
					"""));
			// Each exchange on a thread of its own: the slow body holds one until the
			// client goes away.
			this.server.setExecutor(Executors.newCachedThreadPool((runnable) -> {
				Thread thread = new Thread(runnable, "hostile-catalog-server");
				thread.setDaemon(true);
				return thread;
			}));
			this.server.start();
		}

		int port() {
			return this.server.getAddress().getPort();
		}

		void stop() {
			this.server.stop(0);
		}

		private void catalog(HttpExchange exchange) throws IOException {
			String expected = "Basic "
					+ Base64.getEncoder().encodeToString(("reader:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
			if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
					|| !("token=" + TOKEN).equals(exchange.getRequestURI().getRawQuery())) {
				this.unauthorized.incrementAndGet();
				exchange.sendResponseHeaders(401, -1);
				exchange.close();
				return;
			}
			Payload current = this.payload;
			switch (current) {
				case REDIRECT_TO_INVALID -> redirect(exchange, "/secret.json");
				case REDIRECT_TO_VALUES -> redirect(exchange, "/values.json");
				case SLOW_BODY -> trickle(exchange);
				case HUGE -> huge(exchange);
				default -> send(exchange, current.body);
			}
		}

		private static void send(HttpExchange exchange, String body) throws IOException {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}

		private static void redirect(HttpExchange exchange, String path) throws IOException {
			exchange.getResponseHeaders().set("Location", path);
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		}

		/**
		 * Headers at once, then one byte every 100 ms until the client goes away (a write
		 * then fails) or, at the latest, after ten minutes.
		 */
		private static void trickle(HttpExchange exchange) throws IOException {
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write('{');
				out.flush();
				for (int i = 0; i < 6_000; i++) {
					Thread.sleep(100);
					out.write(' ');
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// the client gave up, as it should
			}
		}

		/**
		 * A valid catalog of 440,000 entries, about 66 MB, written as it is generated.
		 */
		private static void huge(HttpExchange exchange) throws IOException {
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = new java.io.BufferedOutputStream(exchange.getResponseBody(), 1 << 16)) {
				out.write(("{ \"models\": { \"hostile-probe-model\": { \"provider\": \"openai\", \"input\": 2, "
						+ "\"output\": 8 }")
					.getBytes(StandardCharsets.UTF_8));
				for (int i = 0; i < 440_000; i++) {
					out.write((", \"generated-model-" + i + "\": { \"provider\": \"openai\", \"operation\": \"chat\", "
							+ "\"input\": 1.25, \"output\": 10, \"cacheRead\": 0.125, \"cacheWrite\": 1.5625 }")
						.getBytes(StandardCharsets.UTF_8));
				}
				out.write(" } }".getBytes(StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				// the client stopped reading, as it may
			}
		}

	}

}
