package dev.llmcost.actuate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import dev.llmcost.budget.BudgetAction;
import dev.llmcost.budget.BudgetDefinition;
import dev.llmcost.budget.BudgetPeriod;
import dev.llmcost.budget.LlmBudgets;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.test.MutableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code budgets} section of {@link LlmCostEndpoint}. Every figure is worked out by
 * hand in the test.
 */
class LlmCostEndpointBudgetsTests {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private final JsonMapper json = JsonMapper.builder().build();

	// 03:00 in Paris (CEST): the budgets start counting three hours into the Paris day,
	// which runs from 22:00 UTC to 22:00 UTC.
	private final MutableClock clock = MutableClock.at("2026-10-14T01:00:00Z");

	private final LlmBudgets budgets = new LlmBudgets(
			List.of(budget("daily", "chat", "2.00", "day", BudgetAction.BLOCK),
					budget("runaway", null, "1.00", "10m", BudgetAction.WARN)),
			this.clock, PARIS, ReportingCurrency.USD);

	private final LlmCostEndpoint endpoint = new LlmCostEndpoint(
			new InMemoryCostLedger(this.clock, PARIS, Duration.ofDays(35)), ReportingCurrency.USD, null, this.clock,
			PARIS, this.budgets);

	@Test
	void budgetsShouldShowWhereEachBudgetStandsNowWithItsProjection() {
		this.clock.set("2026-10-14T03:00:00Z");
		this.budgets.record(this.clock.instant(), "chat", new BigDecimal("0.30"));
		this.clock.set("2026-10-14T03:55:30Z");
		this.budgets.record(this.clock.instant(), "search", new BigDecimal("0.25"));
		this.clock.set("2026-10-14T04:00:00Z");
		this.budgets.record(this.clock.instant(), "chat", new BigDecimal("0.30"));

		JsonNode budgets = costs("today");

		// daily: 0.60 of 2.00 spent in the 6 hours since midnight in Paris; at that pace
		// 0.60 x 24 / 6 = 2.40 by the end of the day. The budgets started counting at
		// 03:00
		// in Paris: the day is not complete.
		assertThat(budgets.get(0)).isEqualTo(this.json.readTree("""
				{"name": "daily", "scope": {"feature": "chat"},
				 "period": {"name": "day", "from": "2026-10-13T22:00:00Z", "to": "2026-10-14T22:00:00Z",
				            "zone": "Europe/Paris", "scope": "instance", "complete": false},
				 "limit": 2, "spent": 0.6, "remaining": 1.4, "usedPercent": 30.0, "projected": 2.4,
				 "status": "ok", "action": "block", "resetsAt": "2026-10-14T22:00:00Z"}
				"""));
		// runaway: the window of 04:00 runs from 03:50 and counts 0.25 + 0.30; its
		// projection is its spend. Resets when the 04:00 minute leaves, at 04:11.
		assertThat(budgets.get(1)).isEqualTo(this.json.readTree("""
				{"name": "runaway", "scope": {},
				 "period": {"name": "10m", "from": "2026-10-14T03:50:00Z", "to": "2026-10-14T04:00:00Z",
				            "zone": "Europe/Paris", "scope": "instance", "complete": true},
				 "limit": 1, "spent": 0.55, "remaining": 0.45, "usedPercent": 55.0, "projected": 0.55,
				 "status": "warning", "action": "warn", "resetsAt": "2026-10-14T04:11:00Z"}
				"""));
		assertThat(budgets).hasSize(2);
	}

	@Test
	void budgetsShouldBeTheSameWhateverThePeriodAskedFor() {
		this.clock.set("2026-10-14T04:00:00Z");
		this.budgets.record(this.clock.instant(), "chat", new BigDecimal("2.50"));
		JsonNode today = costs("today");
		assertThat(costs("month")).isEqualTo(today);
		assertThat(costs(null)).isEqualTo(today);
		assertThat(today.get(0).path("status").asString()).isEqualTo("exhausted");
		assertThat(today.get(0).path("remaining").asString()).isEqualTo("0");
		assertThat(today.get(0).path("usedPercent").asDouble()).isEqualTo(125.0);
	}

	@Test
	void budgetsShouldBeEmptyWithoutBudgets() {
		LlmCostEndpoint endpoint = new LlmCostEndpoint(new InMemoryCostLedger(), ReportingCurrency.USD, null,
				this.clock, PARIS, new LlmBudgets(List.of(), this.clock, PARIS, ReportingCurrency.USD));
		JsonNode report = this.json.readTree(this.json.writeValueAsString(endpoint.costs(null, null, null, null)));
		assertThat(report.path("budgets").isArray()).isTrue();
		assertThat(report.path("budgets")).isEmpty();
	}

	private JsonNode costs(@Nullable String period) {
		return this.json.readTree(this.json.writeValueAsString(this.endpoint.costs(period, null, null, null)))
			.path("budgets");
	}

	private static BudgetDefinition budget(String name, @Nullable String feature, String limit, String period,
			BudgetAction action) {
		return new BudgetDefinition(name, feature, new BigDecimal(limit), BudgetPeriod.parse(period), List.of(50, 80),
				action, null);
	}

}
