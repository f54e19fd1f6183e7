package dev.llmcost.autoconfigure;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;

import dev.llmcost.advisor.LlmCostAdvisor;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the starter ships, as the configuration processor generates
 * it from {@link LlmCostProperties} and
 * {@code META-INF/additional-spring-configuration-metadata.json}: what an IDE shows while
 * typing the properties.
 */
class ConfigurationMetadataTests {

	private static final String LOCATION = "META-INF/spring-configuration-metadata.json";

	@Test
	void healthIndicatorSwitchShouldBeDescribedWithItsDefault() throws Exception {
		JsonNode property = property("management.health.llmcost.enabled");
		assertThat(property.path("type").asString()).isEqualTo("java.lang.Boolean");
		assertThat(property.path("defaultValue").asBoolean(false)).isTrue();
		assertThat(property.path("description").asString()).isNotBlank();
	}

	@Test
	void budgetHealthSwitchShouldBeDescribedWithItsDefault() throws Exception {
		JsonNode property = property("management.health.llmcost.down-when-budget-exhausted");
		assertThat(property.path("type").asString()).isEqualTo("java.lang.Boolean");
		assertThat(property.path("defaultValue").asBoolean(true)).isFalse();
		assertThat(property.path("description").asString()).isNotBlank();
	}

	@Test
	void everyLlmCostPropertyShouldHaveADescription() throws Exception {
		List<JsonNode> properties = llmCostProperties();
		assertThat(properties).extracting((property) -> property.path("name").asString())
			.contains("llm.cost.enabled", "llm.cost.pricing.models", "llm.cost.pricing.sources");
		assertThat(properties).allSatisfy((property) -> assertThat(property.path("description").asString())
			.as("description of %s", property.path("name").asString())
			.isNotBlank());
	}

	@Test
	void advisorOrderShouldShowTheAdvisorsDefaultOrder() throws Exception {
		// A constant from another class is not evaluated by the processor: the default
		// is written down by hand, so it must follow the constant.
		assertThat(property("llm.cost.advisor.order").path("defaultValue").asInt())
			.isEqualTo(LlmCostAdvisor.DEFAULT_ORDER);
	}

	private static JsonNode property(String name) throws Exception {
		return properties().stream()
			.filter((property) -> name.equals(property.path("name").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No metadata for " + name));
	}

	private static List<JsonNode> llmCostProperties() throws Exception {
		return properties().stream()
			.filter((property) -> property.path("name").asString().startsWith(LlmCostProperties.PREFIX + "."))
			.toList();
	}

	private static List<JsonNode> properties() throws Exception {
		JsonNode metadata = metadata();
		assertThat(metadata.path("properties").isArray()).isTrue();
		return metadata.path("properties").valueStream().toList();
	}

	/**
	 * The metadata next to {@link LlmCostProperties}: other jars on the classpath carry
	 * files of the same name.
	 */
	private static JsonNode metadata() throws Exception {
		String classes = LlmCostProperties.class.getProtectionDomain().getCodeSource().getLocation().getPath();
		for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader().getResources(LOCATION))) {
			if (url.getPath().contains(classes)) {
				try (InputStream in = url.openStream()) {
					return JsonMapper.builder().build().readTree(in);
				}
			}
		}
		throw new AssertionError("No " + LOCATION + " next to " + LlmCostProperties.class.getName() + " in " + classes
				+ ": is spring-boot-configuration-processor running?");
	}

}
