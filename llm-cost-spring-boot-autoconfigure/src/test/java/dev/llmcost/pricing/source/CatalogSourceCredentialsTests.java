package dev.llmcost.pricing.source;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmcost.actuate.LlmCostEndpoint;
import dev.llmcost.actuate.LlmCostHealthIndicator;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.pricing.PriceCatalogStatus.SourceState;
import dev.llmcost.pricing.PriceCatalogStatus.SourceStatus;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.pricing.catalog.CatalogFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials of catalog URLs: user info is sent as Basic credentials and configured
 * headers with every request, neither follows a redirect to another server, and neither
 * shows anywhere, whatever the location looks like.
 */
@ExtendWith(OutputCaptureExtension.class)
class CatalogSourceCredentialsTests {

	private static final PriceList NOTHING = PriceList.of("none", Map.of());

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String PASSWORD = "S3cr3t-pa55";

	private static final String TOKEN = "T0k3n-9f8e7d";

	private static final String API_KEY = "k3y-4b5c6d";

	private static final String CATALOG = """
			{ "models": { "acme-chat": { "provider": "openai", "operation": "chat", "input": 1, "output": 2 } } }
			""";

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<Request> otherServerRequests = new CopyOnWriteArrayList<>();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private HttpServer server;

	private HttpServer otherServer;

	private CatalogSources sources;

