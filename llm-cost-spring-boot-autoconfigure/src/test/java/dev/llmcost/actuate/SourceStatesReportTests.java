package dev.llmcost.actuate;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.pricing.PriceCatalogStatus;
import dev.llmcost.pricing.ReportingCurrency;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The states of external catalogs as the endpoint and the health details show them: the
 * lower-case words users alert and script on, under the catalog's name.
 */
class SourceStatesReportTests {

	private static final Instant REFRESHED = Instant.parse("2026-11-22T08:00:00Z");

	private final PriceCatalogStatus status = new TestCostReports.FixedStatus(
			Arrays.stream(PriceCatalogStatus.SourceState.values()).map(SourceStatesReportTests::source).toList());

	@Test
	void endpointShouldShowEachStateAsItsLowerCaseWord() {
		LlmCostEndpoint endpoint = new LlmCostEndpoint(new InMemoryCostLedger(), ReportingCurrency.USD, this.status);

		JsonMapper json = JsonMapper.builder().build();
		JsonNode pricing = json.readTree(json.writeValueAsString(endpoint.costs(null, null, null, null)))
			.path("pricing");

		assertThat(pricing.path("sources").valueStream().map((source) -> source.path("state").asString()))
			.containsExactly("pending", "loaded", "failed", "rejected");
		assertThat(pricing.path("builtIn").path("date").asString()).isEqualTo("2026-11-01");
		assertThat(pricing.path("builtIn").path("models").asInt()).isEqualTo(120);
		assertThat(pricing.path("userModels").asInt()).isEqualTo(2);
		assertThat(pricing.path("sources").get(1).path("lastRefresh").asString()).isEqualTo(REFRESHED.toString());
	}

	@Test
	@SuppressWarnings("unchecked")
	void healthShouldShowEachStateAsItsLowerCaseWordAndListTheProblems() {
		Health health = new LlmCostHealthIndicator(new InMemoryCostLedger(), this.status).health();

		List<Map<String, Object>> catalogs = (List<Map<String, Object>>) health.getDetails().get("catalogs");
		assertThat(catalogs).extracting((catalog) -> catalog.get("state"))
			.containsExactly("pending", "loaded", "failed", "rejected");
		assertThat((List<String>) health.getDetails().get("catalogProblems")).containsExactly(
				"https://prices.example.org/pending.json: pending, stale",
				"https://prices.example.org/failed.json: failed (failed for a reason)",
				"https://prices.example.org/rejected.json: rejected (rejected for a reason)");
	}

	@Test
	@SuppressWarnings("unchecked")
	void sourceWithANameShouldBeShownUnderItWithItsLocation() {
		PriceCatalogStatus named = new TestCostReports.FixedStatus(
				List.of(new PriceCatalogStatus.SourceStatus("litellm-mirror", "https://prices.example.org/litellm.json",
						"litellm", PriceCatalogStatus.SourceState.FAILED, 0, null, REFRESHED, "HTTP 503", true)));

		JsonMapper json = JsonMapper.builder().build();
		JsonNode source = json.readTree(
				json.writeValueAsString(new LlmCostEndpoint(new InMemoryCostLedger(), ReportingCurrency.USD, named)
					.costs(null, null, null, null)))
			.path("pricing")
			.path("sources")
			.get(0);
		Health health = new LlmCostHealthIndicator(new InMemoryCostLedger(), named).health();

		assertThat(source.path("name").asString()).isEqualTo("litellm-mirror");
		assertThat(source.path("location").asString()).isEqualTo("https://prices.example.org/litellm.json");
		assertThat((List<Map<String, Object>>) health.getDetails().get("catalogs")).singleElement()
			.satisfies((catalog) -> assertThat(catalog).containsEntry("name", "litellm-mirror")
				.containsEntry("location", "https://prices.example.org/litellm.json"));
		assertThat((List<String>) health.getDetails().get("catalogProblems"))
			.containsExactly("litellm-mirror: failed (HTTP 503), stale");
	}

	private static PriceCatalogStatus.SourceStatus source(PriceCatalogStatus.SourceState state) {
		boolean loaded = state == PriceCatalogStatus.SourceState.LOADED;
		boolean pending = state == PriceCatalogStatus.SourceState.PENDING;
		return new PriceCatalogStatus.SourceStatus("https://prices.example.org/" + state.id() + ".json", "litellm",
				state, pending ? 0 : 10, pending ? null : REFRESHED, pending ? null : REFRESHED,
				(loaded || pending) ? null : state.id() + " for a reason", pending);
	}

}
