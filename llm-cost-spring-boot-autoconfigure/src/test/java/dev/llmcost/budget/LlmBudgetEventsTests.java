package dev.llmcost.budget;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.llmcost.budget.LlmBudgetEvent.Type;
import dev.llmcost.test.MutableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for the {@link LlmBudgetEvent events} of {@link LlmBudgets}. Every figure is
 * worked out by hand in the test.
 *
 * @author llm-cost contributors
 */
class LlmBudgetEventsTests {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	// 20:00 in Paris (CEST, UTC+2): the Paris day runs from 22:00 UTC to 22:00 UTC.
	private final MutableClock clock = MutableClock.at("2026-10-14T18:00:00Z");

	private final List<LlmBudgetEvent> events = new ArrayList<>();

	@Test
	void eachThresholdAndTheLimitArePublishedOnceOverManyCalls() {
		LlmBudgets budgets = budgets(this.events::add, budget("daily", null, "1.00", "day"));
		// 20 calls of 0.07: 0.49 after 7, 0.56 after 8 (50%), 0.77 after 11, 0.84 after
		// 12
		// (80%), 0.98 after 14, 1.05 after 15 (the limit), 1.40 after 20.
		for (int call = 1; call <= 20; call++) {
			budgets.record(this.clock.instant(), "any", new BigDecimal("0.07"));
			budgets.states();
			this.clock.set(this.clock.instant().plusSeconds(60));
		}
		assertThat(this.events).extracting(LlmBudgetEvent::getType, LlmBudgetEvent::getThreshold)
			.containsExactly(tuple(Type.THRESHOLD_CROSSED, 50), tuple(Type.THRESHOLD_CROSSED, 80),
					tuple(Type.EXHAUSTED, null));
		assertThat(this.events).extracting(LlmBudgetEvent::getSpent)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("0.56"), new BigDecimal("0.84"), new BigDecimal("1.05"));
		assertThat(this.events).allSatisfy((event) -> {
			assertThat(event.getBudget().name()).isEqualTo("daily");
			assertThat(event.getLimit()).isEqualByComparingTo("1.00");
			assertThat(event.getCurrency()).isEqualTo("USD");
			assertThat(event.getPeriodStart()).isEqualTo(Instant.parse("2026-10-13T22:00:00Z"));
			assertThat(event.getResetsAt()).isEqualTo(Instant.parse("2026-10-14T22:00:00Z"));
			assertThat(event.getSource()).isSameAs(budgets);
		});
	}

	@Test
	void callThatJumpsPastSeveralThresholdsPublishesEachInOrder() {
		LlmBudgets budgets = budgets(this.events::add, budget("daily", null, "1.00", "day"));
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.90"));
		assertThat(this.events).extracting(LlmBudgetEvent::getType, LlmBudgetEvent::getThreshold)
			.containsExactly(tuple(Type.THRESHOLD_CROSSED, 50), tuple(Type.THRESHOLD_CROSSED, 80));
	}

	@Test
	void newDayInTheLedgersZoneIsPublishedOnceAsAResetAndThresholdsArmAgain() {
		LlmBudgets budgets = budgets(this.events::add, budget("daily", null, "1.00", "day"));
		budgets.record(this.clock.instant(), "any", new BigDecimal("1.00"));
		this.events.clear();
		this.clock.set("2026-10-14T21:59:59.999Z");
		budgets.states();
		assertThat(this.events).isEmpty();
		// Midnight in Paris: seen at the first read.
		this.clock.set("2026-10-14T22:00:00Z");
		budgets.states();
		budgets.states();
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.getType()).isEqualTo(Type.RESET);
			assertThat(event.getSpent()).isEqualByComparingTo("0");
			assertThat(event.getPeriodStart()).isEqualTo(Instant.parse("2026-10-14T22:00:00Z"));
			assertThat(event.getResetsAt()).isEqualTo(Instant.parse("2026-10-15T22:00:00Z"));
		});
		this.events.clear();
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.50"));
		assertThat(this.events).extracting(LlmBudgetEvent::getType, LlmBudgetEvent::getThreshold)
			.containsExactly(tuple(Type.THRESHOLD_CROSSED, 50));
	}

	@Test
	void newPeriodSeenByACallPublishesTheResetBeforeTheCallsThresholds() {
		LlmBudgets budgets = budgets(this.events::add, budget("daily", null, "1.00", "day"));
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.60"));
		this.events.clear();
		this.clock.set("2026-10-15T08:00:00Z");
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.60"));
		assertThat(this.events).extracting(LlmBudgetEvent::getType, LlmBudgetEvent::getThreshold)
			.containsExactly(tuple(Type.RESET, null), tuple(Type.THRESHOLD_CROSSED, 50));
		assertThat(this.events.get(0).getSpent()).isEqualByComparingTo("0");
		assertThat(this.events.get(1).getSpent()).isEqualByComparingTo("0.60");
		assertThat(this.events).extracting(LlmBudgetEvent::getPeriodStart)
			.containsOnly(Instant.parse("2026-10-14T22:00:00Z"));
	}

	@Test
	void newPeriodAfterOneWithoutAnyThresholdPublishesNothing() {
		LlmBudgets budgets = budgets(this.events::add, budget("daily", null, "1.00", "day"));
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.40"));
		this.clock.set("2026-10-15T08:00:00Z");
		budgets.states();
		assertThat(this.events).isEmpty();
	}

	@Test
	void rollingWindowArmsAThresholdAgainOnceItsSpendFellBelowIt() {
		LlmBudgets budgets = budgets(this.events::add, budget("runaway", null, "1.00", "10m"));
		this.clock.set("2026-10-14T12:00:30Z");
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.60"));
		this.clock.set("2026-10-14T12:05:00Z");
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.25"));
		assertThat(this.events).extracting(LlmBudgetEvent::getType, LlmBudgetEvent::getThreshold)
			.containsExactly(tuple(Type.THRESHOLD_CROSSED, 50), tuple(Type.THRESHOLD_CROSSED, 80));
		this.events.clear();
		// 12:11: the 0.60 of the 12:00 minute has left, 0.25 is left: below 80% and 50%.
		this.clock.set("2026-10-14T12:11:00Z");
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.30"));
		assertThat(this.events).extracting(LlmBudgetEvent::getType, LlmBudgetEvent::getThreshold)
			.containsExactly(tuple(Type.RESET, null), tuple(Type.THRESHOLD_CROSSED, 50));
		assertThat(this.events).extracting(LlmBudgetEvent::getSpent)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("0.25"), new BigDecimal("0.55"));
		// The window of 12:11 started at 12:01.
		assertThat(this.events.get(1).getPeriodStart()).isEqualTo(Instant.parse("2026-10-14T12:01:00Z"));
		this.events.clear();
		// 0.85, then exhausted at 1.05 until the 0.25 of 12:05 leaves at 12:16 (0.80 is
		// below the limit).
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.30"));
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.20"));
		assertThat(this.events).extracting(LlmBudgetEvent::getType, LlmBudgetEvent::getThreshold)
			.containsExactly(tuple(Type.THRESHOLD_CROSSED, 80), tuple(Type.EXHAUSTED, null));
		assertThat(this.events.get(1).getResetsAt()).isEqualTo(Instant.parse("2026-10-14T12:16:00Z"));
		this.events.clear();
		// 12:16: 0.80 left, below the limit but at 80%: the limit is armed again,
		// silently.
		this.clock.set("2026-10-14T12:16:00Z");
		budgets.states();
		assertThat(this.events).isEmpty();
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.20"));
		assertThat(this.events).extracting(LlmBudgetEvent::getType).containsExactly(Type.EXHAUSTED);
	}

	@Test
	void callsRecordedFromManyThreadsPublishEachEventOnce() throws InterruptedException {
		List<LlmBudgetEvent> seen = new CopyOnWriteArrayList<>();
		LlmBudgets budgets = budgets(seen::add, budget("daily", null, "4", "day"), budget("runaway", null, "4", "1h"));
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				done.add(executor.submit(() -> {
					start.await();
					for (int call = 0; call < 1000; call++) {
						budgets.record(this.clock.instant(), "any", new BigDecimal("0.001"));
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
		// 8 x 1000 x 0.001 = 8, twice the limit of 4: 50% at 2, 80% at 3.2, the limit at
		// 4, once each per budget, each at exactly the call that reached it. Threads
		// publish outside the lock: the order across threads is not fixed.
		for (String name : List.of("daily", "runaway")) {
			assertThat(seen).filteredOn((event) -> event.getBudget().name().equals(name))
				.extracting(LlmBudgetEvent::getType, LlmBudgetEvent::getThreshold,
						(event) -> event.getSpent().toPlainString())
				.containsExactlyInAnyOrder(tuple(Type.THRESHOLD_CROSSED, 50, "2"),
						tuple(Type.THRESHOLD_CROSSED, 80, "3.2"), tuple(Type.EXHAUSTED, null, "4"));
		}
	}

	@Test
	void listenerThatThrowsDoesNotStopTheCallFromBeingCountedByEveryBudget() {
		List<LlmBudgetEvent> seen = new ArrayList<>();
		LlmBudgets budgets = budgets((event) -> {
			seen.add(event);
			throw new IllegalStateException("listener failed");
		}, budget("first", null, "1.00", "day"), budget("second", null, "1.00", "day"));
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.60"));
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.30"));
		assertThat(budgets.states()).extracting(BudgetState::spent)
			.usingElementComparator((a, b) -> ((BigDecimal) a).compareTo((BigDecimal) b))
			.containsExactly(new BigDecimal("0.90"), new BigDecimal("0.90"));
		assertThat(seen).extracting((event) -> event.getBudget().name() + "@" + event.getThreshold())
			.containsExactly("first@50", "second@50", "first@80", "second@80");
	}

	@Test
	void thresholdIsReachedAtExactlyItsPercentageOfTheLimit() {
		// 3 billionths: 50% is 1.5, reached at 2; 80% is 2.4, reached at 3 with the
		// limit.
		assertThat(BudgetSpend.percentOf(3, 50)).isEqualTo(2);
		assertThat(BudgetSpend.percentOf(3, 80)).isEqualTo(3);
		// 10^18 billionths, the largest limit: 99% without overflow.
		assertThat(BudgetSpend.percentOf(1_000_000_000_000_000_000L, 99)).isEqualTo(990_000_000_000_000_000L);
		LlmBudgets budgets = budgets(this.events::add, budget("daily", null, "1.00", "day"));
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.499999999"));
		assertThat(this.events).isEmpty();
		budgets.record(this.clock.instant(), "any", new BigDecimal("0.000000001"));
		assertThat(this.events).extracting(LlmBudgetEvent::getThreshold).containsExactly(50);
	}

	private LlmBudgets budgets(Consumer<LlmBudgetEvent> events, BudgetDefinition... definitions) {
		return new LlmBudgets(List.of(definitions), this.clock, PARIS, dev.llmcost.pricing.ReportingCurrency.USD,
				events);
	}

	private static BudgetDefinition budget(String name, @Nullable String feature, String limit, String period) {
		return new BudgetDefinition(name, feature, new BigDecimal(limit), BudgetPeriod.parse(period), List.of(50, 80),
				BudgetAction.BLOCK, null);
	}

}
