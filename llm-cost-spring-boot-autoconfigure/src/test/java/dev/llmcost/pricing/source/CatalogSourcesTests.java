package dev.llmcost.pricing.source;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import dev.llmcost.pricing.PriceCatalogStatus.SourceState;
import dev.llmcost.pricing.PriceCatalogStatus.SourceStatus;
import dev.llmcost.pricing.PriceList;
import dev.llmcost.pricing.catalog.CatalogFormat;
import dev.llmcost.pricing.source.CatalogSources.ContentReader;
import dev.llmcost.test.CatalogRefreshThreads;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Loading and refreshing external catalogs from a local HTTP server, files and the
 * classpath: the last good copy survives failures, time-outs and truncated copies;
 * refreshes run only while started, on a thread of their own.
 */
@ExtendWith(OutputCaptureExtension.class)
class CatalogSourcesTests {

	private static final PriceList NOTHING = PriceList.of("none", Map.of());

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Resolves a plain path on the classpath, as a plain application context does: the
	 * sources must read it as a file all the same.
	 */
	private static final ResourceLoader CLASSPATH_FIRST = new DefaultResourceLoader();

	private final AtomicReference<Response> response = new AtomicReference<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final CountDownLatch releaseHeldAnswers = new CountDownLatch(1);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private ExecutorService serverThreads;

	private HttpServer server;

	private CatalogRefreshThreads refreshThreads;

	private CatalogSources sources;

	@BeforeEach
	void startServer() throws IOException {
		this.refreshThreads = new CatalogRefreshThreads();
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/prices.json", (exchange) -> {
			Response reply = this.response.get();
			this.requests.add(new Request(exchange.getRequestURI().getRawQuery(),
					exchange.getRequestHeaders().getFirst("Accept")));
			try (exchange) {
				if (reply.held()) {
					this.releaseHeldAnswers.await();
				}
				byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(reply.status(), body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
			catch (IOException | InterruptedException ex) {
				// the client gave up: expected in the time-out test
			}
		});
		// Handlers on their own threads, so that a held answer does not hold the server.
		this.serverThreads = Executors.newCachedThreadPool();
		this.server.setExecutor(this.serverThreads);
		this.server.start();
	}

	@AfterEach
	void stop() {
		if (this.sources != null) {
			this.sources.close();
		}
		this.releaseHeldAnswers.countDown();
		this.server.stop(0);
		this.serverThreads.shutdownNow();
	}

	@Test
	void catalogFromUrlShouldPriceItsModelsAboveTheBuiltInCatalog() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		this.sources = loaded(source(TIMEOUT));

