package dev.llmcost.actuate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import dev.llmcost.budget.BudgetAction;
import dev.llmcost.budget.BudgetDefinition;
import dev.llmcost.budget.BudgetPeriod;
import dev.llmcost.budget.LlmBudgets;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.LedgerRow;
import dev.llmcost.ledger.LedgerScope;
import dev.llmcost.ledger.LedgerSnapshot;
import dev.llmcost.ledger.LedgerStatus;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.ledger.UnpricedModels;
import dev.llmcost.pricing.PriceCatalogStatus.SourceState;
import dev.llmcost.pricing.PriceCatalogStatus.SourceStatus;
import dev.llmcost.pricing.ReportingCurrency;
import dev.llmcost.test.MutableClock;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static dev.llmcost.actuate.TestCostReports.ENDED;
import static dev.llmcost.actuate.TestCostReports.pricedCall;
import static dev.llmcost.actuate.TestCostReports.unpricedCall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests for {@link LlmCostHealthIndicator}. How it shows the states of external
 * catalogs is in {@link SourceStatesReportTests}.
 */
class LlmCostHealthIndicatorTests {

	private final InMemoryCostLedger ledger = new InMemoryCostLedger();

	/**
	 * Unpriced models and a failed catalog leave the status {@code UP}, by design: a
	 * missing price makes a cost report wrong, not the application unable to serve, and a
	 * health check that took instances out of service over it would do harm. The findings
	 * are in the details, and {@code llm.unpriced.calls} is the meter to alert on.
	 */
	@Test
	void statusShouldBeUpEvenWithUnpricedModelsAndFailedCatalogs() {
		this.ledger.record(unpricedCall("chat", "my-finetune"));
		TestCostReports.FixedStatus status = new TestCostReports.FixedStatus(
				List.of(new SourceStatus("https://prices.example.org/litellm.json", "litellm", SourceState.FAILED, 0,
						null, ENDED, "HTTP 503", true)));

		Health health = new LlmCostHealthIndicator(this.ledger, status).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsKeys("unpricedModels", "catalogProblems");
	}

