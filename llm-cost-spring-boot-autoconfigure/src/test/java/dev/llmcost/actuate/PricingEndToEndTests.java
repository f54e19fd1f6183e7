package dev.llmcost.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

import dev.llmcost.test.CostTestApplication.SummaryService;
import dev.llmcost.test.CostTrackingTest;
import dev.llmcost.testsupport.OpenAiWire.Usage;
import dev.llmcost.testsupport.OpenAiWireServer;
import dev.llmcost.testsupport.OpenAiWireServer.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real application reporting in EUR, with a LiteLLM-format catalog of 3,000 models as
 * an external source: models only that catalog knows are priced, unknown models show up
 * as unpriced in the endpoint, the scrape and health. The reporting currency renames the
 * cost meter and converts every figure, so this test has an application of its own.
 */
@CostTrackingTest(properties = { "llm.cost.currency=EUR", "llm.cost.exchange-rate=0.9" })
class PricingEndToEndTests {

	private static final OpenAiWireServer server = OpenAiWireServer.shared();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int GENERATED_MODELS = 3000;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void externalCatalog(DynamicPropertyRegistry registry) {
		Path catalog = generatedLiteLlmCatalog();
		registry.add("llm.cost.pricing.sources[0].location", catalog::toString);
		registry.add("llm.cost.pricing.sources[0].format", () -> "litellm");
	}

	@BeforeAll
	static void calls(@Autowired SummaryService summaryService) {
		server.reset();
		server.enqueue(Reply.chat("acme-model-2999", "From the external catalog.", new Usage(2000, 0, 1000, 0)));
		server
			.enqueue(Reply.chat("gpt-4o-mini-2024-07-18", "From the built-in catalog.", new Usage(1500, 1024, 250, 0)));
		server.enqueue(Reply.chat("mystery-model", "Unpriced.", new Usage(10, 0, 1, 0)));
		summaryService.summarizeFor("external-catalog", "acme-model-2999", "one");
		summaryService.summarizeFor("built-in", "two");
		summaryService.summarizeFor("unpriced", "mystery-model", "three");
	}

	@Test
	void modelOnlyTheExternalCatalogKnowsShouldBePricedInTheReportingCurrency() throws Exception {
		JsonNode report = getJson("/actuator/llmcost");

		assertThat(report.path("currency").asString()).isEqualTo("EUR");
		assertThat(report.path("exchangeRate").decimalValue()).isEqualByComparingTo("0.9");
		JsonNode model = model(report, "external-catalog", "acme-model-2999");
		// generated prices: 2.999 USD input, 9.0 USD output per million (acme-model-i:
		// i/1000 and 9)
		// (2000 x 2.999 + 1000 x 9) per million = 0.014998 USD, x 0.9 = 0.0134982 EUR
		assertThat(model.path("cost").decimalValue()).isEqualByComparingTo("0.0134982");
	}

	@Test
	void builtInPricesShouldStillApplyAndBeConverted() throws Exception {
		JsonNode feature = getJson("/actuator/llmcost/built-in");

		// 298.2 USD per million (476 x 0.15 + 1024 x 0.075 + 250 x 0.60) x 0.9 =
		// 0.00026838 EUR
		assertThat(feature.path("cost").decimalValue()).isEqualByComparingTo("0.00026838");
	}

	@Test
	void pricingSectionShouldDescribeTheCatalogs() throws Exception {
		JsonNode pricing = getJson("/actuator/llmcost").path("pricing");

		assertThat(pricing.path("currency").asString()).isEqualTo("EUR");
		assertThat(pricing.path("builtIn").path("date").asString()).isNotBlank();
		assertThat(pricing.path("builtIn").path("models").asInt()).isGreaterThan(100);
		JsonNode source = pricing.path("sources").get(0);
		assertThat(source.path("format").asString()).isEqualTo("litellm");
		assertThat(source.path("state").asString()).isEqualTo("loaded");
		assertThat(source.path("models").asInt()).isEqualTo(GENERATED_MODELS);
		assertThat(source.path("lastRefresh").asString()).isNotBlank();
		assertThat(source.path("stale").asBoolean()).isFalse();
	}

	@Test
	void unknownModelShouldBeUnpricedInTheEndpointTheScrapeAndHealth() throws Exception {
		JsonNode report = getJson("/actuator/llmcost");
		assertThat(TestCostReports.row(report.path("unpriced"), "model", "mystery-model").path("calls").asLong())
			.isEqualTo(1);

		String scrape = get("/actuator/prometheus").body();
		assertThat(scrape)
			.containsPattern("(?m)^llm_unpriced_calls_total\\{[^}]*gen_ai_response_model=\"mystery-model\"[^}]*\\} 1")
			.containsPattern("(?m)^llm_cost_eur_total\\{[^}]*feature=\"built-in\"")
			.containsPattern(
					"(?m)^llm_pricing_catalog_loads_total\\{[^}]*format=\"litellm\",outcome=\"success\"[^}]*\\} 1")
			.doesNotContain("llm_cost_usd_total");

		JsonNode health = getJson("/actuator/health").path("components").path("llmCost");
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(TestCostReports.row(health.path("details").path("unpricedModels"), "model", "mystery-model")
			.path("calls")
			.asLong()).isEqualTo(1);
		assertThat(health.path("details").path("catalogs").get(0).path("state").asString()).isEqualTo("loaded");
	}

	private JsonNode model(JsonNode report, String feature, String model) {
		return TestCostReports.row(TestCostReports.row(report.path("features"), "feature", feature).path("models"),
				"model", model);
	}

	private JsonNode getJson(String path) throws Exception {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return json.readTree(response.body());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * A LiteLLM-format catalog of 3,000 chat models: acme-model-i costs i/1000 USD per
	 * million input tokens and 9 USD per million output tokens.
	 */
	private static Path generatedLiteLlmCatalog() {
		StringJoiner entries = new StringJoiner(",\n", "{\n", "\n}");
		entries.add("\"sample_spec\": { \"input_cost_per_token\": 0, \"mode\": \"chat\" }");
		for (int i = 0; i < GENERATED_MODELS; i++) {
			entries.add("\"acme-model-" + i + "\": { \"litellm_provider\": \"openai\", \"mode\": \"chat\", "
					+ "\"input_cost_per_token\": " + i + "e-09, \"output_cost_per_token\": 9e-06, "
					+ "\"max_input_tokens\": 128000, \"supports_function_calling\": true }");
		}
		try {
			Path file = Files.createTempFile("litellm-", ".json");
			file.toFile().deleteOnExit();
			Files.writeString(file, entries.toString());
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
