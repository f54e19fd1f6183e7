package dev.llmcost.pricing.source;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import dev.llmcost.pricing.PriceCatalogStatus.SourceState;
import dev.llmcost.pricing.PriceCatalogStatus.SourceStatus;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.catalog.CatalogFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loading and refreshing external catalogs from a local HTTP server and files: the last
 * good copy survives failures, time-outs and truncated copies.
 */
@ExtendWith(OutputCaptureExtension.class)
class CatalogSourcesTests {

	private static final PriceList NOTHING = PriceList.of("none", Map.of());

	private HttpServer server;

	private final AtomicReference<Response> response = new AtomicReference<>();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private CatalogSources sources;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/prices.json", (exchange) -> {
			Response reply = this.response.get();
			try (exchange) {
				if (reply.delay != null) {
					sleep(reply.delay);
				}
				byte[] body = reply.body.getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(reply.status, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
			catch (IOException ex) {
				// the client gave up: expected in the time-out test
			}
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		if (this.sources != null) {
			this.sources.close();
		}
		this.server.stop(0);
	}

	@Test
	void catalogFromUrlShouldPriceItsModelsAboveTheBuiltInCatalog() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		this.sources = sources(source(Duration.ofSeconds(5)));

		this.sources.start();

		assertThat(this.sources.catalog().resolve("openai", "model-3").source()).isEqualTo(url());
		assertThat(this.sources.catalog().resolve("openai", "model-3").latest().rates().input())
			.isEqualByComparingTo("1.5");
		SourceStatus status = this.sources.sources().get(0);
		assertThat(status.state()).isEqualTo(SourceState.LOADED);
		assertThat(status.models()).isEqualTo(10);
		assertThat(status.lastRefresh()).isNotNull();
		assertThat(status.stale()).isFalse();
	}

	@Test
	void refreshShouldReplaceThePrices() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		this.sources = sources(source(Duration.ofSeconds(5)));
		this.sources.start();
		assertThat(this.sources.catalog().resolve("openai", "model-3").latest().rates().input())
			.isEqualByComparingTo("1.5");

		this.response.set(Response.ok(catalog(10, "0.5")));

