package dev.llmcost.benchmarks.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.llmcost.budget.BudgetAction;
import dev.llmcost.budget.BudgetDefinition;
import dev.llmcost.budget.BudgetPeriod;
import dev.llmcost.budget.LlmBudgets;
import dev.llmcost.pricing.ReportingCurrency;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The budgets' two steps on a call's path, alone: {@link LlmBudgets#check} before the
 * model is called, and {@link LlmBudgets#record(Instant, String, BigDecimal) record}
 * after it, with the five budgets of {@link BudgetCallBenchmark} ({@code budgets=five})
 * or none ({@code budgets=none}). The check is meant to be a map lookup and one volatile
 * read per budget; recording takes each budget's lock once.
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class BudgetCheckBenchmark {

	private static final String FEATURE = "document-summary";

	private static final String MODEL = "gpt-4o-mini";

	/**
	 * The cost of the call of {@code BudgetCallBenchmark}, in USD: gpt-4o-mini, 476 input
	 * tokens at 0.15, 1,024 cache reads at 0.075 and 250 output tokens at 0.60 USD per
	 * million.
	 */
	private static final BigDecimal COST = new BigDecimal("0.0002982");

	/**
	 * {@code five} budgets that apply to the call, or {@code none}.
	 */
	@Param({ "five", "none" })
	public String budgets;

	private LlmBudgets llmBudgets;

	private Instant at;

	@Setup
	public void start() {
		BigDecimal limit = new BigDecimal("1000000");
		List<BudgetDefinition> definitions = "five".equals(this.budgets)
				? List.of(budget("summary-daily", FEATURE, limit, "day", BudgetAction.BLOCK, null),
						budget("summary-loop-guard", FEATURE, limit, "10m", BudgetAction.BLOCK, null),
						budget("summary-weekly", FEATURE, limit, "week", BudgetAction.DOWNGRADE, "gpt-4.1-nano"),
						budget("application-monthly", null, limit, "month", BudgetAction.BLOCK, null),
						budget("application-hourly", null, limit, "1h", BudgetAction.WARN, null))
				: List.of();
		Clock clock = Clock.systemUTC();
		this.llmBudgets = new LlmBudgets(definitions, clock, ZoneOffset.UTC, ReportingCurrency.USD);
		this.at = clock.instant();
		this.llmBudgets.record(this.at, FEATURE, COST);
		if (!MODEL.equals(this.llmBudgets.check(FEATURE, MODEL))) {
			throw new IllegalStateException("A budget changed the call");
		}
	}

	private static BudgetDefinition budget(String name, @Nullable String feature, BigDecimal limit, String period,
			BudgetAction action, @Nullable String downgradeTo) {
		return new BudgetDefinition(name, feature, limit, BudgetPeriod.parse(period), List.of(50, 80), action,
				downgradeTo);
	}

	@Benchmark
	public String check() {
		return this.llmBudgets.check(FEATURE, MODEL);
	}

	@Benchmark
	public void record() {
		this.llmBudgets.record(this.at, FEATURE, COST);
	}

}