	@Test
	void exhaustedBudgetsShouldBeListedWithTheirFiguresAndLeaveTheStatusUp() {
		MutableClock clock = MutableClock.at("2026-10-14T18:00:00Z");
		LlmBudgets budgets = new LlmBudgets(
				List.of(budget("search-cap", "search", "0.50", "day"), budget("app", null, "10", "month"),
						budget("runaway", null, "0.48", "10m")),
				clock, ZoneId.of("Europe/Paris"), ReportingCurrency.USD);
		budgets.record(clock.instant(), "search", new BigDecimal("0.45"));
		assertThat(new LlmCostHealthIndicator(this.ledger, null, budgets, false).health().getDetails())
			.as("nothing exhausted")
			.doesNotContainKey("exhaustedBudgets");
		budgets.record(clock.instant(), "search", new BigDecimal("0.05"));

		Health health = new LlmCostHealthIndicator(this.ledger, null, budgets, false).health();

		// search-cap: 0.50 of 0.50 until midnight in Paris (22:00Z); runaway: 0.50 of
		// 0.48 in 10 minutes, until the 18:00 minute leaves the window at 18:11; app:
		// 0.50 of 10.
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).extractingByKey("exhaustedBudgets", InstanceOfAssertFactories.LIST)
			.containsExactly(
					Map.of("name", "search-cap", "spent", "0.5", "limit", "0.50", "currency", "USD", "resetsAt",
							"2026-10-14T22:00:00Z"),
					Map.of("name", "runaway", "spent", "0.5", "limit", "0.48", "currency", "USD", "resetsAt",
							"2026-10-14T18:11:00Z"));
		assertThat(new LlmCostHealthIndicator(this.ledger, null, budgets, true).health().getStatus())
			.isEqualTo(Status.DOWN);
	}

	@Test
	void unpricedModelsShouldListModelAndCallsMostCallsFirst() {
		this.ledger.record(unpricedCall("chat", "my-finetune"));
		this.ledger.record(unpricedCall("chat", "zephyr-local"));
		this.ledger.record(unpricedCall("chat", "zephyr-local"));
		this.ledger.record(unpricedCall("search", "zephyr-local"));
		this.ledger.record(pricedCall("chat", "gpt-4o-mini", "0.1"));

		Health health = new LlmCostHealthIndicator(this.ledger, null).health();

		assertThat(health.getDetails().get("unpricedModels")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactly(Map.of("model", "zephyr-local", "calls", 3L), Map.of("model", "my-finetune", "calls", 1L));
	}

	@Test
	void unpricedModelsWhenEveryModelHasAPriceShouldBeEmpty() {
		this.ledger.record(pricedCall("chat", "gpt-4o-mini", "0.1"));

		Health health = new LlmCostHealthIndicator(this.ledger, null).health();

		assertThat(health.getDetails().get("unpricedModels")).asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
	}

	@Test
	void detailsWithoutACatalogStatusShouldHaveNoCatalogs() {
		Health health = new LlmCostHealthIndicator(this.ledger, null).health();

		assertThat(health.getDetails()).containsOnlyKeys("unpricedModelCount", "unpricedModels", "ledger");
	}

	@Test
	void inMemoryLedgerShouldBeShownAsTheMemoryStoreWithNothingPending() {
		Health health = new LlmCostHealthIndicator(this.ledger, null).health();

		assertThat(health.getDetails().get("ledger"))
			.isEqualTo(Map.of("store", "memory", "pendingDeltas", 0L, "droppedCalls", 0L));
	}

	/**
	 * A database that cannot be written leaves the status {@code UP}: restarting the
	 * instance would lose the totals it keeps until the database answers.
	 */
	@Test
	void ledgerThatCannotWriteItsStoreShouldShowItsLastFlushPendingTotalsAndLastErrorAndStayUp() {
		StatusLedger ledger = new StatusLedger(new LedgerStatus("jdbc", Instant.parse("2026-12-01T08:00:05Z"), 12, 3,
				"SQLTransientConnectionException: Connection refused"));

		Health health = new LlmCostHealthIndicator(ledger, null).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails().get("ledger"))
			.isEqualTo(Map.of("store", "jdbc", "lastFlush", "2026-12-01T08:00:05Z", "pendingDeltas", 12L,
					"droppedCalls", 3L, "lastError", "SQLTransientConnectionException: Connection refused"));
	}

	@Test
	void tenThousandUnpricedModelsShouldGiveTheirCountAndTheTenWithMostCalls() {
		for (int i = 0; i < 10_000; i++) {
			String model = "unpriced-model-%05d".formatted(i);
			this.ledger.record(unpricedCall("chat", model));
			if (i >= 9_990) {
				this.ledger.record(unpricedCall("chat", model));
			}
		}

		Health health = new LlmCostHealthIndicator(this.ledger, null).health();

		assertThat(health.getDetails()).containsEntry("unpricedModelCount", 10_000);
		assertThat(health.getDetails().get("unpricedModels")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.hasSize(10)
			.first()
			.isEqualTo(Map.of("model", "unpriced-model-09990", "calls", 2L));
		String json = JsonMapper.builder().build().writeValueAsString(health);
		assertThat(json).as("the health payload").hasSizeLessThan(1_000);
	}

	@Test
	void healthShouldNotTakeASnapshotOfTheLedger() {
		CountingLedger ledger = new CountingLedger();
		ledger.record(unpricedCall("chat", "my-finetune"));

		Health health = new LlmCostHealthIndicator(ledger, null).health();

		assertThat(health.getDetails().get("unpricedModels")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactly(Map.of("model", "my-finetune", "calls", 1L));
		assertThat(ledger.snapshots).as("snapshots taken").isZero();
	}

	/**
	 * An in-memory ledger whose store reports a given status.
	 */
	static class StatusLedger extends CountingLedger {

		private final LedgerStatus status;

		StatusLedger(LedgerStatus status) {
			this.status = status;
		}

		@Override
		public LedgerStatus status() {
			return this.status;
		}

	}

	/**
	 * An in-memory ledger that counts the snapshots taken of it.
	 */
	static class CountingLedger implements CostLedger {

		private final InMemoryCostLedger ledger = new InMemoryCostLedger();

		private int snapshots;

		@Override
		public void record(RecordedCall call) {
			this.ledger.record(call);
		}

		@Override
		public LedgerSnapshot snapshot() {
			this.snapshots++;
			return this.ledger.snapshot();
		}

		@Override
		public UnpricedModels unpriced(int limit) {
			return this.ledger.unpriced(limit);
		}

		@Override
		public List<LedgerRow> rows(Instant from, Instant to) {
			return this.ledger.rows(from, to);
		}

		@Override
		public Instant holdsFrom() {
			return this.ledger.holdsFrom();
		}

		@Override
		public LedgerScope scope() {
			return this.ledger.scope();
		}

	}

	private static BudgetDefinition budget(String name, @Nullable String feature, String limit, String period) {
		return new BudgetDefinition(name, feature, new BigDecimal(limit), BudgetPeriod.parse(period), List.of(50, 80),
				BudgetAction.BLOCK, null);
	}

}
