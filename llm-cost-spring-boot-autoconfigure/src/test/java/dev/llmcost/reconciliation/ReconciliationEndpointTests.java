package dev.llmcost.reconciliation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.llmcost.actuate.LlmCostEndpoint;
import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.test.MutableClock;
import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code reconciliation} section of the {@link LlmCostEndpoint}.
 */
class ReconciliationEndpointTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void sectionShouldListEachComparedDayInUsd() {
		MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
		InMemoryCostLedger ledger = new InMemoryCostLedger(clock, ZoneOffset.UTC, Duration.ofDays(35));
		clock.set("2026-03-04T23:00:00Z");
		ledger.record(new RecordedCall(Instant.parse("2026-03-04T10:00:00Z"), Attribution.of("support"), "openai",
				"chat", "gpt-4o-mini", "gpt-4o-mini", new TokenUsage(1000, 0, 0, 100, 0), new BigDecimal("10.00"), true,
				false));
		clock.set("2026-03-05T02:00:00Z");
		try (BillingApiServer server = BillingApiServer.start()) {
			server.reply(ReconciliationTests.openAiPage(false, null, ReconciliationTests.bucket("2026-03-04", "12.5")));
			Reconciliation reconciliation = new Reconciliation(
					List.of(new OpenAiCostReport(ReconciliationTests.OPENAI_KEY, server.baseUrl(), null)), ledger,
					clock, 0.05);
			reconciliation.reconcile();
			// Reported in EUR, compared in USD: the bill's currency.
			LlmCostEndpoint endpoint = new LlmCostEndpoint(ledger,
					new ReportingCurrency(java.util.Currency.getInstance("EUR"), new BigDecimal("0.9")), null, clock,
					ZoneOffset.UTC, null, reconciliation);
			String body = this.json.writeValueAsString(endpoint.costs(null, null, null, null));
			JsonNode section = this.json.readTree(body).path("reconciliation");
			assertThat(section.isArray()).isTrue();
			assertThat(section).hasSize(1);
			JsonNode day = section.get(0);
			assertThat(day.path("day").asString()).isEqualTo("2026-03-04");
			assertThat(day.path("provider").asString()).isEqualTo("openai");
			assertThat(day.path("reported").decimalValue()).isEqualByComparingTo("12.5");
			assertThat(day.path("estimated").decimalValue()).isEqualByComparingTo("10.00");
			// (10.00 - 12.50) / 12.50 = -0.2
			assertThat(day.path("drift").asDouble()).isEqualTo(-0.2);
			assertThat(day.path("scope").asString()).isEqualTo("instance");
			assertThat(day.path("complete").asBoolean()).isTrue();
			assertThat(body).doesNotContain(ReconciliationTests.OPENAI_KEY);
		}
	}

	@Test
	void sectionShouldBeAbsentWhenReconciliationIsOff() {
		LlmCostEndpoint endpoint = new LlmCostEndpoint(new InMemoryCostLedger(), ReportingCurrency.USD, null);
		assertThat(endpoint.costs(null, null, null, null).reconciliation()).isNull();
	}

}
