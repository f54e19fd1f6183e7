package dev.llmcost.autoconfigure;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.llmcost.pricing.PriceCatalog;
import dev.llmcost.pricing.PriceCatalogStatus;
import dev.llmcost.pricing.PriceCatalogStatus.SourceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * External price catalogs in an application context: resolved by the application's
 * resource loader.
 */
class CatalogSourcesAutoConfigurationTests {

	private static final String CATALOG = """
			{ "models": { "acme-chat": { "provider": "openai", "operation": "chat", "input": 1, "output": 2 } } }
			""";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmCostAutoConfiguration.class));

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

}
