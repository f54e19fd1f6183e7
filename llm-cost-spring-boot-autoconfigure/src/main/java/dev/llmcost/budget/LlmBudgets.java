package dev.llmcost.budget;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.pricing.ReportingCurrency;
import org.jspecify.annotations.Nullable;

/**
 * The budgets of the application: fed with the cost of each recorded call, and
 * {@link #check checked} before each model call.
 * <p>
 * Spend is counted in memory, in billionths of the reporting currency, per budget. The
 * check reads one volatile field per budget that applies to the call's feature: no lock,
 * no allocation, no database.
 *
 * @author llm-cost contributors
 */
public final class LlmBudgets {

	private static final int NANOS_SCALE = 9;

	private final Clock clock;

	private final ReportingCurrency currency;

	private final List<Budget> budgets;

	private final Budget[] applicationBudgets;

	private final Map<String, Budget[]> budgetsByFeature;

	/**
	 * Create the budgets.
	 * @param definitions the budgets, in the order they are checked
	 * @param clock the clock of the ledger
	 * @param zone the zone of the ledger, whose days, weeks and months calendar budgets
	 * follow
	 * @param currency the reporting currency, that of the limits
	 */
	public LlmBudgets(List<BudgetDefinition> definitions, Clock clock, ZoneId zone, ReportingCurrency currency) {
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.currency = Objects.requireNonNull(currency, "currency must not be null");
		Instant now = clock.instant();
		List<Budget> budgets = new ArrayList<>();
		List<Budget> application = new ArrayList<>();
		Map<String, List<Budget>> byFeature = new HashMap<>();
		for (BudgetDefinition definition : definitions) {
			Budget budget = new Budget(definition, spend(definition, zone, now));
			budgets.add(budget);
			if (definition.feature() == null) {
				application.add(budget);
			}
		}
		for (Budget budget : budgets) {
			String feature = budget.definition.feature();
			if (feature != null) {
				byFeature.computeIfAbsent(feature, (key) -> new ArrayList<>(application)).add(budget);
			}
		}
		this.budgets = List.copyOf(budgets);
		this.applicationBudgets = application.toArray(Budget[]::new);
		this.budgetsByFeature = new HashMap<>();
		byFeature.forEach((feature, list) -> this.budgetsByFeature.put(feature, list.toArray(Budget[]::new)));
	}

	private static BudgetSpend spend(BudgetDefinition definition, ZoneId zone, Instant now) {
		long limit = toNanos(definition.limit());
		BudgetPeriod period = definition.period();
		return (period.window() != null) ? new RollingSpend(period.window(), limit)
				: new CalendarSpend(period, zone, limit, now);
	}

	/**
	 * Count the cost of a call against the budgets of its feature and the application's.
	 * @param call the call
	 */
	public void record(RecordedCall call) {
		record(call.at(), call.feature(), call.cost());
	}

	/**
	 * Count the cost of a call against the budgets of its feature and the application's.
	 * @param at when the call ended
	 * @param feature the call's feature
	 * @param cost the call's cost in USD, the currency of every price
	 */
	public void record(Instant at, String feature, BigDecimal cost) {
		if (cost.signum() <= 0) {
			return;
		}
		Budget[] budgets = budgetsFor(feature);
		if (budgets.length == 0) {
			return;
		}
		long nanos = toNanos(this.currency.convert(cost));
		for (Budget budget : budgets) {
			budget.spend.add(at, nanos);
		}
	}

	/**
	 * Check the budgets of a feature before calling a model, and return the model to
	 * call: the one asked for, or the {@code downgrade-to} model of the first exhausted
	 * budget whose action is {@link BudgetAction#DOWNGRADE downgrade}.
	 * @param feature the call's feature
	 * @param model the model the call asks for, or {@code null} for the model's default
	 * @return the model to call
	 * @throws LlmBudgetExceededException if a budget whose action is
	 * {@link BudgetAction#BLOCK block} is exhausted, whatever the other budgets say
	 */
	public @Nullable String check(String feature, @Nullable String model) {
		Budget[] budgets = budgetsFor(feature);
		if (budgets.length == 0) {
			return model;
		}
		long now = this.clock.millis();
		String downgradeTo = null;
		for (Budget budget : budgets) {
			if (budget.spend.isExhausted(now)) {
				switch (budget.definition.action()) {
					case BLOCK -> throw exceeded(budget);
					case DOWNGRADE -> {
						if (downgradeTo == null) {
							downgradeTo = budget.definition.downgradeTo();
						}
					}
					case WARN -> {
					}
				}
			}
		}
		return (downgradeTo != null) ? downgradeTo : model;
	}

	/**
	 * Return where each budget stands now.
	 * @return the states, in the order the budgets were given
	 */
	public List<BudgetState> states() {
		Instant now = this.clock.instant();
		return this.budgets.stream().map((budget) -> state(budget, now)).toList();
	}

	/**
	 * Return the budgets, in the order they were given.
	 * @return the definitions
	 */
	public List<BudgetDefinition> definitions() {
		return this.budgets.stream().map((budget) -> budget.definition).toList();
	}

	private Budget[] budgetsFor(String feature) {
		Budget[] budgets = this.budgetsByFeature.get(feature);
		return (budgets != null) ? budgets : this.applicationBudgets;
	}

	private LlmBudgetExceededException exceeded(Budget budget) {
		BudgetState state = state(budget, this.clock.instant());
		BudgetDefinition definition = budget.definition;
		return new LlmBudgetExceededException(definition.name(), definition.limit(), state.spent(),
				this.currency.code(), definition.period().name(), state.resetsAt());
	}

	private static BudgetState state(Budget budget, Instant now) {
		BudgetDefinition definition = budget.definition;
		BudgetSpend.Spent spent = budget.spend.spent(now);
		BigDecimal amount = fromNanos(spent.spent());
		BigDecimal remaining = definition.limit().subtract(amount).max(BigDecimal.ZERO);
		double usedPercent = amount.multiply(BigDecimal.valueOf(100))
			.divide(definition.limit(), 4, RoundingMode.HALF_EVEN)
			.doubleValue();
		return new BudgetState(definition, spent.from(), spent.to(), amount, remaining, usedPercent,
				status(definition, amount), spent.resetsAt());
	}

	private static BudgetStatus status(BudgetDefinition definition, BigDecimal spent) {
		if (spent.compareTo(definition.limit()) >= 0) {
			return BudgetStatus.EXHAUSTED;
		}
		List<Integer> warnAt = definition.warnAt();
		if (!warnAt.isEmpty()) {
			BigDecimal threshold = definition.limit().multiply(BigDecimal.valueOf(warnAt.get(0))).movePointLeft(2);
			if (spent.compareTo(threshold) >= 0) {
				return BudgetStatus.WARNING;
			}
		}
		return BudgetStatus.OK;
	}

	/**
	 * Billionths of a unit, rounded up: a budget errs on the side of counting.
	 */
	static long toNanos(BigDecimal amount) {
		BigInteger nanos = amount.movePointRight(NANOS_SCALE).setScale(0, RoundingMode.CEILING).toBigInteger();
		return (nanos.bitLength() < Long.SIZE) ? nanos.longValue() : Long.MAX_VALUE;
	}

	private static BigDecimal fromNanos(long nanos) {
		return BigDecimal.valueOf(nanos, NANOS_SCALE).stripTrailingZeros();
	}

	private record Budget(BudgetDefinition definition, BudgetSpend spend) {

	}

}
