package dev.llmcost.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.test.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BudgetEnforcement}: what a call about to be made is told.
 *
 * @author llm-cost contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class BudgetEnforcementTests {

	private final MutableClock clock = MutableClock.at("2026-10-14T10:00:00Z");

	private final List<String> blocked = new ArrayList<>();

	@Test
	void blockedCallIsCountedOnceWithItsBudgetAndFeature() {
		BudgetEnforcement enforcement = enforcement(budget("cap", "search", BudgetAction.BLOCK, null),
				(budget, feature) -> this.blocked.add(budget + "/" + feature));
		enforcement.getBudgets().record(this.clock.instant(), "search", new BigDecimal("1.00"));

		assertThatExceptionOfType(LlmBudgetExceededException.class)
			.isThrownBy(() -> enforcement.beforeCall("search", "gpt-4o"));

		assertThat(this.blocked).containsExactly("cap/search");
		assertThat(enforcement.beforeCall("other-feature", "gpt-4o")).isEqualTo("gpt-4o");
	}

	@Test
	void failingCounterNeverReplacesTheBudgetsAnswer() {
		BudgetEnforcement enforcement = enforcement(budget("cap", "search", BudgetAction.BLOCK, null),
				(budget, feature) -> {
					throw new IllegalStateException("meter registry closed");
				});
		enforcement.getBudgets().record(this.clock.instant(), "search", new BigDecimal("1.00"));

		assertThatExceptionOfType(LlmBudgetExceededException.class)
			.isThrownBy(() -> enforcement.beforeCall("search", "gpt-4o"));
	}

	@Test
	void downgradeSendsAClientCallToTheCheaperModelButLetsADirectCallThroughLoggedOnce(CapturedOutput output) {
		BudgetEnforcement enforcement = enforcement(budget("cap", "search", BudgetAction.DOWNGRADE, "gpt-4o-mini"),
				BlockedCalls.NONE);
		enforcement.getBudgets().record(this.clock.instant(), "search", new BigDecimal("1.00"));

		assertThat(enforcement.beforeCall("search", "gpt-4o")).isEqualTo("gpt-4o-mini");
		assertThat(enforcement.beforeCall("search", null)).isEqualTo("gpt-4o-mini");
		enforcement.beforeDirectCall("search", "gpt-4o");
		enforcement.beforeDirectCall("search", "gpt-4o");

		assertThat(output.getOut().split("cannot be sent to another model", -1)).hasSize(2);
	}

	@Test
	void warnLetsEveryCallThroughUnchanged() {
		BudgetEnforcement enforcement = enforcement(budget("cap", "search", BudgetAction.WARN, null),
				BlockedCalls.NONE);
		enforcement.getBudgets().record(Instant.parse("2026-10-14T09:00:00Z"), "search", new BigDecimal("5.00"));

		assertThat(enforcement.beforeCall("search", "gpt-4o")).isEqualTo("gpt-4o");
		enforcement.beforeDirectCall("search", "gpt-4o");
	}

	@Test
	void concurrentCallsOvershootABlockBudgetByAtMostTheCallsInFlight() throws Exception {
		BudgetEnforcement enforcement = enforcement(budget("cap", "search", BudgetAction.BLOCK, null),
				BlockedCalls.NONE);
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> made = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				made.add(executor.submit(() -> {
					int calls = 0;
					while (true) {
						try {
							enforcement.beforeCall("search", "gpt-4o");
						}
						catch (LlmBudgetExceededException ex) {
							return calls;
						}
						// the call, then its cost recorded: 0.01 each
						enforcement.getBudgets().record(this.clock.instant(), "search", new BigDecimal("0.01"));
						calls++;
					}
				}));
			}
			int total = 0;
			for (Future<Integer> calls : made) {
				total += calls.get(30, TimeUnit.SECONDS);
			}
			// 100 calls reach the limit of 1.00; each other thread had at most one in
			// flight
			assertThat(total).isBetween(100, 100 + threads - 1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private BudgetEnforcement enforcement(BudgetDefinition definition, BlockedCalls blockedCalls) {
		return new BudgetEnforcement(
				new LlmBudgets(List.of(definition), this.clock, ZoneId.of("Europe/Paris"), ReportingCurrency.USD),
				blockedCalls);
	}

	private static BudgetDefinition budget(String name, String feature, BudgetAction action, String downgradeTo) {
		return new BudgetDefinition(name, feature, new BigDecimal("1.00"), BudgetPeriod.parse("day"), List.of(50, 80),
				action, downgradeTo);
	}

}