		assertThat(this.sources.catalog().resolve("openai", "model-3").source()).isEqualTo(url());
		assertThat(this.sources.catalog().resolve("openai", "model-3").latest().rates().input())
			.isEqualByComparingTo("1.5");
		SourceStatus status = this.sources.sources().get(0);
		assertThat(status.state()).isEqualTo(SourceState.LOADED);
		assertThat(status.models()).isEqualTo(10);
		assertThat(status.lastRefresh()).isNotNull();
		assertThat(status.stale()).isFalse();
		assertThat(this.requests).extracting(Request::accept).containsExactly("application/json");
	}

	@Test
	void refreshShouldReplaceThePrices() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		this.sources = loaded(source(TIMEOUT));
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
		this.sources = loaded(source(TIMEOUT));
		this.response.set(Response.status(503));

		assertThat(this.sources.refresh(0)).isFalse();
		assertThat(this.sources.refresh(0)).isFalse();

		assertThat(this.sources.catalog().resolve("openai", "model-3").latest().rates().input())
			.isEqualByComparingTo("1.5");
		SourceStatus status = this.sources.sources().get(0);
		assertThat(status.state()).isEqualTo(SourceState.FAILED);
		assertThat(status.lastError()).contains("HTTP 503");
		assertThat(status.models()).isEqualTo(10);
		assertThat(loads("failure")).isEqualTo(2);
		assertThat(output).containsOnlyOnce("was not loaded: HTTP 503")
			.contains("The last good copy (10 models) stays in use");
	}

	@Test
	void slowSourceShouldTimeOutAndKeepTheLastGoodCopy() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		this.sources = loaded(source(Duration.ofMillis(500)));
		this.response.set(Response.held(catalog(10, "9")));

		assertThat(this.sources.refresh(0)).as("returns although the server never answers").isFalse();

		assertThat(this.sources.sources().get(0).lastError()).isEqualTo("no complete answer within PT0.5S");
		assertThat(this.sources.catalog().resolve("openai", "model-3").latest().rates().input())
			.isEqualByComparingTo("1.5");
	}

	@Test
	void whenUrlAnswersOtherThan200ShouldFailNamingTheStatusButNotTheCredentials() {
		this.response.set(Response.status(404));
		this.sources = loaded(new CatalogSource(url() + "?token=secret", CatalogFormat.LLM_COST, null, TIMEOUT));

		SourceStatus status = this.sources.sources().get(0);
		assertThat(status.state()).isEqualTo(SourceState.FAILED);
		assertThat(status.lastError()).isEqualTo("HTTP 404 from " + url());
		assertThat(status.location()).isEqualTo(url());
		assertThat(this.requests).extracting(Request::query).as("sent all the same").containsExactly("token=secret");
		assertThat(this.registry.get("llm.pricing.catalog.loads")
			.tag("outcome", "failure")
			.functionCounter()
			.getId()
			.getTag("source")).isEqualTo(url());
	}

	@Test
	void copyThatLostMostModelsShouldBeRejected(CapturedOutput output) {
		this.response.set(Response.ok(catalog(100, "1.5")));
		this.sources = loaded(source(TIMEOUT));
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
		this.sources = loaded(source(TIMEOUT));

		SourceStatus status = this.sources.sources().get(0);
		assertThat(status.state()).isEqualTo(SourceState.FAILED);
		assertThat(status.lastError()).contains("is not valid JSON");
		assertThat(status.stale()).as("never loaded").isTrue();
		assertThat(this.sources.catalog().resolve("openai", "model-3")).isNull();
	}

	@Test
	void unreachableUrlShouldNotStopStartup() {
		this.sources = loaded(new CatalogSource("http://127.0.0.1:1/prices.json", CatalogFormat.LLM_COST, null,
				Duration.ofSeconds(5)));

		assertThat(this.sources.sources().get(0).state()).isEqualTo(SourceState.FAILED);
		assertThat(this.sources.sources().get(0).lastError()).isNotBlank();
	}

	@Test
	void whenLocationIsAnAbsolutePathShouldReadTheFile(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("prices.json");
		Files.writeString(file, catalog(3, "2"));

		this.sources = loaded(new CatalogSource(file.toString(), CatalogFormat.LLM_COST, null, TIMEOUT));

		assertThat(this.sources.sources().get(0).state()).isEqualTo(SourceState.LOADED);
		assertThat(this.sources.catalog().resolve("openai", "model-2").source()).isEqualTo(file.toString());
	}

	@Test
	void whenLocationIsARelativePathShouldReadTheFileInTheWorkingDirectory() throws IOException {
		Path file = Path.of("target", "catalog-sources-tests", "relative-prices.json");
		Files.createDirectories(file.getParent());
		Files.writeString(file, catalog(2, "3"));

		this.sources = loaded(new CatalogSource("target/catalog-sources-tests/relative-prices.json",
				CatalogFormat.LLM_COST, null, TIMEOUT));

		assertThat(this.sources.sources().get(0).state()).isEqualTo(SourceState.LOADED);
	}

	@Test
	void whenLocationIsARelativePathOnlyOnTheClasspathShouldNotReadTheClasspath() {
		this.sources = loaded(
				new CatalogSource("META-INF/llm-cost/prices.json", CatalogFormat.LLM_COST, null, TIMEOUT));

		SourceStatus status = this.sources.sources().get(0);
		assertThat(status.state()).isEqualTo(SourceState.FAILED);
		assertThat(status.lastError())
			.isEqualTo("no file " + Path.of("META-INF/llm-cost/prices.json").toAbsolutePath());
	}

	@Test
	void whenLocationIsClasspathShouldReadItWithTheResourceLoadersClassLoader(@TempDir Path dir) throws IOException {
		Files.createDirectories(dir.resolve("acme"));
		Files.writeString(dir.resolve("acme/prices.json"), catalog(4, "1"));
		try (URLClassLoader classLoader = new URLClassLoader(new URL[] { dir.toUri().toURL() },
				getClass().getClassLoader())) {
			this.sources = loaded(new DefaultResourceLoader(classLoader),
					new CatalogSource("classpath:acme/prices.json", CatalogFormat.LLM_COST, null, TIMEOUT),
					new CatalogSource("classpath:META-INF/llm-cost/prices.json", CatalogFormat.LLM_COST, null,
							TIMEOUT));

			assertThat(this.sources.sources()).extracting(SourceStatus::state)
				.containsExactly(SourceState.LOADED, SourceState.LOADED);
			assertThat(this.sources.catalog().resolve("openai", "model-3").source())
				.isEqualTo("classpath:acme/prices.json");
			assertThat(this.sources.catalog().resolve("openai", "gpt-4o-mini")).isNotNull();
		}
	}

	@Test
	void whenClasspathResourceIsMissingShouldFailNamingIt() {
		this.sources = loaded(
				new CatalogSource("classpath:catalogs/no-such-prices.json", CatalogFormat.LLM_COST, null, TIMEOUT));

		assertThat(this.sources.sources().get(0).state()).isEqualTo(SourceState.FAILED);
		assertThat(this.sources.sources().get(0).lastError()).contains("catalogs/no-such-prices.json");
	}

	@Test
	void whenLocationIsAFileUrlShouldReadTheFile(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("prices.json");
		Files.writeString(file, catalog(3, "2"));

		this.sources = loaded(new CatalogSource("file:" + file.toAbsolutePath(), CatalogFormat.LLM_COST, null, TIMEOUT),
				new CatalogSource(file.toUri().toString(), CatalogFormat.LLM_COST, null, TIMEOUT));

		assertThat(this.sources.sources()).extracting(SourceStatus::state)
			.containsExactly(SourceState.LOADED, SourceState.LOADED);
	}

	@Test
	void relativeFileUrlShouldBeReadFromTheWorkingDirectory() throws IOException {
		Path file = Path.of("target", "relative-prices.json");
		Files.createDirectories(file.getParent());
		Files.writeString(file, catalog(2, "3"));

		this.sources = loaded(new CatalogSource("file:target/relative-prices.json", CatalogFormat.LLM_COST, null,
				Duration.ofSeconds(5)));

		assertThat(this.sources.sources().get(0).state()).isEqualTo(SourceState.LOADED);
	}

	@Test
	void missingFileShouldFailNamingIt() {
		this.sources = loaded(
				new CatalogSource("/no/such/prices.json", CatalogFormat.LLM_COST, null, Duration.ofSeconds(5)));

		assertThat(this.sources.sources().get(0).lastError()).contains("no file /no/such/prices.json");
	}

	@Test
	void whenFileIsLargerThan64MiBShouldFailWithoutReadingIt(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("huge.json");
		try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
			sparse.setLength(CatalogFetcher.MAX_BYTES + 1L);
		}

		this.sources = loaded(new CatalogSource("file:" + file, CatalogFormat.LLM_COST, null, TIMEOUT));

		assertThat(this.sources.sources().get(0).lastError())
			.isEqualTo("file " + file + " is larger than 67108864 bytes");
	}

	@Test
	void copyOlderThanTwoRefreshIntervalsShouldBeStale() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		MutableClock clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
		this.sources = new CatalogSources(NOTHING, Map.of(),
				List.of(new CatalogSource(url(), CatalogFormat.LLM_COST, Duration.ofHours(1), TIMEOUT)), NOTHING,
				CLASSPATH_FIRST, clock);
		this.sources.afterPropertiesSet();
		assertThat(this.sources.sources().get(0).stale()).isFalse();

		clock.now = clock.now.plus(Duration.ofHours(3));

		assertThat(this.sources.sources().get(0).stale()).isTrue();
	}

	@Test
	void displayNameShouldHideCredentials() {
		CatalogSource source = new CatalogSource("https://user:secret@prices.example.org/p.json?token=abc",
				CatalogFormat.LITELLM, null, Duration.ofSeconds(1));

		assertThat(source.displayLocation()).isEqualTo("https://prices.example.org/p.json");
	}

	@Test
	void whenNotStartedShouldScheduleNoRefresh() {
		this.response.set(Response.ok(catalog(10, "1.5")));

		this.sources = loaded(refreshed(Duration.ofMillis(100)));

		assertThat(this.sources.isRunning()).isFalse();
		assertThat(this.refreshThreads.started()).isEmpty();
	}

	@Test
	void whenStartedShouldRefreshOnADaemonThreadOfItsOwn() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		this.sources = loaded(refreshed(Duration.ofMillis(100)));
		this.response.set(Response.ok(catalog(10, "0.5")));

		this.sources.start();

		assertThat(this.sources.isRunning()).isTrue();
		assertThat(this.refreshThreads.started()).singleElement()
			.satisfies((thread) -> assertThat(thread.isDaemon()).isTrue());
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.sources.catalog().resolve("openai", "model-3").latest().rates().input())
						.isEqualByComparingTo("0.5"));
	}

	@Test
	void whenNoSourceHasARefreshIntervalStartShouldStartNoThread() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		this.sources = loaded(source(TIMEOUT));

		this.sources.start();

		assertThat(this.sources.isRunning()).isTrue();
		assertThat(this.refreshThreads.started()).isEmpty();
	}

	@Test
	void whenStoppedShouldCancelTheRefreshesAndEndTheRefreshThread() throws InterruptedException {
		this.response.set(Response.ok(catalog(10, "1.5")));
		this.sources = loaded(refreshed(Duration.ofMillis(100)));
		this.sources.start();
		Set<Thread> threads = this.refreshThreads.started();
		assertThat(threads).isNotEmpty();

		this.sources.stop();

		assertThat(this.sources.isRunning()).isFalse();
		CatalogRefreshThreads.assertEnded(threads);
	}

	@Test
	void whenStoppedDuringAHeldDownloadShouldEndTheRefreshThread() throws InterruptedException {
		this.response.set(Response.ok(catalog(10, "1.5")));
		this.sources = loaded(
				new CatalogSource(url(), CatalogFormat.LLM_COST, Duration.ofMillis(100), Duration.ofMinutes(10)));
		this.response.set(Response.held(catalog(10, "9")));
		this.sources.start();
		Set<Thread> threads = this.refreshThreads.started();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.requests.size() == 2);

		this.sources.stop();

		CatalogRefreshThreads.assertEnded(threads);
		assertThat(loads("failure")).as("stopping is not a failure").isZero();
	}

	@Test
	void whenBoundToARegistryShouldCountLoadsBySourceFormatAndOutcome() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		this.sources = loaded(source(TIMEOUT));
		this.response.set(Response.status(500));
		this.sources.refresh(0);
		this.response.set(Response.ok(catalog(1, "1.5")));
		this.sources.refresh(0);

		assertThat(this.registry.find("llm.pricing.catalog.loads").functionCounters()).hasSize(3)
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
	void errorWhileReadingShouldFailTheLoadAndKeepTheLastGoodCopy(CapturedOutput output) {
		this.response.set(Response.ok(catalog(10, "1.5")));
		AtomicReference<Error> error = new AtomicReference<>();
		this.sources = loaded(throwing(error), source(TIMEOUT));
		this.response.set(Response.ok(catalog(10, "0.5")));
		error.set(new OutOfMemoryError("Java heap space"));

		assertThat(this.sources.refresh(0)).isFalse();

		SourceStatus status = this.sources.sources().get(0);
		assertThat(status.state()).isEqualTo(SourceState.FAILED);
		assertThat(status.lastError()).isEqualTo("OutOfMemoryError: Java heap space");
		assertThat(status.models()).isEqualTo(10);
		assertThat(this.sources.catalog().resolve("openai", "model-3").latest().rates().input())
			.isEqualByComparingTo("1.5");
		assertThat(loads("failure")).isEqualTo(1);
		assertThat(output).contains(
				"was not loaded: OutOfMemoryError: Java heap space. The last good copy " + "(10 models) stays in use.");
	}

	@Test
	void whenARefreshThrowsAnErrorLaterRefreshesShouldStillRun(CapturedOutput output) {
		this.response.set(Response.ok(catalog(10, "1.5")));
		AtomicReference<Error> error = new AtomicReference<>();
		AtomicInteger errorsLeft = new AtomicInteger();
		ContentReader reader = (format, content, name) -> {
			if (errorsLeft.getAndDecrement() > 0) {
				throw new StackOverflowError();
			}
			return format.read(content, name);
		};
		this.sources = loaded(reader, refreshed(Duration.ofMillis(100)));
		errorsLeft.set(2);
		this.response.set(Response.ok(catalog(10, "0.5")));

		this.sources.start();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.sources.catalog().resolve("openai", "model-3").latest().rates().input())
						.isEqualByComparingTo("0.5"));
		assertThat(loads("failure")).isEqualTo(2);
		assertThat(output)
			.containsOnlyOnce("was not loaded: StackOverflowError. The last good copy (10 models) " + "stays in use.");
	}

	@Test
	void slowParsingShouldCountInTheTimeout() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		AtomicBoolean slow = new AtomicBoolean();
		this.sources = loaded(parsingSlowlyWhile(slow), source(Duration.ofMillis(500)));
		slow.set(true);

		assertThat(this.sources.refresh(0)).as("returns although the parsing never ends").isFalse();

		assertThat(this.sources.sources().get(0).lastError()).isEqualTo("no complete answer within PT0.5S");
		assertThat(this.sources.catalog().resolve("openai", "model-3").latest().rates().input())
			.isEqualByComparingTo("1.5");
	}

	@Test
	void whileTheLastLoadIsStillParsingTheNextShouldFailRatherThanStartAnotherThread() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		AtomicBoolean slow = new AtomicBoolean();
		this.sources = loaded(parsingSlowlyWhile(slow), source(Duration.ofMillis(500)));
		CatalogRefreshThreads fetchThreads = CatalogRefreshThreads.fetches();
		slow.set(true);
		this.sources.refresh(0);

		assertThat(this.sources.refresh(0)).isFalse();

		assertThat(this.sources.sources().get(0).lastError()).isEqualTo("the previous load has not ended yet");
		assertThat(fetchThreads.started()).hasSize(1);
		slow.set(false);
		this.response.set(Response.ok(catalog(10, "0.5")));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.sources.refresh(0));
		assertThat(this.sources.catalog().resolve("openai", "model-3").latest().rates().input())
			.isEqualByComparingTo("0.5");
	}

	@Test
	void sourcesWhoseLocationsDifferOnlyInCredentialsShouldBeNamedAndCountedApart() {
		this.response.set(Response.ok(catalog(10, "1.5")));
		String withUserInfo = url().replace("http://", "http://catalog-user:S3cr3t@");

		this.sources = loaded(new CatalogSource(url() + "?token=first", CatalogFormat.LLM_COST, null, TIMEOUT),
				new CatalogSource(withUserInfo, CatalogFormat.LLM_COST, null, TIMEOUT),
				new CatalogSource(url() + "?token=third", CatalogFormat.LLM_COST, null, TIMEOUT));
		this.sources.refresh(1);

		assertThat(this.sources.sources()).extracting(SourceStatus::name)
			.containsExactly(url(), url() + "#2", url() + "#3");
		assertThat(this.sources.sources()).extracting(SourceStatus::location).containsOnly(url());
		assertThat(this.registry.get("llm.pricing.catalog.loads").tag("outcome", "success").functionCounters())
			.extracting((counter) -> counter.getId().getTag("source"), FunctionCounter::count)
			.containsExactlyInAnyOrder(tuple(url(), 1.0), tuple(url() + "#2", 2.0), tuple(url() + "#3", 1.0));
	}

	@Test
	void sourceWithANameShouldBeReportedUnderIt(CapturedOutput output) {
		this.response.set(Response.status(503));

		this.sources = loaded(
				new CatalogSource("litellm-mirror", url(), CatalogFormat.LLM_COST, null, TIMEOUT, Map.of()),
				new CatalogSource(null, url(), CatalogFormat.LLM_COST, null, TIMEOUT, Map.of()));

		assertThat(this.sources.sources()).extracting(SourceStatus::name).containsExactly("litellm-mirror", url());
		assertThat(this.sources.sources().get(0).location()).isEqualTo(url());
		assertThat(this.registry.get("llm.pricing.catalog.loads").tag("source", "litellm-mirror").functionCounters())
			.hasSize(3);
		assertThat(output).contains("Price catalog litellm-mirror (llm-cost) was not loaded: HTTP 503 from " + url());
	}

	@Test
	void twoSourcesWithTheSameNameShouldBeRefused() {
		CatalogSource first = new CatalogSource("prices", url(), CatalogFormat.LLM_COST, null, TIMEOUT, Map.of());
		CatalogSource second = new CatalogSource("prices", "classpath:prices.json", CatalogFormat.LLM_COST, null,
				TIMEOUT, Map.of());

		assertThatIllegalArgumentException().isThrownBy(() -> loaded(first, second))
			.withMessage("Two price catalogs are named 'prices'; names must be unique.");
	}

	@Test
	void whenThereAreNoSourcesShouldRegisterNoMeters() {
		this.sources = loaded();

		assertThat(this.registry.find("llm.pricing.catalog.loads").meters()).isEmpty();
	}

	private CatalogSources loaded(CatalogSource... sources) {
		return loaded(CLASSPATH_FIRST, sources);
	}

	private CatalogSources loaded(ResourceLoader resourceLoader, CatalogSource... sources) {
		CatalogSources catalogSources = new CatalogSources(NOTHING, Map.of(), List.of(sources), NOTHING,
				resourceLoader);
		catalogSources.bindTo(this.registry);
		catalogSources.afterPropertiesSet();
		return catalogSources;
	}

	private CatalogSources loaded(ContentReader reader, CatalogSource... sources) {
		CatalogSources catalogSources = new CatalogSources(NOTHING, Map.of(), List.of(sources), NOTHING,
				CLASSPATH_FIRST, Clock.systemUTC(), reader);
		catalogSources.bindTo(this.registry);
		catalogSources.afterPropertiesSet();
		return catalogSources;
	}

	/**
	 * A reader that throws the error set, as a reader running out of memory or stack on a
	 * hostile catalog would.
	 */
	private static ContentReader throwing(AtomicReference<Error> error) {
		return (format, content, name) -> {
			Error thrown = error.get();
			if (thrown != null) {
				throw thrown;
			}
			return format.read(content, name);
		};
	}

	/**
	 * A reader that, while slow is set, parses until the test ends, deaf to interruption
	 * like a parser busy with a huge catalog.
	 */
	private ContentReader parsingSlowlyWhile(AtomicBoolean slow) {
		return (format, content, name) -> {
			if (slow.get()) {
				long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
				while (slow.get() && this.releaseHeldAnswers.getCount() > 0 && System.nanoTime() < deadline) {
					Thread.onSpinWait();
				}
			}
			return format.read(content, name);
		};
	}

	private double loads(String outcome) {
		FunctionCounter counter = this.registry.get("llm.pricing.catalog.loads")
			.tag("outcome", outcome)
			.functionCounter();
		return counter.count();
	}

	private CatalogSource source(Duration timeout) {
		return new CatalogSource(url(), CatalogFormat.LLM_COST, null, timeout);
	}

	private CatalogSource refreshed(Duration interval) {
		return new CatalogSource(url(), CatalogFormat.LLM_COST, interval, TIMEOUT);
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

	record Response(int status, String body, boolean held) {

		static Response ok(String body) {
			return new Response(200, body, false);
		}

		static Response status(int status) {
			return new Response(status, "unavailable", false);
		}

		/**
		 * An answer sent only when the test ends.
		 */
		static Response held(String body) {
			return new Response(200, body, true);
		}

	}

	record Request(String query, String accept) {

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
