package dev.llmcost.benchmarks.budget;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.llmcost.benchmarks.advisor.StubChatApplication;
import dev.llmcost.benchmarks.advisor.SummaryService;
import dev.llmcost.budget.BudgetState;
import dev.llmcost.budget.BudgetStatus;
import dev.llmcost.budget.LlmBudgets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole {@code ChatClient} call, the one of {@code AdvisorOverheadBenchmark} (starter
 * on, Spring Boot's {@code SimpleMeterRegistry}), with five budgets that apply to it
 * ({@code budgets=five}: three on the call's feature, two on the whole application, none
 * exhausted) and with none ({@code budgets=none}). Budgets add the check before the model
 * is called and the spend added after it; the difference is what they cost a call.
 * <p>
 * Goal: five / none at most 1.02 (medians).
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// The same warm-up as AdvisorOverheadBenchmark: the call path needs about 8 s of JIT.
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class BudgetCallBenchmark {

	/**
	 * Five budgets that apply to every call of {@link SummaryService}, with limits no run
	 * reaches (a call costs about 0.0003 USD): a calendar and a rolling period of each
	 * action, as an application would declare them.
	 */
	static final List<String> FIVE_BUDGETS = List.of("llm.cost.budgets.summary-daily.feature=" + SummaryService.FEATURE,
			"llm.cost.budgets.summary-daily.limit=1000000", "llm.cost.budgets.summary-daily.action=block",
			"llm.cost.budgets.summary-loop-guard.feature=" + SummaryService.FEATURE,
			"llm.cost.budgets.summary-loop-guard.limit=1000000", "llm.cost.budgets.summary-loop-guard.period=10m",
			"llm.cost.budgets.summary-loop-guard.action=block",
			"llm.cost.budgets.summary-weekly.feature=" + SummaryService.FEATURE,
			"llm.cost.budgets.summary-weekly.limit=1000000", "llm.cost.budgets.summary-weekly.period=week",
			"llm.cost.budgets.summary-weekly.action=downgrade",
			"llm.cost.budgets.summary-weekly.downgrade-to=gpt-4.1-nano",
			"llm.cost.budgets.application-monthly.limit=1000000", "llm.cost.budgets.application-monthly.period=month",
			"llm.cost.budgets.application-monthly.action=block", "llm.cost.budgets.application-hourly.limit=1000000",
			"llm.cost.budgets.application-hourly.period=1h");

	/**
	 * {@code five} budgets that apply to the call, or {@code none}.
	 */
	@Param({ "five", "none" })
	public String budgets;

	private ConfigurableApplicationContext context;

	private SummaryService service;

	private String text;

	@Setup
	public void start() {
		String[] properties = "five".equals(this.budgets) ? FIVE_BUDGETS.toArray(String[]::new) : new String[0];
		this.context = StubChatApplication.run(true, "simple", "full", properties);
		this.service = this.context.getBean(SummaryService.class);
		this.text = "Checkout latency doubled on Tuesday because a cache node ran out of memory. Summarise.";
		this.service.summarize(this.text);
		verifyBudgets();
	}

	@Benchmark
	public String call() {
		return this.service.summarize(this.text);
	}

	@TearDown
	public void stop() {
		this.context.close();
	}

	/**
	 * Fail the benchmark unless every budget is declared and counted the first call, and
	 * none stands in the way of the next ones.
	 */
	private void verifyBudgets() {
		List<BudgetState> states = this.context.getBean(LlmBudgets.class).states();
		int expected = "five".equals(this.budgets) ? 5 : 0;
		check(states.size() == expected, "budgets: " + states.size());
		for (BudgetState state : states) {
			check(state.spent().signum() > 0, "budget " + state.budget().name() + " did not count the call");
			check(state.status() == BudgetStatus.OK, "budget " + state.budget().name() + " is " + state.status());
		}
	}

	private static void check(boolean condition, String message) {
		if (!condition) {
			throw new IllegalStateException("Benchmark application is not as expected: " + message);
		}
	}

}
