package dev.llmcost.pricing.source;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmcost.pricing.PriceCatalogStatus.SourceState;
import dev.llmcost.pricing.PriceCatalogStatus.SourceStatus;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.catalog.CatalogFormat;
import dev.llmcost.test.CatalogRefreshThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Catalog servers that stall, trickle, send without end or redirect without end: every
 * load ends within its timeout, ends its fetch thread and its connection, and never holds
 * the whole content.
 */
class HostileCatalogServerTests {

	private static final PriceList NOTHING = PriceList.of("none", Map.of());

	private static final Duration SHORT = Duration.ofMillis(300);

	/**
	 * Long enough for 64 MiB over the loopback interface on a busy machine.
	 */
	private static final Duration LONG = Duration.ofSeconds(60);

	private final CountDownLatch testEnded = new CountDownLatch(1);

	private final AtomicInteger openExchanges = new AtomicInteger();

	private final AtomicInteger requests = new AtomicInteger();

	private ExecutorService serverThreads;

	private HttpServer server;

	private CatalogSources sources;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		handle("/stalled-headers", (exchange) -> this.testEnded.await());
		handle("/trickle", (exchange) -> {
			exchange.sendResponseHeaders(200, 0);
			OutputStream body = exchange.getResponseBody();
			body.write("{ \"models\": {".getBytes(StandardCharsets.UTF_8));
			while (true) {
				body.write(' ');
				body.flush();
				Thread.sleep(1000);
			}
		});
		handle("/endless-invalid", (exchange) -> {
			exchange.sendResponseHeaders(200, 0);
			OutputStream body = exchange.getResponseBody();
			body.write("{ oops".getBytes(StandardCharsets.UTF_8));
			writeSpacesUntilClosed(body);
		});
		handle("/endless", (exchange) -> {
			exchange.sendResponseHeaders(200, 0);
			OutputStream body = exchange.getResponseBody();
			body.write("{ \"models\": {".getBytes(StandardCharsets.UTF_8));
			writeSpacesUntilClosed(body);
		});
		handle("/declared-too-large", (exchange) -> {
			exchange.sendResponseHeaders(200, CatalogFetcher.MAX_BYTES + 1L);
			this.testEnded.await();
		});
		handle("/loop", (exchange) -> {
			exchange.getResponseHeaders().add("Location", "/loop");
			exchange.sendResponseHeaders(302, -1);
		});
		// Handlers on their own threads, so that a stalled one does not hold the server.
		this.serverThreads = Executors.newCachedThreadPool();
		this.server.setExecutor(this.serverThreads);
		this.server.start();
	}

	@AfterEach
	void stop() {
		if (this.sources != null) {
			this.sources.close();
		}
		this.testEnded.countDown();
		this.server.stop(0);
		this.serverThreads.shutdownNow();
	}

	@Test
	void whenBodyTricklesEachLoadShouldTimeOutAndEndItsThreadAndConnection() {
		CatalogRefreshThreads fetchThreads = CatalogRefreshThreads.fetches();
		this.sources = loaded(source("/trickle", SHORT));
		assertTimedOutAndReleased(fetchThreads);

		for (int refresh = 1; refresh <= 3; refresh++) {
			assertThat(this.sources.refresh(0)).isFalse();
			assertTimedOutAndReleased(fetchThreads);
		}
		assertThat(this.requests).as("trickling answers sent").hasPositiveValue();
	}

	private void assertTimedOutAndReleased(CatalogRefreshThreads fetchThreads) {
		assertThat(this.sources.sources().get(0).lastError()).isEqualTo("no complete answer within PT0.3S");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(fetchThreads.started()).as("fetch threads alive").isEmpty());
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.openExchanges).as("connections the server still writes to").hasValue(0));
	}

	@Test
	void firstLoadShouldEndWithinItsTimeoutWhateverTheServerDoes() {
		this.sources = loaded(source("/stalled-headers", SHORT), source("/trickle", SHORT), source("/endless", SHORT),
				source("/loop", SHORT));

		assertThat(this.sources.sources()).extracting(SourceStatus::state).containsOnly(SourceState.FAILED);
		assertThat(this.sources.sources().get(0).lastError()).isEqualTo("no complete answer within PT0.3S");
		assertThat(this.sources.sources().get(1).lastError()).isEqualTo("no complete answer within PT0.3S");
	}

	@Test
	void contentShouldBeParsedAsItArrives() {
		this.sources = loaded(source("/endless-invalid", LONG));

		assertThat(this.sources.sources().get(0).lastError()).as("failed on its first bytes, not at the size cap")
			.contains("is not valid JSON");
	}

	@Test
	void contentPastTheSizeCapShouldFailTheLoad() {
		this.sources = loaded(source("/endless", LONG));

		assertThat(this.sources.sources().get(0).lastError()).isEqualTo("content is larger than 67108864 bytes");
	}

	@Test
	void declaredLengthPastTheSizeCapShouldFailTheLoadBeforeReading() {
		this.sources = loaded(source("/declared-too-large", LONG));

		assertThat(this.sources.sources().get(0).lastError()).isEqualTo("content is larger than 67108864 bytes");
	}

	@Test
	void redirectLoopShouldFailAfterFiveRedirects() {
		this.sources = loaded(source("/loop", LONG));

		assertThat(this.sources.sources().get(0).lastError()).isEqualTo("more than 5 redirects from " + url("/loop"));
		assertThat(this.requests).hasValue(6);
	}

	private CatalogSources loaded(CatalogSource... sources) {
		CatalogSources catalogSources = new CatalogSources(NOTHING, Map.of(), List.of(sources), NOTHING,
				new DefaultResourceLoader());
		catalogSources.afterPropertiesSet();
		return catalogSources;
	}

	private CatalogSource source(String path, Duration timeout) {
		return new CatalogSource(url(path), CatalogFormat.LLM_COST, null, timeout);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	private void handle(String path, Handler handler) {
		this.server.createContext(path, (exchange) -> {
			this.requests.incrementAndGet();
			this.openExchanges.incrementAndGet();
			try (exchange) {
				handler.handle(exchange);
			}
			catch (IOException | InterruptedException ex) {
				// The client closed the connection, or the test ended.
			}
			finally {
				this.openExchanges.decrementAndGet();
			}
		});
	}

	private static void writeSpacesUntilClosed(OutputStream body) throws IOException {
		byte[] spaces = new byte[64 * 1024];
		Arrays.fill(spaces, (byte) ' ');
		long written = 0;
		// Up to twice the cap, so that a client that never stops reading is seen failing.
		while (written < 2L * CatalogFetcher.MAX_BYTES) {
			body.write(spaces);
			written += spaces.length;
		}
	}

	@FunctionalInterface
	interface Handler {

		void handle(HttpExchange exchange) throws IOException, InterruptedException;

	}

}