		assertThat(this.sources.refresh(0)).isTrue();
		assertThat(this.sources.catalog().resolve("openai", "model-3").latest().rates().input())
			.isEqualByComparingTo("0.5");
		assertThat(loads("success")).isEqualTo(2);
	}

	@Test
	void failedRefreshShouldKeepTheLastGoodCopyAndLogOnce(CapturedOutput output) {
		this.response.set(Response.ok(catalog(10, "1.5")));
		this.sources = sources(source(Duration.ofSeconds(5)));
		this.sources.start();
		this.response.set(new Response(503, "unavailable", null));

		assertThat(this.sources.refresh(0)).isFalse();
		assertThat(this.sources.refresh(0)).isFalse();

		assertThat(this.sources.catalog().resolve("openai", "model-3").latest().rates().input())
			.isEqualByComparingTo("1.5");
		SourceStatus status = this.sources.sources().get(0);
		assertThat(status.state()).isEqualTo(SourceState.FAILED);
		assertThat(status.lastError()).contains("HTTP 503");
		assertThat(loads("failure")).isEqualTo(2);
		assertThat(status.models()).isEqualTo(10);
		assertThat(output).containsOnlyOnce("was not loaded: HTTP 503")
			.contains("The last good copy (10 models) stays in use");
	}

	@Test
	void slowSourceShouldTimeOutAndKeepTheLastGoodCopy() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		this.sources = sources(source(Duration.ofMillis(500)));
		this.sources.start();
		this.response.set(new Response(200, catalog(10, "9"), Duration.ofSeconds(3)));

		long started = System.nanoTime();
		assertThat(this.sources.refresh(0)).isFalse();

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		assertThat(this.sources.sources().get(0).lastError()).contains("no complete answer within PT0.5S");
		assertThat(this.sources.catalog().resolve("openai", "model-3").latest().rates().input())
			.isEqualByComparingTo("1.5");
	}

	@Test
	void copyThatLostMostModelsShouldBeRejected(CapturedOutput output) {
		this.response.set(Response.ok(catalog(100, "1.5")));
		this.sources = sources(source(Duration.ofSeconds(5)));
		this.sources.start();
		this.response.set(Response.ok(catalog(40, "0.1")));

		assertThat(this.sources.refresh(0)).isFalse();

		SourceStatus status = this.sources.sources().get(0);
		assertThat(status.state()).isEqualTo(SourceState.REJECTED);
		assertThat(loads("rejected")).isEqualTo(1);
		assertThat(status.models()).isEqualTo(100);
		assertThat(this.sources.catalog().resolve("openai", "model-99")).isNotNull();
		assertThat(output).contains("has 40 priced models, the last good copy had 100");
	}

	@Test
	void malformedCopyShouldFailWithAClearMessage() {
		this.response.set(Response.ok("{ \"models\": { oops"));
		this.sources = sources(source(Duration.ofSeconds(5)));

		this.sources.start();

		SourceStatus status = this.sources.sources().get(0);
		assertThat(status.state()).isEqualTo(SourceState.FAILED);
		assertThat(status.lastError()).contains("is not valid JSON");
		assertThat(status.stale()).as("never loaded").isTrue();
		assertThat(this.sources.catalog().resolve("openai", "model-3")).isNull();
	}

	@Test
	void unreachableUrlShouldNotStopStartup() {
		CatalogSource unreachable = new CatalogSource("http://127.0.0.1:1/prices.json", CatalogFormat.LLM_COST, null,
				Duration.ofSeconds(5));
		this.sources = sources(unreachable);

		this.sources.start();

		assertThat(this.sources.sources().get(0).state()).isEqualTo(SourceState.FAILED);
		assertThat(this.sources.sources().get(0).lastError()).isNotBlank();
	}

	@Test
	void catalogShouldLoadFromAFileAndTheClasspath(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("prices.json");
		Files.writeString(file, catalog(3, "2"));
		this.sources = sources(new CatalogSource(file.toString(), CatalogFormat.LLM_COST, null, Duration.ofSeconds(5)),
				new CatalogSource("classpath:META-INF/llm-cost/prices.json", CatalogFormat.LLM_COST, null,
						Duration.ofSeconds(5)));

		this.sources.start();

		assertThat(this.sources.sources()).extracting(SourceStatus::state)
			.containsExactly(SourceState.LOADED, SourceState.LOADED);
		assertThat(this.sources.catalog().resolve("openai", "model-2").source()).isEqualTo(file.toString());
		assertThat(this.sources.catalog().resolve("openai", "gpt-4o-mini")).isNotNull();
	}

	@Test
	void relativeFileUrlShouldBeReadFromTheWorkingDirectory() throws IOException {
		Path file = Path.of("target", "relative-prices.json");
		Files.createDirectories(file.getParent());
		Files.writeString(file, catalog(2, "3"));
		this.sources = sources(new CatalogSource("file:target/relative-prices.json", CatalogFormat.LLM_COST, null,
				Duration.ofSeconds(5)));

		this.sources.start();

		assertThat(this.sources.sources().get(0).state()).isEqualTo(SourceState.LOADED);
	}

	@Test
	void missingFileShouldFailNamingIt() {
		this.sources = sources(
				new CatalogSource("/no/such/prices.json", CatalogFormat.LLM_COST, null, Duration.ofSeconds(5)));

		this.sources.start();

		assertThat(this.sources.sources().get(0).lastError()).contains("no file /no/such/prices.json");
	}

	@Test
	void copyOlderThanTwoRefreshIntervalsShouldBeStale() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		MutableClock clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
		this.sources = new CatalogSources(NOTHING, Map.of(),
				List.of(new CatalogSource(url(), CatalogFormat.LLM_COST, Duration.ofHours(1), Duration.ofSeconds(5))),
				NOTHING, clock);
		this.sources.start();
		assertThat(this.sources.sources().get(0).stale()).isFalse();

		clock.now = clock.now.plus(Duration.ofHours(3));

		assertThat(this.sources.sources().get(0).stale()).isTrue();
	}

	@Test
	void displayNameShouldHideCredentials() {
		CatalogSource source = new CatalogSource("https://user:secret@prices.example.org/p.json?token=abc",
				CatalogFormat.LITELLM, null, Duration.ofSeconds(1));

		assertThat(source.displayName()).isEqualTo("https://prices.example.org/p.json");
	}

	@Test
	void whenBoundToARegistryShouldCountLoadsBySourceFormatAndOutcome() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		this.sources = sources(source(Duration.ofSeconds(5)));
		this.sources.start();
		this.response.set(new Response(500, "unavailable", null));
		this.sources.refresh(0);
		this.response.set(Response.ok(catalog(1, "1.5")));
		this.sources.refresh(0);

		assertThat(this.registry.find(CatalogSources.LOADS_METER).functionCounters()).hasSize(3)
			.allSatisfy((counter) -> {
				assertThat(counter.getId().getTag("source")).isEqualTo(url());
				assertThat(counter.getId().getTag("format")).isEqualTo("llm-cost");
				assertThat(counter.getId().getDescription()).isEqualTo("Loads of external price catalogs, by outcome");
			});
		assertThat(loads("success")).isEqualTo(1);
		assertThat(loads("failure")).isEqualTo(1);
		assertThat(loads("rejected")).isEqualTo(1);
	}

	@Test
	void whenThereAreNoSourcesShouldRegisterNoMeters() {
		this.sources = sources();

		assertThat(this.registry.find(CatalogSources.LOADS_METER).meters()).isEmpty();
	}

	private double loads(String outcome) {
		return this.registry.get(CatalogSources.LOADS_METER).tag("outcome", outcome).functionCounter().count();
	}

	private CatalogSources sources(CatalogSource... sources) {
		CatalogSources catalogSources = new CatalogSources(NOTHING, Map.of(), List.of(sources), NOTHING);
		catalogSources.bindTo(this.registry);
		return catalogSources;
	}

	private CatalogSource source(Duration timeout) {
		return new CatalogSource(url(), CatalogFormat.LLM_COST, null, timeout);
	}

	private String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/prices.json";
	}

	private static String catalog(int models, String input) {
		StringJoiner entries = new StringJoiner(",\n");
		for (int i = 0; i < models; i++) {
			entries.add("\"model-" + i + "\": { \"provider\": \"openai\", \"operation\": \"chat\", \"input\": " + input
					+ ", \"output\": 4 }");
		}
		return "{ \"catalogDate\": \"2026-11-01\", \"models\": {\n" + entries + "\n} }";
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Response(int status, String body, Duration delay) {

		static Response ok(String body) {
			return new Response(200, body, null);
		}

	}

	static final class MutableClock extends Clock {

		Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
