package dev.llmcost.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.budget.BudgetAction;
import dev.llmcost.budget.BudgetDefinition;
import dev.llmcost.budget.LlmBudgetEvent;
import dev.llmcost.budget.LlmBudgetExceededException;
import dev.llmcost.budget.LlmBudgets;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.ledger.jdbc.JdbcCostLedger;
import dev.llmcost.observation.LlmCallObservationContext;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.observation.LlmCallRecorder.CallResult;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.usage.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link LlmCostBudgetAutoConfiguration}.
 *
 * @author llm-cost contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class LlmCostBudgetAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmCostPricingAutoConfiguration.class,
				LlmCostLedgerAutoConfiguration.class, LlmCostBudgetAutoConfiguration.class));

	@Test
	void budgetsShouldBeBoundWithTheirDefaults() {
		this.contextRunner
			.withPropertyValues("llm.cost.budgets.demo-cap.feature=x", "llm.cost.budgets.demo-cap.limit=0.01",
					"llm.cost.budgets.demo-cap.action=block", "llm.cost.budgets.app.limit=100",
					"llm.cost.budgets.app.period=month", "llm.cost.budgets.runaway.limit=2",
					"llm.cost.budgets.runaway.period=10m", "llm.cost.budgets.runaway.warn-at=25,75",
					"llm.cost.budgets.cheaper.feature=chat", "llm.cost.budgets.cheaper.limit=5",
					"llm.cost.budgets.cheaper.action=downgrade", "llm.cost.budgets.cheaper.downgrade-to=gpt-4o-mini")
			.run((context) -> {
				List<BudgetDefinition> budgets = context.getBean(LlmBudgets.class).definitions();
				assertThat(budgets).extracting(BudgetDefinition::name)
					.containsExactly("demo-cap", "app", "runaway", "cheaper");
				BudgetDefinition demoCap = budgets.get(0);
				assertThat(demoCap.feature()).isEqualTo("x");
				assertThat(demoCap.limit()).isEqualByComparingTo(new BigDecimal("0.01"));
				assertThat(demoCap.period().name()).isEqualTo("day");
				assertThat(demoCap.warnAt()).containsExactly(50, 80);
				assertThat(demoCap.action()).isEqualTo(BudgetAction.BLOCK);
				BudgetDefinition app = budgets.get(1);
				assertThat(app.feature()).isNull();
				assertThat(app.period().name()).isEqualTo("month");
				assertThat(app.action()).isEqualTo(BudgetAction.WARN);
				BudgetDefinition runaway = budgets.get(2);
				assertThat(runaway.period().window()).isEqualTo(Duration.ofMinutes(10));
				assertThat(runaway.warnAt()).containsExactly(25, 75);
				assertThat(budgets.get(3).downgradeTo()).isEqualTo("gpt-4o-mini");
			});
	}

	@Test
	void recordedCallsShouldCountAgainstBudgetsWithoutAnObservationRegistry() {
		recordedCallsShouldCountAgainstBudgets(this.contextRunner);
	}

	@Test
	void recordedCallsShouldCountAgainstBudgetsObservedInTheApplicationRegistry() {
		recordedCallsShouldCountAgainstBudgets(
				this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class)));
	}

	private void recordedCallsShouldCountAgainstBudgets(ApplicationContextRunner runner) {
		runner
			.withConfiguration(AutoConfigurations.of(LlmCostAttributionAutoConfiguration.class,
					LlmCostObservationAutoConfiguration.class))
			.withPropertyValues("llm.cost.budgets.cap.feature=budgeted", "llm.cost.budgets.cap.limit=0.0002",
					"llm.cost.budgets.cap.action=block")
			.run((context) -> {
				LlmCallRecorder recorder = context.getBean(LlmCallRecorder.class);
				Observation call = recorder.start(Attribution.of("budgeted"), LlmProviders.OPENAI,
						LlmCallObservationContext.CHAT, "gpt-4o-mini", null);
				recorder.stop(call, new CallResult("gpt-4o-mini-2024-07-18", "id-1", new TokenUsage(1000, 0, 0, 100, 0),
						null, null));
				LlmBudgets budgets = context.getBean(LlmBudgets.class);
				// 1000 x 0.15 + 100 x 0.60 USD per million
				assertThat(budgets.states().get(0).spent()).isEqualByComparingTo("0.00021");
				assertThatExceptionOfType(LlmBudgetExceededException.class)
					.isThrownBy(() -> budgets.check("budgeted", "gpt-4o-mini"));
			});
	}

	@Test
	void budgetEventsShouldReachListenersAndTheLogAndAFailingListenerShouldOnlyBeCounted(CapturedOutput output) {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(LlmCostAttributionAutoConfiguration.class,
					LlmCostObservationAutoConfiguration.class))
			.withUserConfiguration(BudgetListeners.class)
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("llm.cost.budgets.cap.feature=budgeted", "llm.cost.budgets.cap.limit=0.0004",
					"llm.cost.budgets.cap.action=block")
			.run((context) -> {
				LlmCallRecorder recorder = context.getBean(LlmCallRecorder.class);
				// 1000 x 0.15 + 100 x 0.60 USD per million: 0.00021 a call, 50% of 0.0004
				// after the first, 80% and the limit after the second.
				for (int i = 0; i < 3; i++) {
					Observation call = recorder.start(Attribution.of("budgeted"), LlmProviders.OPENAI,
							LlmCallObservationContext.CHAT, "gpt-4o-mini", null);
					recorder.stop(call, new CallResult("gpt-4o-mini-2024-07-18", "id-" + i,
							new TokenUsage(1000, 0, 0, 100, 0), null, null));
				}
				assertThat(context.getBean(LlmBudgets.class).states().get(0).spent()).isEqualByComparingTo("0.00063");
				assertThat(context.getBean(BudgetListeners.class).events)
					.extracting(LlmBudgetEvent::getType, LlmBudgetEvent::getThreshold)
					.containsExactly(tuple(LlmBudgetEvent.Type.THRESHOLD_CROSSED, 50),
							tuple(LlmBudgetEvent.Type.THRESHOLD_CROSSED, 80),
							tuple(LlmBudgetEvent.Type.EXHAUSTED, null));
				assertThat(context.getBean(SimpleMeterRegistry.class)
					.get("llm.cost.errors")
					.tag("exception", "IllegalStateException")
					.counter()
					.count()).isEqualTo(3);
				assertThat(output).contains("LLM budget 'cap' reached 50% of its limit: 0.00021 of 0.0004 USD spent")
					.contains("LLM budget 'cap' reached 80% of its limit: 0.00042 of 0.0004 USD spent")
					.contains("LLM budget 'cap' is exhausted: 0.00042 of 0.0004 USD spent (this day), action block;");
			});
	}

	@Test
	void budgetFeatureShouldBeSanitisedAsRecordedCallsAre() {
		this.contextRunner
			.withPropertyValues("llm.cost.budgets.cap.feature= my feature ", "llm.cost.budgets.cap.limit=1")
			.run((context) -> assertThat(context.getBean(LlmBudgets.class).definitions().get(0).feature())
				.isEqualTo("my_feature"));
	}

	@Test
	void noBudgetsShouldLetEveryCallThrough() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(LlmBudgets.class).check("any", "gpt-4o")).isEqualTo("gpt-4o"));
	}

	@Test
	void unknownActionShouldFailStartupNamingTheProperty() {
		assertStartupFails("llm.cost.budgets.cap.action=explode", "llm.cost.budgets.cap.action");
	}

	@Test
	void negativeLimitShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.cost.budgets.cap.limit=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.budgets.cap.limit")
				.hasMessageContaining("It must be positive"));
	}

	@Test
	void missingLimitShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.cost.budgets.cap.period=day")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.budgets.cap.limit")
				.hasMessageContaining("needs a limit"));
	}

	@Test
	void downgradeWithoutDowngradeToShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.cost.budgets.cap.limit=1", "llm.cost.budgets.cap.action=downgrade")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.budgets.cap.downgrade-to")
				.hasMessageContaining("needs the model"));
	}

	@Test
	void downgradeToWithAnotherActionShouldFailStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("llm.cost.budgets.cap.limit=1", "llm.cost.budgets.cap.action=block",
					"llm.cost.budgets.cap.downgrade-to=gpt-4o-mini")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.budgets.cap.downgrade-to")
				.hasMessageContaining("only with the action 'downgrade'"));
	}

	@Test
	void unparseablePeriodShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.cost.budgets.cap.limit=1", "llm.cost.budgets.cap.period=fortnight")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.budgets.cap.period")
				.hasMessageContaining("Unknown period 'fortnight'"));
	}

	@Test
	void rollingWindowShorterThanAMinuteShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.cost.budgets.cap.limit=1", "llm.cost.budgets.cap.period=30s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.budgets.cap.period")
				.hasMessageContaining("from 1m to 366d"));
	}

	@Test
	void warnAtOutOfRangeShouldFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.cost.budgets.cap.limit=1", "llm.cost.budgets.cap.warn-at=80,50")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.budgets.cap.warn-at"));
		this.contextRunner.withPropertyValues("llm.cost.budgets.cap.limit=1", "llm.cost.budgets.cap.warn-at=100")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.cost.budgets.cap.warn-at"));
	}

	@Test
	void withTheJdbcLedgerCalendarBudgetEventsShouldWaitForAFlushToClaimThemAndRollingOnesShouldNot() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withUserConfiguration(BudgetListeners.class)
			.withPropertyValues("llm.cost.ledger.store=jdbc", "llm.cost.ledger.jdbc.flush-interval=1h",
					"llm.cost.budgets.cap.limit=0.0004", "llm.cost.budgets.loop.limit=0.0004",
					"llm.cost.budgets.loop.period=10m")
			.run((context) -> {
				RecordedCall call = new RecordedCall(Instant.now(), Attribution.of("chat"), "openai", "chat",
						"gpt-4o-mini", "gpt-4o-mini", TokenUsage.EMPTY, new BigDecimal("0.00042"), true, false);
				context.getBean(CostLedger.class).record(call);
				context.getBean(LlmBudgets.class).record(call);
				List<LlmBudgetEvent> events = context.getBean(BudgetListeners.class).events;
				assertThat(events).as("at once: the rolling window's")
					.extracting((event) -> event.getBudget().name())
					.containsExactly("loop", "loop", "loop");

				context.getBean(JdbcCostLedger.class).flush();

				assertThat(events).as("then the day's, claimed")
					.extracting((event) -> event.getBudget().name(), LlmBudgetEvent::getType,
							LlmBudgetEvent::getThreshold)
					.endsWith(tuple("cap", LlmBudgetEvent.Type.THRESHOLD_CROSSED, 50),
							tuple("cap", LlmBudgetEvent.Type.THRESHOLD_CROSSED, 80),
							tuple("cap", LlmBudgetEvent.Type.EXHAUSTED, null))
					.hasSize(6);
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForList("SELECT budget FROM llm_cost_budget_events", String.class))
					.containsExactly("cap", "cap", "cap");
			});
	}

	@Test
	void unparseableLimitShouldFailStartupNamingTheProperty() {
		assertStartupFails("llm.cost.budgets.cap.limit=ten", "llm.cost.budgets.cap.limit");
	}

	private void assertStartupFails(String property, String named) {
		// Boot's binder rejects a value it cannot convert: its message names the
		// property, as the failure analyzer shows it.
		this.contextRunner.withPropertyValues(property)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.satisfies((failure) -> assertThat(messages(failure)).contains(named)));
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
			if (cause instanceof org.springframework.boot.context.properties.bind.BindException bind) {
				messages.append(bind.getName()).append('\n');
			}
		}
		return messages.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class BudgetListeners {

		final List<LlmBudgetEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		@Order(1)
		void collect(LlmBudgetEvent event) {
			this.events.add(event);
		}

		@EventListener
		@Order(2)
		void fail(LlmBudgetEvent event) {
			throw new IllegalStateException("webhook unreachable");
		}

	}

}
