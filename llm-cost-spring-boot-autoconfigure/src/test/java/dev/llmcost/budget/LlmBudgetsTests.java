package dev.llmcost.budget;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.test.MutableClock;
import dev.llmcost.usage.TokenUsage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LlmBudgets}. Every figure is worked out by hand in the test.
 *
 * @author llm-cost contributors
 */
class LlmBudgetsTests {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	// 23:30 in Paris (CEST, UTC+2): the Paris day ends at 22:00 UTC.
	private final MutableClock clock = MutableClock.at("2026-10-14T21:30:00Z");

	@Test
	void dailyBudgetWarnsThenBlocksThenResetsAtMidnightInTheLedgersZone() {
		LlmBudgets budgets = budgets(budget("daily", null, "1.00", "day", BudgetAction.BLOCK, null));
		budgets.record(call("any", "0.60"));
		BudgetState state = budgets.states().get(0);
		assertThat(state.from()).isEqualTo(Instant.parse("2026-10-13T22:00:00Z"));
		assertThat(state.to()).isEqualTo(Instant.parse("2026-10-14T22:00:00Z"));
		assertThat(state.spent()).isEqualByComparingTo("0.60");
		assertThat(state.remaining()).isEqualByComparingTo("0.40");
		assertThat(state.usedPercent()).isEqualTo(60.0);
		assertThat(state.status()).isEqualTo(BudgetStatus.WARNING);
		assertThat(state.resetsAt()).isEqualTo(Instant.parse("2026-10-14T22:00:00Z"));
		assertThat(budgets.check("any", "gpt-4o")).isEqualTo("gpt-4o");

		this.clock.set("2026-10-14T21:40:00Z");
		budgets.record(call("any", "0.40"));
		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> budgets.check("any", "gpt-4o"))
			.satisfies((ex) -> {
				assertThat(ex.getBudget()).isEqualTo("daily");
				assertThat(ex.getLimit()).isEqualByComparingTo("1.00");
				assertThat(ex.getSpent()).isEqualByComparingTo("1.00");
				assertThat(ex.getCurrency()).isEqualTo("USD");
				assertThat(ex.getPeriod()).isEqualTo("day");
				assertThat(ex.getResetsAt()).isEqualTo(Instant.parse("2026-10-14T22:00:00Z"));
			});
		assertThat(budgets.states().get(0).status()).isEqualTo(BudgetStatus.EXHAUSTED);
		assertThat(budgets.states().get(0).remaining()).isEqualByComparingTo("0");

