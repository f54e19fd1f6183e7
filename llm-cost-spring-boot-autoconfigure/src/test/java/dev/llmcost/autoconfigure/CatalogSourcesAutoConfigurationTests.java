package dev.llmcost.autoconfigure;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import dev.llmcost.pricing.PriceCatalog;
import dev.llmcost.pricing.PriceCatalogStatus;
import dev.llmcost.pricing.PriceCatalogStatus.SourceState;
import dev.llmcost.test.CatalogRefreshThreads;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
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

	private static Path catalogFile(Path dir) throws IOException {
		return Files.writeString(dir.resolve("prices.json"), CATALOG);
	}

	private static String source(Path file) {
		return "llm.cost.pricing.sources[0].location=" + file;
	}

}
