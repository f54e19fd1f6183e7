package dev.llmcost.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import dev.llmcost.autoconfigure.LlmCostPricingAutoConfiguration;
import dev.llmcost.pricing.PriceCatalog;
import dev.llmcost.pricing.PriceCatalogStatus;
import dev.llmcost.pricing.PriceCatalogStatus.SourceState;
import dev.llmcost.pricing.PriceCatalogStatus.SourceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * External price catalogs that are slow or broken when the application starts: startup
 * goes on, the built-in prices stay, and the log says which catalog failed and why. The
 * same failures on refresh, and each malformed-entry case per format, are covered by
 * {@code CatalogSourcesTests} and the {@code *CatalogReaderTests}.
 */
@ExtendWith(OutputCaptureExtension.class)
class CatalogSourceStartupTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmCostPricingAutoConfiguration.class));

	@Test
	void slowCatalogUrlShouldDelayStartupByAtMostItsTimeout(CapturedOutput output) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/prices.json", (exchange) -> {
			try (exchange) {
				Thread.sleep(5_000);
				exchange.sendResponseHeaders(200, -1);
			}
			catch (InterruptedException | IOException ex) {
				// the client gave up, as it should
			}
		});
		// Handlers on their own threads, so stopping the server does not wait for the
		// sleeping one.
		server.setExecutor(Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "slow-catalog");
			thread.setDaemon(true);
			return thread;
		}));
		server.start();
		String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/prices.json";
		try {
			long started = System.nanoTime();
			this.contextRunner
				.withPropertyValues("llm.cost.pricing.sources[0].location=" + url,
						"llm.cost.pricing.sources[0].format=llm-cost", "llm.cost.pricing.sources[0].timeout=500ms")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					Duration startup = Duration.ofNanos(System.nanoTime() - started);
					System.out.println("Startup with a catalog URL that never answers (timeout 500ms): " + startup);
					assertThat(startup).isGreaterThanOrEqualTo(Duration.ofMillis(500))
						.isLessThan(Duration.ofSeconds(4));
					SourceStatus status = context.getBean(PriceCatalogStatus.class).sources().get(0);
					assertThat(status.state()).isEqualTo(SourceState.FAILED);
					assertThat(status.lastError()).isEqualTo("no complete answer within PT0.5S");
					assertThat(context.getBean(PriceCatalog.class).resolve("openai", "gpt-4o-mini")).isNotNull();
				});
			assertThat(output).contains("Price catalog " + url + " (llm-cost) was not loaded: no complete answer "
					+ "within PT0.5S. Models only it prices are unpriced until it loads.");
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void catalogUrlWithCredentialsThatCannotBeLoadedShouldNotShowThem(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues(
					"llm.cost.pricing.sources[0].location=http://catalog-user:S3cr3t-pa55@127.0.0.1:1/prices.json"
							+ "?token=T0k3n-9f8e7d",
					"llm.cost.pricing.sources[1].location=http://catalog-user:S3cr3t pa55@catalog_host/prices.json",
					"llm.cost.pricing.sources[1].headers.X-Api-Key=k3y-4b5c6d")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				List<SourceStatus> sources = context.getBean(PriceCatalogStatus.class).sources();
				assertThat(sources).extracting(SourceStatus::state)
					.containsExactly(SourceState.FAILED, SourceState.FAILED);
				assertThat(sources).extracting(SourceStatus::location)
					.containsExactly("http://127.0.0.1:1/prices.json", "http://catalog_host/prices.json");
				assertThat(sources.toString()).doesNotContain("S3cr3t", "T0k3n", "k3y-4b5c6d");
			});
		assertThat(output).contains("Price catalog http://127.0.0.1:1/prices.json (litellm) was not loaded")
			.doesNotContain("S3cr3t", "T0k3n", "k3y-4b5c6d");
	}

	@Test
	void catalogFileWithASyntaxErrorShouldNotStopStartup(@TempDir Path dir, CapturedOutput output) throws IOException {
		Path file = dir.resolve("prices.json");
		Files.writeString(file, "{ \"models\": { \"my-model\": { \"input\": 1, ", StandardCharsets.UTF_8);

		this.contextRunner
			.withPropertyValues("llm.cost.pricing.sources[0].location=" + file,
					"llm.cost.pricing.sources[0].format=llm-cost")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SourceStatus status = context.getBean(PriceCatalogStatus.class).sources().get(0);
				assertThat(status.state()).isEqualTo(SourceState.FAILED);
				assertThat(status.lastError()).contains("is not valid JSON");
				assertThat(context.getBean(PriceCatalog.class).resolve("openai", "my-model")).isNull();
				assertThat(context.getBean(PriceCatalog.class).resolve("openai", "gpt-4o-mini")).isNotNull();
			});
		assertThat(output).contains(
				"Price catalog " + file + " (llm-cost) was not loaded: Price catalog " + file + " is not valid JSON");
	}

	@Test
	void catalogFileWithWrongTypesAndNegativePricesShouldLoadOnlyItsGoodEntries(@TempDir Path dir,
			CapturedOutput output) throws IOException {
		Path file = dir.resolve("prices.json");
		try (OutputStream out = Files.newOutputStream(file)) {
			out.write("""
					{ "models": {
					    "my-good-model": { "provider": "openai", "operation": "chat", "input": 1, "output": 2 },
					    "my-text-price": { "provider": "openai", "operation": "chat", "input": "cheap", "output": 2 },
					    "my-negative-price": { "provider": "openai", "operation": "chat", "input": -1, "output": 2 },
					    "my-list-price": { "provider": "openai", "operation": "chat", "input": [1], "output": 2 },
					    "my-object": "not an object"
					} }
					""".getBytes(StandardCharsets.UTF_8));
		}

		this.contextRunner
			.withPropertyValues("llm.cost.pricing.sources[0].location=" + file,
					"llm.cost.pricing.sources[0].format=llm-cost")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SourceStatus status = context.getBean(PriceCatalogStatus.class).sources().get(0);
				assertThat(status.state()).isEqualTo(SourceState.LOADED);
				assertThat(status.models()).isEqualTo(1);
				PriceCatalog catalog = context.getBean(PriceCatalog.class);
				assertThat(catalog.resolve("openai", "my-good-model")).isNotNull();
				assertThat(catalog.resolve("openai", "my-text-price")).isNull();
				assertThat(catalog.resolve("openai", "my-negative-price")).isNull();
				assertThat(catalog.resolve("openai", "my-list-price")).isNull();
				assertThat(catalog.resolve("openai", "my-object")).isNull();
			});
		assertThat(output).contains("'my-text-price' in " + file + ": \"input\" price is not a number")
			.contains("'my-negative-price' in " + file + ": \"input\" price is negative")
			.contains("'my-list-price' in " + file + ": \"input\" price is not a number")
			.contains("'my-object' in " + file);
	}

}