	@BeforeEach
	void startServers() throws IOException {
		this.otherServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.otherServer.createContext("/prices.json", (exchange) -> answer(exchange, this.otherServerRequests, 200));
		this.otherServer.start();
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/prices.json", (exchange) -> answer(exchange, this.requests, 200));
		this.server.createContext("/denied.json", (exchange) -> answer(exchange, this.requests, 401));
		this.server.createContext("/moved.json", (exchange) -> {
			this.requests.add(Request.of(exchange));
			exchange.getResponseHeaders()
				.add("Location", "http://localhost:" + this.otherServer.getAddress().getPort() + "/prices.json");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		if (this.sources != null) {
			this.sources.close();
		}
		this.server.stop(0);
		this.otherServer.stop(0);
	}

	@Test
	void userInfoShouldBeSentAsBasicCredentials() {
		this.sources = loaded(source("http://catalog-user:S3cr3t%20pa55@127.0.0.1:" + port() + "/prices.json"),
				source("http://catalog-user:p%40ss:w%C3%B6rd@127.0.0.1:" + port() + "/prices.json"));

		assertThat(this.sources.sources()).extracting(SourceStatus::state)
			.containsExactly(SourceState.LOADED, SourceState.LOADED);
		assertThat(this.requests).extracting(Request::authorization)
			.containsExactly("Basic Y2F0YWxvZy11c2VyOlMzY3IzdCBwYTU1", "Basic Y2F0YWxvZy11c2VyOnBAc3M6d8O2cmQ=");
	}

	@Test
	void headersShouldBeSentWithEveryRequest() {
		this.sources = loaded(
				new CatalogSource(null, "http://127.0.0.1:" + port() + "/prices.json", CatalogFormat.LLM_COST, null,
						TIMEOUT, Map.of("Authorization", "Bearer " + TOKEN, "X-Api-Key", API_KEY)));

		this.sources.refresh(0);

		assertThat(this.requests).hasSize(2)
			.allSatisfy((request) -> assertThat(request).isEqualTo(new Request("Bearer " + TOKEN, API_KEY)));
	}

	@Test
	void credentialsShouldNotFollowARedirectToAnotherServer() {
		this.sources = loaded(
				new CatalogSource(null, "http://catalog-user:" + PASSWORD + "@127.0.0.1:" + port() + "/moved.json",
						CatalogFormat.LLM_COST, null, TIMEOUT, Map.of("X-Api-Key", API_KEY)));

		assertThat(this.sources.sources().get(0).state()).isEqualTo(SourceState.LOADED);
		assertThat(this.requests).singleElement()
			.satisfies((request) -> assertThat(request.authorization()).startsWith("Basic "))
			.satisfies((request) -> assertThat(request.apiKey()).isEqualTo(API_KEY));
		assertThat(this.otherServerRequests).containsExactly(new Request(null, null));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					underscore in the host  | http://catalog-user:S3cr3t-pa55@catalog_host:{port}/prices.json?token=T0k3n-9f8e7d | failed
					space in the password   | http://catalog-user:S3cr3t-pa55 x@127.0.0.1:{port}/prices.json?token=T0k3n-9f8e7d | failed
					upper-case scheme       | HTTP://catalog-user:S3cr3t-pa55@127.0.0.1:{port}/prices.json?token=T0k3n-9f8e7d | loaded
					upper-case https        | HTTPS://catalog-user:S3cr3t-pa55@127.0.0.1:1/prices.json?token=T0k3n-9f8e7d | failed
					token in the query      | http://127.0.0.1:{port}/prices.json?user=me&token=T0k3n-9f8e7d#S3cr3t-pa55 | loaded
					refused connection      | http://catalog-user:S3cr3t-pa55@127.0.0.1:1/prices.json?token=T0k3n-9f8e7d | failed
					401 from the server     | http://catalog-user:S3cr3t-pa55@127.0.0.1:{port}/denied.json?token=T0k3n-9f8e7d | failed
					password with slash and question mark | http://catalog-user:S3cr3t-pa55/?#x@127.0.0.1:{port}/prices.json | failed
					""")
	void hostileLocationShouldShowNoCredentials(String description, String location, String state,
			CapturedOutput output) {
		CatalogSource source = new CatalogSource(null, location.replace("{port}", String.valueOf(port())),
				CatalogFormat.LLM_COST, null, TIMEOUT, Map.of("X-Api-Key", API_KEY));

		this.sources = loaded(source);
		this.sources.refresh(0);

		SourceStatus status = this.sources.sources().get(0);
		assertThat(status.state().id()).isEqualTo(state);
		String shown = String.join("\n", output.getAll(), status.toString(), endpointJson(), health(),
				this.registry.getMeters().stream().map((meter) -> meter.getId().toString()).toList().toString(),
				String.valueOf(this.sources.catalog().resolve("openai", "acme-chat")), source.toString());
		assertThat(shown).doesNotContain(PASSWORD, TOKEN, API_KEY, "S3cr3t", "T0k3n");
		assertThat(status.location()).startsWith(location.substring(0, location.indexOf(':')).toLowerCase() + "://");
		if (status.state() == SourceState.FAILED) {
			assertThat(status.lastError()).isNotBlank();
		}
	}

	private String endpointJson() {
		LlmCostEndpoint endpoint = new LlmCostEndpoint(new InMemoryCostLedger(), ReportingCurrency.USD, this.sources);
		return JsonMapper.builder().build().writeValueAsString(endpoint.costs(null, null, null, null));
	}

	private String health() {
		return new LlmCostHealthIndicator(new InMemoryCostLedger(), this.sources).health().toString();
	}

	private CatalogSources loaded(CatalogSource... sources) {
		CatalogSources catalogSources = new CatalogSources(NOTHING, Map.of(), List.of(sources), NOTHING,
				new DefaultResourceLoader());
		catalogSources.bindTo(this.registry);
		catalogSources.afterPropertiesSet();
		return catalogSources;
	}

	private static CatalogSource source(String location) {
		return new CatalogSource(location, CatalogFormat.LLM_COST, null, TIMEOUT);
	}

	private int port() {
		return this.server.getAddress().getPort();
	}

	private static void answer(HttpExchange exchange, List<Request> requests, int status) throws IOException {
		requests.add(Request.of(exchange));
		byte[] body = CATALOG.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	record Request(String authorization, String apiKey) {

		static Request of(HttpExchange exchange) {
			return new Request(exchange.getRequestHeaders().getFirst("Authorization"),
					exchange.getRequestHeaders().getFirst("X-Api-Key"));
		}

	}

}