		this.clock.set("2026-10-14T21:59:59.999Z");
		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> budgets.check("any", "gpt-4o"));
		// Midnight in Paris: a new day, nothing spent.
		this.clock.set("2026-10-14T22:00:00Z");
		assertThat(budgets.check("any", "gpt-4o")).isEqualTo("gpt-4o");
		state = budgets.states().get(0);
		assertThat(state.from()).isEqualTo(Instant.parse("2026-10-14T22:00:00Z"));
		assertThat(state.to()).isEqualTo(Instant.parse("2026-10-15T22:00:00Z"));
		assertThat(state.spent()).isEqualByComparingTo("0");
		assertThat(state.status()).isEqualTo(BudgetStatus.OK);
	}

	@Test
	void callThatEndedInThePreviousPeriodIsNotCountedInTheNewOne() {
		LlmBudgets budgets = budgets(budget("daily", null, "1.00", "day", BudgetAction.BLOCK, null));
		this.clock.set("2026-10-14T22:00:01Z");
		budgets.record(call("any", "0.10"));
		budgets.record(new RecordedCall(Instant.parse("2026-10-14T21:59:00Z"), Attribution.of("any"), "openai", "chat",
				"gpt-4o", "gpt-4o", TokenUsage.EMPTY, new BigDecimal("5"), true, false));
		assertThat(budgets.states().get(0).spent()).isEqualByComparingTo("0.10");
	}

	@Test
	void rollingWindowLetsSpendLeaveMinuteByMinute() {
		LlmBudgets budgets = budgets(budget("runaway", null, "1.00", "10m", BudgetAction.BLOCK, null));
		this.clock.set("2026-10-14T12:00:30Z");
		budgets.record(call("any", "0.70"));
		this.clock.set("2026-10-14T12:05:10Z");
		budgets.record(call("any", "0.30"));
		// The 0.70 of the 12:00 minute leaves the window when the 12:11 minute starts,
		// and leaves 0.30, below the limit.
		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> budgets.check("any", "m"))
			.satisfies((ex) -> assertThat(ex.getResetsAt()).isEqualTo(Instant.parse("2026-10-14T12:11:00Z")));
		this.clock.set("2026-10-14T12:10:59.999Z");
		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> budgets.check("any", "m"));
		BudgetState state = budgets.states().get(0);
		assertThat(state.spent()).isEqualByComparingTo("1.00");
		assertThat(state.from()).isEqualTo(Instant.parse("2026-10-14T12:00:00Z"));

		this.clock.set("2026-10-14T12:11:00Z");
		assertThat(budgets.check("any", "m")).isEqualTo("m");
		state = budgets.states().get(0);
		assertThat(state.from()).isEqualTo(Instant.parse("2026-10-14T12:01:00Z"));
		assertThat(state.to()).isEqualTo(Instant.parse("2026-10-14T12:11:00Z"));
		assertThat(state.spent()).isEqualByComparingTo("0.30");
		assertThat(state.status()).isEqualTo(BudgetStatus.OK);
		// The 0.30 of the 12:05 minute leaves when the 12:16 minute starts.
		assertThat(state.resetsAt()).isEqualTo(Instant.parse("2026-10-14T12:16:00Z"));

		this.clock.set("2026-10-14T12:16:00Z");
		assertThat(budgets.states().get(0).spent()).isEqualByComparingTo("0");
	}

	@Test
	void rollingWindowExhaustedBySeveralBucketsResetsWhenEnoughHasLeft() {
		LlmBudgets budgets = budgets(budget("runaway", null, "1.00", "10m", BudgetAction.BLOCK, null));
		this.clock.set("2026-10-14T12:00:00Z");
		budgets.record(call("any", "0.20"));
		this.clock.set("2026-10-14T12:01:00Z");
		budgets.record(call("any", "0.20"));
		this.clock.set("2026-10-14T12:02:00Z");
		budgets.record(call("any", "0.90"));
		// 1.30 spent: 1.10 once 12:00 leaves at 12:11, 0.90 once 12:01 leaves at 12:12.
		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> budgets.check("any", "m"))
			.satisfies((ex) -> {
				assertThat(ex.getSpent()).isEqualByComparingTo("1.30");
				assertThat(ex.getResetsAt()).isEqualTo(Instant.parse("2026-10-14T12:12:00Z"));
			});
		this.clock.set("2026-10-14T12:11:30Z");
		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> budgets.check("any", "m"));
		this.clock.set("2026-10-14T12:12:00Z");
		assertThat(budgets.check("any", "m")).isEqualTo("m");
	}

	@Test
	void featureBudgetCountsOnlyItsFeatureAndApplicationBudgetCountsAll() {
		LlmBudgets budgets = budgets(budget("search-cap", "search", "0.10", "day", BudgetAction.BLOCK, null),
				budget("app", null, "10", "month", BudgetAction.WARN, null));
		budgets.record(call("chat", "0.20"));
		assertThat(budgets.check("search", "m")).isEqualTo("m");
		budgets.record(call("search", "0.10"));
		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> budgets.check("search", "m"))
			.satisfies((ex) -> assertThat(ex.getBudget()).isEqualTo("search-cap"));
		assertThat(budgets.check("chat", "m")).isEqualTo("m");
		List<BudgetState> states = budgets.states();
		assertThat(states.get(0).spent()).isEqualByComparingTo("0.10");
		assertThat(states.get(1).spent()).isEqualByComparingTo("0.30");
		assertThat(states.get(1).usedPercent()).isEqualTo(3.0);
		assertThat(states.get(1).status()).isEqualTo(BudgetStatus.OK);
		// The month of October in Paris.
		assertThat(states.get(1).from()).isEqualTo(Instant.parse("2026-09-30T22:00:00Z"));
		assertThat(states.get(1).to()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
	}

	@Test
	void exhaustedDowngradeBudgetNamesTheCheaperModelAndBlockBeatsIt() {
		LlmBudgets budgets = budgets(budget("cheaper", "chat", "0.50", "day", BudgetAction.DOWNGRADE, "gpt-4o-mini"),
				budget("cap", "chat", "1.00", "day", BudgetAction.BLOCK, null));
		assertThat(budgets.check("chat", "gpt-4o")).isEqualTo("gpt-4o");
		budgets.record(call("chat", "0.50"));
		assertThat(budgets.check("chat", "gpt-4o")).isEqualTo("gpt-4o-mini");
		budgets.record(call("chat", "0.50"));
		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> budgets.check("chat", "gpt-4o"))
			.satisfies((ex) -> assertThat(ex.getBudget()).isEqualTo("cap"));
	}

	@Test
	void exhaustedWarnBudgetLetsTheCallProceed() {
		LlmBudgets budgets = budgets(budget("watch", null, "0.01", "week", BudgetAction.WARN, null));
		budgets.record(call("any", "0.02"));
		assertThat(budgets.check("any", "gpt-4o")).isEqualTo("gpt-4o");
		BudgetState state = budgets.states().get(0);
		assertThat(state.status()).isEqualTo(BudgetStatus.EXHAUSTED);
		assertThat(state.usedPercent()).isEqualTo(200.0);
		// Wednesday 14 October 2026: the week from Monday 12 October in Paris.
		assertThat(state.from()).isEqualTo(Instant.parse("2026-10-11T22:00:00Z"));
	}

	@Test
	void limitsAreInTheReportingCurrency() {
		ReportingCurrency eur = new ReportingCurrency(Currency.getInstance("EUR"), new BigDecimal("0.5"));
		LlmBudgets budgets = new LlmBudgets(List.of(budget("eur", null, "1.00", "day", BudgetAction.BLOCK, null)),
				this.clock, PARIS, eur);
		// 1.98 USD is 0.99 EUR.
		budgets.record(call("any", "1.98"));
		assertThat(budgets.check("any", "m")).isEqualTo("m");
		assertThat(budgets.states().get(0).spent()).isEqualByComparingTo("0.99");
		budgets.record(call("any", "0.02"));
		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> budgets.check("any", "m"))
			.satisfies((ex) -> {
				assertThat(ex.getSpent()).isEqualByComparingTo("1.00");
				assertThat(ex.getCurrency()).isEqualTo("EUR");
			});
	}

	@Test
	void noBudgetForTheFeatureLetsEveryCallThrough() {
		LlmBudgets budgets = budgets(budget("search-cap", "search", "0.01", "day", BudgetAction.BLOCK, null));
		budgets.record(call("chat", "5"));
		assertThat(budgets.check("chat", "m")).isEqualTo("m");
		assertThat(budgets.states().get(0).spent()).isEqualByComparingTo("0");
	}

	@Test
	void callsRecordedFromManyThreadsAreEachCountedOnce() throws InterruptedException {
		LlmBudgets budgets = budgets(budget("daily", null, "100", "day", BudgetAction.BLOCK, null),
				budget("runaway", null, "100", "10m", BudgetAction.BLOCK, null));
		int threads = 8;
		int callsPerThread = 1000;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				done.add(executor.submit(() -> {
					start.await();
					for (int call = 0; call < callsPerThread; call++) {
						budgets.record(call("any", "0.001"));
						budgets.check("any", "m");
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				assertThat(future).succeedsWithin(Duration.ofMinutes(1));
			}
		}
		finally {
			executor.shutdownNow();
		}
		// 8 x 1000 x 0.001
		assertThat(budgets.states()).extracting(BudgetState::spent)
			.allSatisfy((spent) -> assertThat(spent).isEqualByComparingTo("8"));
	}

	@Test
	void rollingWindowsKeepAtMostSixtyOneBuckets() {
		assertThat(new RollingSpend(Duration.ofMinutes(10), 1).bucketWidth()).isEqualTo(Duration.ofMinutes(1));
		assertThat(new RollingSpend(Duration.ofHours(1), 1).bucketWidth()).isEqualTo(Duration.ofMinutes(1));
		assertThat(new RollingSpend(Duration.ofMinutes(61), 1).bucketWidth()).isEqualTo(Duration.ofMinutes(2));
		assertThat(new RollingSpend(Duration.ofHours(24), 1).bucketWidth()).isEqualTo(Duration.ofMinutes(24));
		assertThat(new RollingSpend(Duration.ofSeconds(90), 1).bucketWidth()).isEqualTo(Duration.ofMinutes(1));
	}

	private LlmBudgets budgets(BudgetDefinition... definitions) {
		return new LlmBudgets(List.of(definitions), this.clock, PARIS, ReportingCurrency.USD);
	}

	private RecordedCall call(String feature, String cost) {
		return new RecordedCall(this.clock.instant(), Attribution.of(feature), "openai", "chat", "gpt-4o", "gpt-4o",
				TokenUsage.EMPTY, new BigDecimal(cost), true, false);
	}

	private static BudgetDefinition budget(String name, @Nullable String feature, String limit, String period,
			BudgetAction action, @Nullable String downgradeTo) {
		return new BudgetDefinition(name, feature, new BigDecimal(limit), BudgetPeriod.parse(period), List.of(50, 80),
				action, downgradeTo);
	}

}
