package dev.llmcost.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import dev.llmcost.pricing.PriceCatalog;
import dev.llmcost.pricing.PriceCatalogStatus;
import dev.llmcost.pricing.PriceCatalogStatus.SourceState;
import dev.llmcost.pricing.PriceCatalogStatus.SourceStatus;
import dev.llmcost.test.CatalogRefreshThreads;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * External price catalogs in an application context: loaded before the startup checks,
 * resolved by the application's resource loader, refreshed only while the context runs,
 * counted in the application's meter registry.
 */
class CatalogSourcesAutoConfigurationTests {

	private static final String CATALOG = """
			{ "models": { "acme-chat": { "provider": "openai", "operation": "chat", "input": 1, "output": 2 } } }
			""";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmCostPricingAutoConfiguration.class));

	@Test
	void whenDefaultModelIsPricedOnlyByASourceStartupCheckShouldSeeItsPrice(@TempDir Path dir) throws IOException {
		this.contextRunner
			.withPropertyValues(source(catalogFile(dir)), "llm.cost.pricing.sources[0].format=llm-cost",
					"spring.ai.openai.chat.model=acme-chat", "llm.cost.pricing.fail-on-unpriced=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void whenLocationIsClasspathShouldReadItWithTheApplicationsClassLoader(@TempDir Path dir) throws IOException {
		Files.createDirectories(dir.resolve("acme"));
		Files.writeString(dir.resolve("acme/prices.json"), CATALOG);
		try (URLClassLoader classLoader = new URLClassLoader(new URL[] { dir.toUri().toURL() },
				getClass().getClassLoader())) {
			this.contextRunner.withClassLoader(classLoader)
				.withPropertyValues("llm.cost.pricing.sources[0].location=classpath:acme/prices.json",
						"llm.cost.pricing.sources[0].format=llm-cost")
				.run((context) -> {
					assertThat(context.getBean(PriceCatalogStatus.class).sources().get(0).state())
						.isEqualTo(SourceState.LOADED);
					assertThat(context.getBean(PriceCatalog.class).resolve("openai", "acme-chat")).isNotNull();
				});
		}
	}

	@Test
	void whenSourceHasARefreshIntervalClosingTheContextShouldEndTheRefreshThread(@TempDir Path dir)
			throws IOException, InterruptedException {
		CatalogRefreshThreads refreshThreads = new CatalogRefreshThreads();
		Set<Thread> started = new HashSet<>();

		this.contextRunner
			.withPropertyValues(source(catalogFile(dir)), "llm.cost.pricing.sources[0].format=llm-cost",
					"llm.cost.pricing.sources[0].refresh-interval=1m")
			.run((context) -> started.addAll(refreshThreads.started()));

		assertThat(started).hasSize(1);
		CatalogRefreshThreads.assertEnded(started);
	}

	@Test
	void whenNoSourceHasARefreshIntervalShouldStartNoRefreshThread(@TempDir Path dir) throws IOException {
		CatalogRefreshThreads refreshThreads = new CatalogRefreshThreads();

		this.contextRunner.withPropertyValues(source(catalogFile(dir)), "llm.cost.pricing.sources[0].format=llm-cost")
			.run((context) -> {
				assertThat(context.getBean(PriceCatalogStatus.class).sources().get(0).state())
					.isEqualTo(SourceState.LOADED);
				assertThat(refreshThreads.started()).isEmpty();
			});
	}

	@Test
	void whenThereIsAMeterRegistryCatalogLoadsShouldBeCountedInIt(@TempDir Path dir) throws IOException {
		Path file = catalogFile(dir);
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues(source(file), "llm.cost.pricing.sources[0].format=llm-cost")
			.run((context) -> {
				assertThat(context).getBeanNames(MeterBinder.class).contains("llmCostCatalogSources");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("llm.pricing.catalog.loads")
					.tags("source", file.toString(), "format", "llm-cost", "outcome", "success")
					.functionCounter()
					.count()).isEqualTo(1);
				assertThat(registry.get("llm.pricing.catalog.loads").functionCounters()).hasSize(3);
			});
	}

	@Test
	void nameAndHeadersShouldBeBoundAndTheHeadersSent() throws IOException {
		List<Headers> received = new CopyOnWriteArrayList<>();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/prices.json", (exchange) -> {
			received.add(exchange.getRequestHeaders());
			byte[] body = CATALOG.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		try {
			this.contextRunner
				.withPropertyValues("llm.cost.pricing.sources[0].name=team-prices",
						"llm.cost.pricing.sources[0].location=http://127.0.0.1:" + server.getAddress().getPort()
								+ "/prices.json",
						"llm.cost.pricing.sources[0].format=llm-cost",
						"llm.cost.pricing.sources[0].headers.Authorization=Bearer t0k3n-abc",
						"llm.cost.pricing.sources[0].headers.X-Api-Key=k3y-def")
				.run((context) -> {
					SourceStatus status = context.getBean(PriceCatalogStatus.class).sources().get(0);
					assertThat(status.name()).isEqualTo("team-prices");
					assertThat(status.state()).isEqualTo(SourceState.LOADED);
				});
		}
		finally {
			server.stop(0);
		}
		assertThat(received).singleElement().satisfies((headers) -> {
			assertThat(headers.getFirst("Authorization")).isEqualTo("Bearer t0k3n-abc");
			assertThat(headers.getFirst("X-Api-Key")).isEqualTo("k3y-def");
		});
	}

	@Test
	void twoSourcesWithTheSameNameShouldFailStartupNamingTheProperty(@TempDir Path dir) throws IOException {
		Path file = catalogFile(dir);
		this.contextRunner
			.withPropertyValues("llm.cost.pricing.sources[0].name=prices", source(file),
					"llm.cost.pricing.sources[1].name=prices", "llm.cost.pricing.sources[1].location=" + file)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("llm.cost.pricing.sources[1].name")
				.hasMessageContaining("llm.cost.pricing.sources[0] has the same name; names must be unique."));
	}

	@Test
	void headerTheClientSetsItselfShouldFailStartupWithoutShowingItsValue() {
		this.contextRunner
			.withPropertyValues("llm.cost.pricing.sources[0].location=https://prices.example.org/p.json",
					"llm.cost.pricing.sources[0].headers.Host=h0st-s3cr3t")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.sources[0].headers")
				.hasMessageContaining("Header 'Host' cannot be sent")
				.hasMessageNotContaining("h0st-s3cr3t"));
	}

	@Test
	void headersForAFileShouldFailStartup(@TempDir Path dir) throws IOException {
		this.contextRunner
			.withPropertyValues(source(catalogFile(dir)), "llm.cost.pricing.sources[0].headers.X-Api-Key=k3y-def")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.sources[0].headers")
				.hasMessageContaining("Headers are sent only to http:// and https:// locations.")
				.hasMessageNotContaining("k3y-def"));
	}

	@Test
	void authorizationHeaderWithUserInfoShouldFailStartupWithoutShowingEither() {
		this.contextRunner
			.withPropertyValues(
					"llm.cost.pricing.sources[0].location=https://user:S3cr3t-pa55@prices.example.org/p.json",
					"llm.cost.pricing.sources[0].headers.Authorization=Bearer t0k3n-abc")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.pricing.sources[0].headers")
				.hasMessageContaining("keep only one of them")
				.hasMessageNotContaining("S3cr3t-pa55")
				.hasMessageNotContaining("t0k3n-abc"));
	}

	private static Path catalogFile(Path dir) throws IOException {
		return Files.writeString(dir.resolve("prices.json"), CATALOG);
	}

	private static String source(Path file) {
		return "llm.cost.pricing.sources[0].location=" + file;
	}

}
