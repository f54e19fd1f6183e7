package dev.llmcost.ledger.jdbc;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.autoconfigure.LlmCostBudgetAutoConfiguration;
import dev.llmcost.autoconfigure.LlmCostLedgerAutoConfiguration;
import dev.llmcost.budget.BudgetState;
import dev.llmcost.budget.LlmBudgetEvent;
import dev.llmcost.budget.LlmBudgetExceededException;
import dev.llmcost.budget.LlmBudgets;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.test.RealPostgres;
import dev.llmcost.usage.TokenUsage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Budgets of applications that share a JDBC ledger on a real PostgreSQL server
 * ({@link RealPostgres}): a calendar budget counts the fleet's calls, each once, and a
 * restart does not reset it, and each of its events is published by one instance. Skipped
 * with a message saying what to install when no server answers, except in CI, where that
 * fails.
 * <p>
 * Calls are counted as the starter's two {@code llm.call} handlers count them: into the
 * ledger and into the budgets.
 */
class PostgresFleetBudgetTests {

	private static final BigDecimal LIMIT = new BigDecimal("1.00");

	private TestDatabase database;

	private ApplicationContextRunner application;

	@BeforeEach
	void createTables() {
		this.database = TestDatabase.postgres();
		this.application = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					LlmCostLedgerAutoConfiguration.class, LlmCostBudgetAutoConfiguration.class))
			.withPropertyValues(RealPostgres.springProperties()
				.entrySet()
				.stream()
				.map((property) -> property.getKey() + "=" + property.getValue())
				.toArray(String[]::new))
			.withPropertyValues("llm.cost.ledger.store=jdbc", "llm.cost.ledger.zone=UTC",
					"llm.cost.ledger.jdbc.table-prefix=" + this.database.tablePrefix(),
					"llm.cost.ledger.jdbc.flush-interval=100ms", "llm.cost.budgets.chat-daily.feature=chat",
					"llm.cost.budgets.chat-daily.limit=" + LIMIT, "llm.cost.budgets.chat-daily.period=day",
					"llm.cost.budgets.chat-daily.action=block");
	}

	@AfterEach
	void dropTables() {
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void blockBudgetSpentByOneInstanceShouldBlockTheOtherOnceBothHaveFlushed() {
		this.application.withPropertyValues("llm.cost.ledger.jdbc.instance-id=a").run((a) -> {
			this.application.withPropertyValues("llm.cost.ledger.jdbc.instance-id=b").run((b) -> {
				LlmBudgets first = a.getBean(LlmBudgets.class);
				LlmBudgets second = b.getBean(LlmBudgets.class);
				record(b, "chat", "0.30");
				record(a, "chat", "0.60");
				record(a, "search", "5.00");
				record(a, "chat", "0.40");
				assertThatExceptionOfType(LlmBudgetExceededException.class)
					.as("the instance that spent the limit, at once")
					.isThrownBy(() -> first.check("chat", "gpt-4o"));

				// Within two flush intervals: a's flush, then b's.
				Awaitility.await()
					.atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThatExceptionOfType(LlmBudgetExceededException.class)
						.isThrownBy(() -> second.check("chat", "gpt-4o")));
				assertThat(second.check("search", "gpt-4o")).as("another feature").isEqualTo("gpt-4o");

				// Once both have flushed again, each counts every call once.
				Awaitility.await()
					.atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(new LlmBudgets[] { first, second })
						.allSatisfy((budgets) -> assertThat(chatDaily(budgets).spent()).as("the fleet's spend")
							.isEqualByComparingTo("1.30")));
				assertThat(this.database.sums().cost()).isEqualByComparingTo("6.30");
			});
		});
	}

	@Test
	void restartedInstanceShouldStartItsDailyBudgetFromTheFleetsSpendOfTheDay() {
		this.application.withPropertyValues("llm.cost.ledger.jdbc.instance-id=a").run((a) -> {
			record(a, "chat", "0.70");
			record(a, "chat", "0.05");
		});
		assertThat(this.database.sums().cost()).as("written when it stopped").isEqualByComparingTo("0.75");

		this.application.withPropertyValues("llm.cost.ledger.jdbc.instance-id=a").run((restarted) -> {
			LlmBudgets budgets = restarted.getBean(LlmBudgets.class);
			assertThat(chatDaily(budgets).spent()).as("at once, before any flush").isEqualByComparingTo("0.75");
			assertThat(budgets.check("chat", "gpt-4o")).isEqualTo("gpt-4o");
			record(restarted, "chat", "0.25");
			assertThatExceptionOfType(LlmBudgetExceededException.class)
				.isThrownBy(() -> budgets.check("chat", "gpt-4o"))
				.satisfies((ex) -> assertThat(ex.getSpent()).isEqualByComparingTo("1.00"));
		});
	}

	@Test
	void eachEventOfTheFleetsBudgetShouldBePublishedOnceAcrossTheInstancesOnTheLedgersThread() {
		List<Received> received = new CopyOnWriteArrayList<>();
		this.application.withPropertyValues("llm.cost.ledger.jdbc.instance-id=a")
			.withBean(BudgetEventCollector.class, () -> new BudgetEventCollector("a", received))
			.run((a) -> {
				this.application.withPropertyValues("llm.cost.ledger.jdbc.instance-id=b")
					.withBean(BudgetEventCollector.class, () -> new BudgetEventCollector("b", received))
					.run((b) -> {
						// 0.60 of 1.00 in the fleet, 0.30 in each: 50 % is seen by the
						// refreshes of both.
						record(a, "chat", "0.30");
						record(b, "chat", "0.30");
						awaitFleetSpend(a, b, "0.60");
						// 0.85: a crosses 80 % itself, b sees it at a refresh.
						record(a, "chat", "0.25");
						awaitFleetSpend(a, b, "0.85");
						// 1.05: b exhausts it itself, a sees it at a refresh.
						record(b, "chat", "0.20");
						awaitFleetSpend(a, b, "1.05");
						Awaitility.await()
							.atMost(Duration.ofSeconds(30))
							.untilAsserted(() -> assertThat(received).hasSizeGreaterThanOrEqualTo(3));
					});
			});

		// Both stopped, with their last flushes: nothing more can come.
		assertThat(received).extracting((event) -> event.event().getType(), (event) -> event.event().getThreshold())
			.as("once each, across both instances")
			.containsExactlyInAnyOrder(tuple(LlmBudgetEvent.Type.THRESHOLD_CROSSED, 50),
					tuple(LlmBudgetEvent.Type.THRESHOLD_CROSSED, 80), tuple(LlmBudgetEvent.Type.EXHAUSTED, null));
		assertThat(this.database.count("budget_events")).as("claimed").isEqualTo(3);
		assertThat(received).extracting(Received::thread)
			.as("never on the thread that recorded the call")
			.allSatisfy((thread) -> assertThat(thread).startsWith("llm-cost-ledger-"));
	}

	private void awaitFleetSpend(ApplicationContext a, ApplicationContext b, String spent) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(List.of(a, b))
				.allSatisfy((context) -> assertThat(chatDaily(context.getBean(LlmBudgets.class)).spent())
					.isEqualByComparingTo(spent)));
	}

	/**
	 * Count a call as the starter's {@code llm.call} handlers do: into the ledger, then
	 * into the budgets.
	 */
	private static void record(ApplicationContext application, String feature, String cost) {
		RecordedCall call = new RecordedCall(Instant.now(), Attribution.of(feature), "openai", "chat", "gpt-4o",
				"gpt-4o", TokenUsage.EMPTY, new BigDecimal(cost), true, false);
		application.getBean(CostLedger.class).record(call);
		application.getBean(LlmBudgets.class).record(call);
	}

	private static BudgetState chatDaily(LlmBudgets budgets) {
		return budgets.states().get(0);
	}

	record Received(String instance, String thread, LlmBudgetEvent event) {

	}

	/**
	 * An application's listener of budget events.
	 */
	static class BudgetEventCollector {

		private final String instance;

		private final List<Received> received;

		BudgetEventCollector(String instance, List<Received> received) {
			this.instance = instance;
			this.received = received;
		}

		@EventListener
		void onBudgetEvent(LlmBudgetEvent event) {
			this.received.add(new Received(this.instance, Thread.currentThread().getName(), event));
		}

	}

}
