package dev.llmcost.observation;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;

import dev.llmcost.budget.BudgetAction;
import dev.llmcost.budget.BudgetDefinition;
import dev.llmcost.budget.BudgetPeriod;
import dev.llmcost.budget.LlmBudgets;
import dev.llmcost.test.MutableClock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmBudgetMeterBinder}. Every figure is worked out by hand in the test.
 *
 * @author llm-cost contributors
 */
class LlmBudgetMeterBinderTests {

	// 20:00 in Paris (CEST): the Paris day ends at 22:00 UTC.
	private final MutableClock clock = MutableClock.at("2026-10-14T18:00:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final LlmBudgets budgets = new LlmBudgets(
			List.of(budget("daily", null, "2.00", "day"), budget("runaway", "search", "0.50", "10m")), this.clock,
			ZoneId.of("Europe/Paris"), TestLlmCalls.EUR);

	@Test
	void gaugesShouldShowEachBudgetInTheReportingCurrency() {
		new LlmBudgetMeterBinder(this.budgets).bindTo(this.registry);
		// 1.00 USD is 0.90 EUR, counted by both budgets; 0.50 USD (0.45 EUR) by daily
		// only.
		this.budgets.record(this.clock.instant(), "search", new BigDecimal("1.00"));
		this.budgets.record(this.clock.instant(), "chat", new BigDecimal("0.50"));
		assertThat(gauge("llm.budget.limit", "daily").value()).isEqualTo(2.0);
		assertThat(gauge("llm.budget.spent", "daily").value()).isEqualTo(1.35);
		assertThat(gauge("llm.budget.remaining", "daily").value()).isEqualTo(0.65);
		assertThat(gauge("llm.budget.limit", "runaway").value()).isEqualTo(0.5);
		assertThat(gauge("llm.budget.spent", "runaway").value()).isEqualTo(0.9);
		// Overspent: nothing remains, never a negative amount.
		assertThat(gauge("llm.budget.remaining", "runaway").value()).isEqualTo(0.0);
		assertThat(gauge("llm.budget.spent", "daily").getId().getBaseUnit()).isEqualTo("eur");
		assertThat(gauge("llm.budget.spent", "daily").getId().getDescription())
			.isEqualTo("Cost of the LLM calls an LLM cost budget counts in its current period");
		// Midnight in Paris: a new day; 12:11 past the call: the window is empty.
		this.clock.set("2026-10-14T22:00:00Z");
		assertThat(gauge("llm.budget.spent", "daily").value()).isEqualTo(0.0);
		assertThat(gauge("llm.budget.remaining", "daily").value()).isEqualTo(2.0);
		assertThat(gauge("llm.budget.spent", "runaway").value()).isEqualTo(0.0);
	}

	@Test
	void noBudgetsShouldRegisterNoGauge() {
		new LlmBudgetMeterBinder(new LlmBudgets(List.of(), this.clock, ZoneId.of("UTC"), TestLlmCalls.EUR))
			.bindTo(this.registry);
		assertThat(this.registry.getMeters()).isEmpty();
	}

	private Gauge gauge(String name, String budget) {
		return this.registry.get(name).tag("budget", budget).gauge();
	}

	private static BudgetDefinition budget(String name, String feature, String limit, String period) {
		return new BudgetDefinition(name, feature, new BigDecimal(limit), BudgetPeriod.parse(period), List.of(50, 80),
				BudgetAction.WARN, null);
	}

}
