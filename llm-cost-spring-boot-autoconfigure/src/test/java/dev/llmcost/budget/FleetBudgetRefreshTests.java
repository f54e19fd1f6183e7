package dev.llmcost.budget;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.LedgerScope;
import dev.llmcost.ledger.LedgerCosts;
import dev.llmcost.ledger.LedgerRow;
import dev.llmcost.ledger.LedgerUnavailableException;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.test.MutableClock;
import dev.llmcost.usage.TokenUsage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FleetBudgetRefresh} and {@link LlmBudgets#seed}: calendar budgets
 * follow the fleet's spend as the ledger's store holds it, each call counted once. The
 * ledger's store is played by the test: what it returns is what a fleet would have
 * written, worked out by hand.
 *
 * @author llm-cost contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class FleetBudgetRefreshTests {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	// 12:00 in Paris (CEST, UTC+2): the Paris day is 2026-10-13T22:00Z to
	// 2026-10-14T22:00Z.
	private final MutableClock clock = MutableClock.at("2026-10-14T10:00:00Z");

	@Test
	void afterAFlushTheSpendShouldBeTheStoresTotalAndTheCallsSinceTheDrainEachCountedOnce() {
		LlmBudgets budgets = budgets(budget("chat-daily", "chat", "10", "day", BudgetAction.WARN));
		FleetBudgetRefresh refresh = new FleetBudgetRefresh(budgets);
		budgets.record(call("chat", "1.00"));
		refresh.draining();
		// Recorded while the flush writes: not in what it writes.
		budgets.record(call("chat", "0.25"));
		// The store: this instance's 1.00, written by the flush, and 3.00 from others.
		refresh.flushed(stored(Map.of("chat", "4.00", "search", "7.00")));
		assertThat(spent(budgets)).isEqualByComparingTo("4.25");

		refresh.draining();
		budgets.record(call("chat", "0.10"));
		// The store: 4.00, this instance's 0.25, and 0.50 more from others.
		refresh.flushed(stored(Map.of("chat", "4.75")));
		assertThat(spent(budgets)).isEqualByComparingTo("4.85");
	}

	@Test
	void callsDrainedByFailedFlushesShouldCountUntilAFlushWritesThem() {
		LlmBudgets budgets = budgets(budget("chat-daily", "chat", "10", "day", BudgetAction.WARN));
		FleetBudgetRefresh refresh = new FleetBudgetRefresh(budgets);
		refresh.flushed(stored(Map.of("chat", "2.00")));
		budgets.record(call("chat", "1.00"));
		refresh.draining();
		// The write fails: no refresh. The next flush writes that batch and a new one.
		budgets.record(call("chat", "2.00"));
		assertThat(spent(budgets)).isEqualByComparingTo("5.00");
		refresh.draining();
		budgets.record(call("chat", "0.50"));
		assertThat(spent(budgets)).as("the fleet's 2.00 last read, and every call of this instance since")
			.isEqualByComparingTo("5.50");
		// The store: 2.00, both batches (3.00), and 1.00 from others.
		refresh.flushed(stored(Map.of("chat", "6.00")));
		assertThat(spent(budgets)).isEqualByComparingTo("6.50");
	}

	@Test
	void applicationBudgetShouldCountEveryFeatureOfTheStore() {
		LlmBudgets budgets = budgets(budget("all", null, "100", "day", BudgetAction.WARN));
		FleetBudgetRefresh refresh = new FleetBudgetRefresh(budgets);
		refresh.draining();
		budgets.record(call("search", "0.20"));
		refresh.flushed(stored(Map.of("chat", "4.00", "search", "7.00", "other", "0.30")));
		assertThat(spent(budgets)).isEqualByComparingTo("11.50");
	}

	@Test
	void fleetSpendReachingTheLimitShouldBlockWithoutALocalCall() {
		LlmBudgets budgets = budgets(budget("chat-daily", "chat", "5", "day", BudgetAction.BLOCK));
		FleetBudgetRefresh refresh = new FleetBudgetRefresh(budgets);
		refresh.draining();
		refresh.flushed(stored(Map.of("chat", "4.99")));
		assertThat(budgets.check("chat", "gpt-4o")).isEqualTo("gpt-4o");

		refresh.draining();
		refresh.flushed(stored(Map.of("chat", "5.00")));
		assertThatExceptionOfType(LlmBudgetExceededException.class).isThrownBy(() -> budgets.check("chat", "gpt-4o"))
			.satisfies((ex) -> {
				assertThat(ex.getSpent()).isEqualByComparingTo("5.00");
				assertThat(ex.getResetsAt()).isEqualTo(Instant.parse("2026-10-14T22:00:00Z"));
			});
		assertThat(budgets.check("search", "gpt-4o")).as("another feature").isEqualTo("gpt-4o");
	}

	@Test
	void storeTotalsShouldBeConvertedToTheReportingCurrency() {
		ReportingCurrency eur = new ReportingCurrency(Currency.getInstance("EUR"), new BigDecimal("0.9"));
		LlmBudgets budgets = new LlmBudgets(List.of(budget("chat-daily", "chat", "10", "day", BudgetAction.WARN)),
				this.clock, PARIS, eur);
		FleetBudgetRefresh refresh = new FleetBudgetRefresh(budgets);
		refresh.draining();
		// USD 2.00 in the store, USD 1.00 since the drain: 0.9 x 3.00 EUR.
		budgets.record(call("chat", "1.00"));
		refresh.flushed(stored(Map.of("chat", "2.00")));
		assertThat(spent(budgets)).isEqualByComparingTo("2.70");
	}

	@Test
	void storeThatCannotBeReadShouldLeaveTheSpendAsCountedLocallyAndWarnOnce(CapturedOutput output) {
		LlmBudgets budgets = budgets(budget("chat-daily", "chat", "10", "day", BudgetAction.BLOCK));
		FleetBudgetRefresh refresh = new FleetBudgetRefresh(budgets);
		refresh.flushed(stored(Map.of("chat", "3.00")));
		budgets.record(call("chat", "1.00"));
		LedgerCosts down = (from, to) -> {
			throw new LedgerUnavailableException("The ledger's table cannot be read now (CannotGetJdbcConnection)",
					new IllegalStateException("password=secret"));
		};
		for (int i = 0; i < 3; i++) {
			refresh.draining();
			refresh.flushed(down);
		}
		assertThat(spent(budgets)).isEqualByComparingTo("4.00");
		assertThat(budgets.check("chat", "gpt-4o")).isEqualTo("gpt-4o");
		assertThat(output)
			.containsOnlyOnce("Could not read the fleet's spend for the LLM cost budgets "
					+ "(The ledger's table cannot be read now (CannotGetJdbcConnection))")
			.doesNotContain("secret");

		refresh.flushed(stored(Map.of("chat", "5.00")));
		assertThat(spent(budgets)).isEqualByComparingTo("5.00");
		assertThat(output).contains("The LLM cost budgets follow the fleet's spend again");
	}

	@Test
	void refreshShouldReadEachPeriodOnceWhateverTheNumberOfBudgets() {
		LlmBudgets budgets = budgets(budget("chat-daily", "chat", "10", "day", BudgetAction.WARN),
				budget("search-daily", "search", "10", "day", BudgetAction.WARN),
				budget("all-monthly", null, "100", "month", BudgetAction.WARN),
				budget("runaway", null, "1", "10m", BudgetAction.BLOCK));
		List<String> reads = new ArrayList<>();
		new FleetBudgetRefresh(budgets).flushed((from, to) -> {
			reads.add(from + "/" + to);
			return Map.of("chat", new BigDecimal("1.00"), "search", new BigDecimal("2.00"));
		});
		assertThat(reads).containsExactlyInAnyOrder("2026-10-13T22:00:00Z/2026-10-14T22:00:00Z",
				"2026-09-30T22:00:00Z/2026-10-31T23:00:00Z");
		assertThat(budgets.states()).extracting(BudgetState::spent)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("1.00"), new BigDecimal("2.00"), new BigDecimal("3.00"), BigDecimal.ZERO);
	}

	@Test
	void rollingWindowShouldCountThisInstancesCallsOnly() {
		LlmBudgets budgets = budgets(budget("runaway", "chat", "1", "10m", BudgetAction.BLOCK));
		FleetBudgetRefresh refresh = new FleetBudgetRefresh(budgets);
		budgets.record(call("chat", "0.40"));
		refresh.draining();
		refresh.flushed(stored(Map.of("chat", "50.00")));
		assertThat(spent(budgets)).isEqualByComparingTo("0.40");
		assertThat(budgets.check("chat", "gpt-4o")).isEqualTo("gpt-4o");
	}

	@Test
	void totalOfAPeriodThatEndedWhileItWasReadShouldNotBeSet() {
		LlmBudgets budgets = budgets(budget("chat-daily", "chat", "10", "day", BudgetAction.BLOCK));
		FleetBudgetRefresh refresh = new FleetBudgetRefresh(budgets);
		this.clock.set("2026-10-14T21:59:59Z");
		refresh.flushed((from, to) -> {
			this.clock.set("2026-10-14T22:00:01Z");
			return Map.of("chat", new BigDecimal("10.00"));
		});
		assertThat(spent(budgets)).as("a new day").isEqualByComparingTo("0");
		assertThat(budgets.check("chat", "gpt-4o")).isEqualTo("gpt-4o");
	}

	@Test
	void seedShouldStartCalendarBudgetsFromWhatTheLedgerHoldsForTheirPeriod() {
		InMemoryCostLedger ledger = new InMemoryCostLedger(this.clock, PARIS, Duration.ofDays(35));
		ledger.record(call("chat", "0.70"));
		ledger.record(call("search", "0.20"));
		// Yesterday in Paris: not in today's spend, but in the month's.
		ledger.record(new RecordedCall(Instant.parse("2026-10-13T21:30:00Z"), Attribution.of("chat"), "openai", "chat",
				"gpt-4o", "gpt-4o", TokenUsage.EMPTY, new BigDecimal("5.00"), true, false));
		LlmBudgets budgets = budgets(budget("chat-daily", "chat", "10", "day", BudgetAction.WARN),
				budget("all-monthly", null, "100", "month", BudgetAction.WARN),
				budget("runaway", null, "1", "10m", BudgetAction.WARN));
		budgets.seed(ledger);
		assertThat(budgets.states()).extracting(BudgetState::spent)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("0.70"), new BigDecimal("5.90"), BigDecimal.ZERO);
		budgets.record(call("chat", "0.05"));
		assertThat(spent(budgets)).isEqualByComparingTo("0.75");
	}

	@Test
	void seedFromALedgerThatCannotBeReadShouldStartFromZeroWithOneWarning(CapturedOutput output) {
		CostLedger ledger = new InMemoryCostLedger(this.clock, PARIS, Duration.ofDays(35)) {

			@Override
			public List<LedgerRow> rows(Instant from, Instant to) {
				throw new LedgerUnavailableException("The ledger's table cannot be read now (SQLException)",
						new IllegalStateException("jdbc:postgresql://db?password=secret"));
			}

		};
		LlmBudgets budgets = budgets(budget("chat-daily", "chat", "10", "day", BudgetAction.BLOCK));
		budgets.seed(ledger);
		assertThat(spent(budgets)).isEqualByComparingTo("0");
		assertThat(budgets.check("chat", "gpt-4o")).isEqualTo("gpt-4o");
		assertThat(output).containsOnlyOnce(
				"LLM cost budgets start from zero: the ledger could not be read (The ledger's table cannot be read now "
						+ "(SQLException))")
			.doesNotContain("secret");
	}

	@Test
	void thresholdsTheFleetCrossedShouldBePublishedOnceByTheRefresh() {
		List<LlmBudgetEvent> events = new ArrayList<>();
		LlmBudgets budgets = new LlmBudgets(List.of(budget("chat-daily", "chat", "10", "day", BudgetAction.BLOCK)),
				this.clock, PARIS, ReportingCurrency.USD, events::add);
		FleetBudgetRefresh refresh = new FleetBudgetRefresh(budgets);

		// Other instances spent 6.00 of 10: past 50 %, not 80 %.
		refresh.flushed(stored(Map.of("chat", "6.00")));
		refresh.flushed(stored(Map.of("chat", "6.50")));
		// Then 10.00: 80 % and the limit.
		refresh.flushed(stored(Map.of("chat", "10.00")));

		assertThat(events).extracting(LlmBudgetEvent::getType, LlmBudgetEvent::getThreshold)
			.containsExactly(tuple(LlmBudgetEvent.Type.THRESHOLD_CROSSED, 50),
					tuple(LlmBudgetEvent.Type.THRESHOLD_CROSSED, 80), tuple(LlmBudgetEvent.Type.EXHAUSTED, null));
		assertThat(events.get(0).getSpent()).isEqualByComparingTo("6.00");
	}

	@Test
	void seedShouldPublishNothingButArmTheThresholdsItFound() {
		List<LlmBudgetEvent> events = new ArrayList<>();
		InMemoryCostLedger ledger = new InMemoryCostLedger(this.clock, PARIS, Duration.ofDays(35));
		ledger.record(call("chat", "6.00"));
		LlmBudgets budgets = new LlmBudgets(List.of(budget("chat-daily", "chat", "10", "day", BudgetAction.WARN)),
				this.clock, PARIS, ReportingCurrency.USD, events::add);

		budgets.seed(ledger);
		assertThat(events).isEmpty();

		// 6.00 + 2.50 = 8.50: only 80 % is new after the restart.
		budgets.record(call("chat", "2.50"));
		assertThat(events).extracting(LlmBudgetEvent::getThreshold).containsExactly(80);
	}

	@Test
	void calendarBudgetsSeededFromAFleetLedgerCountTheFleetsCallsSinceItHoldsThem() {
		Instant holdsFrom = Instant.parse("2026-09-01T00:00:00Z");
		CostLedger ledger = new InMemoryCostLedger(this.clock, PARIS, Duration.ofDays(35)) {

			@Override
			public LedgerScope scope() {
				return LedgerScope.FLEET;
			}

			@Override
			public Instant holdsFrom() {
				return holdsFrom;
			}

		};
		BudgetDefinition daily = budget("chat-daily", "chat", "10", "day", BudgetAction.WARN);
		BudgetDefinition runaway = budget("runaway", null, "1", "10m", BudgetAction.WARN);
		LlmBudgets budgets = budgets(daily, runaway);
		assertThat(budgets.scope(daily)).isEqualTo(LedgerScope.INSTANCE);
		assertThat(budgets.countingSince(daily)).isEqualTo(this.clock.instant());

		budgets.seed(ledger);

		assertThat(budgets.scope(daily)).isEqualTo(LedgerScope.FLEET);
		assertThat(budgets.countingSince(daily)).isEqualTo(holdsFrom);
		assertThat(budgets.scope(runaway)).isEqualTo(LedgerScope.INSTANCE);
		assertThat(budgets.countingSince(runaway)).isEqualTo(this.clock.instant());
	}

	private static BigDecimal spent(LlmBudgets budgets) {
		return budgets.states().get(0).spent();
	}

	private static LedgerCosts stored(Map<String, String> costs) {
		return (from, to) -> {
			Map<String, BigDecimal> byFeature = new HashMap<>();
			costs.forEach((feature, cost) -> byFeature.put(feature, new BigDecimal(cost)));
			return byFeature;
		};
	}

	private LlmBudgets budgets(BudgetDefinition... definitions) {
		return new LlmBudgets(List.of(definitions), this.clock, PARIS, ReportingCurrency.USD);
	}

	private RecordedCall call(String feature, String cost) {
		return new RecordedCall(this.clock.instant(), Attribution.of(feature), "openai", "chat", "gpt-4o", "gpt-4o",
				TokenUsage.EMPTY, new BigDecimal(cost), true, false);
	}

	private static BudgetDefinition budget(String name, @Nullable String feature, String limit, String period,
			BudgetAction action) {
		return new BudgetDefinition(name, feature, new BigDecimal(limit), BudgetPeriod.parse(period), List.of(50, 80),
				action, null);
	}

}
