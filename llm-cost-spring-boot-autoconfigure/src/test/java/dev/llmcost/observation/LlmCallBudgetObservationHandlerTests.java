package dev.llmcost.observation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import dev.llmcost.budget.BudgetAction;
import dev.llmcost.budget.BudgetDefinition;
import dev.llmcost.budget.BudgetPeriod;
import dev.llmcost.budget.LlmBudgets;
import dev.llmcost.test.MutableClock;
import dev.llmcost.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmCallBudgetObservationHandler}.
 *
 * @author llm-cost contributors
 */
class LlmCallBudgetObservationHandlerTests {

	private final MutableClock clock = MutableClock.at("2026-10-14T10:00:00Z");

	@Test
	void stoppedCallShouldCountAgainstTheBudgetOfItsFeatureInTheReportingCurrency() {
		LlmBudgets budgets = new LlmBudgets(
				List.of(new BudgetDefinition("summaries", TestLlmCalls.FEATURE, new BigDecimal("1"),
						BudgetPeriod.parse("day"), List.of(50, 80), BudgetAction.BLOCK, null)),
				this.clock, ZoneId.of("Europe/Paris"), TestLlmCalls.EUR);
		LlmCallBudgetObservationHandler handler = new LlmCallBudgetObservationHandler(budgets, this.clock);
		// 1,000,000 input tokens at 0.15 USD and 1,000,000 output tokens at 0.60 USD:
		// 0.75 USD, 0.675 EUR at 0.9 EUR per USD.
		LlmCallObservationContext context = TestLlmCalls.pricedCall(new TokenUsage(1_000_000, 0, 0, 1_000_000, 0),
				TestLlmCalls.EUR);
		context.setEndedAt(Instant.parse("2026-10-14T09:59:00Z"));
		assertThat(handler.supportsContext(context)).isTrue();
		handler.onStop(context);
		assertThat(budgets.states().get(0).spent()).isEqualByComparingTo("0.675");
	}

}
