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
import java.util.function.Consumer;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerCosts;
import dev.llmcost.ledger.LedgerPeriod;
import dev.llmcost.ledger.LedgerScope;
import dev.llmcost.ledger.LedgerUnavailableException;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.pricing.ReportingCurrency;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The budgets of the application: fed with the cost of each recorded call, and
 * {@link #check checked} before each model call.
 * <p>
 * Spend is counted in memory, in billionths of the reporting currency, per budget. The
 * check reads one volatile field per budget that applies to the call's feature: no lock,
 * no allocation, no database.
 * <p>
 * When a budget's spend crosses one of its {@code warn-at} thresholds or its limit, or a
 * new period starts after one in which it did, an {@link LlmBudgetEvent} is handed to the
 * consumer of events given at creation, once per budget, threshold and period, on the
 * thread that recorded the call or read the budgets, and never while a budget's lock is
 * held. A new period is seen at the first call recorded or the first read of the budgets
 * ({@link #states()}, {@link #state(String)}) after it started.
 * <p>
 * Calendar budgets ({@code day}, {@code week}, {@code month}) start from what the ledger
 * holds for their current period ({@link #seed}), so that a restart does not reset them;
 * with a ledger shared by the fleet, a {@link FleetBudgetRefresh} sets them to the
 * fleet's spend at each of its flushes. Rolling windows are this instance's calls only.
 *
 * @author llm-cost contributors
 */
public final class LlmBudgets {

	private static final int NANOS_SCALE = 9;

	private static final Log logger = LogFactory.getLog(LlmBudgets.class);

	private final Clock clock;

	private final ReportingCurrency currency;

	private final List<Budget> budgets;

	private final Budget[] applicationBudgets;

	private final Map<String, Budget[]> budgetsByFeature;

	private final Map<String, Budget> budgetsByName;

	private final Consumer<LlmBudgetEvent> events;

	private final Instant countingSince;

	// Where calendar budgets count from and whose calls they count, once seeded from a
	// ledger: rolling windows always count this instance's calls since it started.
	private volatile Instant calendarCountingSince;

	private volatile LedgerScope calendarScope = LedgerScope.INSTANCE;

	private final List<Budget> calendarBudgets;

	/**
	 * Create the budgets, without events.
	 * @param definitions the budgets, in the order they are checked
	 * @param clock the clock of the ledger
	 * @param zone the zone of the ledger, whose days, weeks and months calendar budgets
	 * follow
	 * @param currency the reporting currency, that of the limits
	 */
	public LlmBudgets(List<BudgetDefinition> definitions, Clock clock, ZoneId zone, ReportingCurrency currency) {
		this(definitions, clock, zone, currency, (event) -> {
		});
	}

	/**
	 * Create the budgets.
	 * @param definitions the budgets, in the order they are checked
	 * @param clock the clock of the ledger
	 * @param zone the zone of the ledger, whose days, weeks and months calendar budgets
	 * follow
	 * @param currency the reporting currency, that of the limits
	 * @param events receives each {@link LlmBudgetEvent}; what it throws is logged and
	 * never reaches the call that was recorded
	 */
	public LlmBudgets(List<BudgetDefinition> definitions, Clock clock, ZoneId zone, ReportingCurrency currency,
			Consumer<LlmBudgetEvent> events) {
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.currency = Objects.requireNonNull(currency, "currency must not be null");
		this.events = Objects.requireNonNull(events, "events must not be null");
		Instant now = clock.instant();
		this.countingSince = now;
		this.calendarCountingSince = now;
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
		this.budgetsByName = new HashMap<>();
		budgets.forEach((budget) -> this.budgetsByName.put(budget.definition.name(), budget));
		this.calendarBudgets = budgets.stream().filter((budget) -> budget.spend instanceof CalendarSpend).toList();
		this.applicationBudgets = application.toArray(Budget[]::new);
		this.budgetsByFeature = new HashMap<>();
		byFeature.forEach((feature, list) -> this.budgetsByFeature.put(feature, list.toArray(Budget[]::new)));
	}

	private static BudgetSpend spend(BudgetDefinition definition, ZoneId zone, Instant now) {
		long limit = toNanos(definition.limit());
		BudgetPeriod period = definition.period();
		return (period.window() != null) ? new RollingSpend(period.window(), limit, definition.warnAt())
				: new CalendarSpend(period, zone, limit, definition.warnAt(), now);
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
		List<LlmBudgetEvent> events = null;
		for (Budget budget : budgets) {
			BudgetSpend.Transitions transitions = budget.spend.add(at, nanos);
			if (!transitions.isEmpty()) {
				events = events(budget, transitions, events);
			}
		}
		// Only once every budget has counted the call: a listener cannot stop one from
		// counting.
		publish(events);
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
	 * Start the calendar budgets from what a ledger holds for their current period, so
	 * that a restart does not reset a daily budget: call it before any call is recorded.
	 * Never throws: when the ledger cannot be read, the budgets start from zero, with a
	 * warning. Publishes no event: a threshold the spend had crossed before the restart
	 * was announced then.
	 * @param ledger the ledger
	 */
	public void seed(CostLedger ledger) {
		try {
			refresh(LedgerCosts.of(ledger), false);
			// The calendar budgets now count what the ledger holds, and will follow it.
			Instant holdsFrom = ledger.holdsFrom();
			this.calendarCountingSince = holdsFrom.isBefore(this.countingSince) ? holdsFrom : this.countingSince;
			this.calendarScope = ledger.scope();
		}
		catch (RuntimeException ex) {
			// The ledger's message names no credential; another exception's might.
			String reason = (ex instanceof LedgerUnavailableException) ? ex.getMessage()
					: ex.getClass().getSimpleName();
			logger.warn("LLM cost budgets start from zero: the ledger could not be read (" + reason + ")");
			logger.debug("Could not read the ledger for the budgets", ex);
		}
	}

	/**
	 * Count the calls recorded so far as taken by the ledger to be written to its store.
	 * @see FleetBudgetRefresh#draining()
	 */
	void drain() {
		for (Budget budget : this.calendarBudgets) {
			((CalendarSpend) budget.spend).drain();
		}
	}

	/**
	 * Set each calendar budget's spend to what the ledger holds for its current period,
	 * with this instance's calls since the last {@link #drain() drain}. One read per
	 * period, whatever the number of budgets.
	 * @param costs what the ledger holds, which must include every call drained so far
	 * @throws LedgerUnavailableException if the ledger cannot be read; no budget is
	 * changed then
	 */
	void refresh(LedgerCosts costs) {
		refresh(costs, true);
	}

	private void refresh(LedgerCosts costs, boolean publishEvents) {
		if (this.calendarBudgets.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		Map<LedgerPeriod, Map<String, BigDecimal>> costsByPeriod = new HashMap<>();
		LedgerPeriod[] periods = new LedgerPeriod[this.calendarBudgets.size()];
		for (int i = 0; i < periods.length; i++) {
			periods[i] = ((CalendarSpend) this.calendarBudgets.get(i).spend).periodAt(now);
			costsByPeriod.computeIfAbsent(periods[i], (period) -> costs.byFeature(period.from(), period.to()));
		}
		List<LlmBudgetEvent> events = null;
		for (int i = 0; i < periods.length; i++) {
			Budget budget = this.calendarBudgets.get(i);
			LedgerPeriod period = periods[i];
			Map<String, BigDecimal> byFeature = costsByPeriod.get(period);
			String feature = budget.definition.feature();
			BigDecimal usd = (feature != null) ? byFeature.getOrDefault(feature, BigDecimal.ZERO)
					: byFeature.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
			long fleetSpend = (usd.signum() > 0) ? toNanos(this.currency.convert(usd)) : 0;
			BudgetSpend.Transitions transitions = ((CalendarSpend) budget.spend).setFleetSpend(period, fleetSpend, now);
			if (!transitions.isEmpty()) {
				events = events(budget, transitions, events);
			}
		}
		if (publishEvents) {
			publish(events);
		}
	}

	/**
	 * Return where each budget stands now.
	 * @return the states, in the order the budgets were given
	 */
	public List<BudgetState> states() {
		Instant now = this.clock.instant();
		List<BudgetState> states = new ArrayList<>(this.budgets.size());
		List<LlmBudgetEvent> events = null;
		for (Budget budget : this.budgets) {
			BudgetSpend.Read read = budget.spend.read(now);
			states.add(state(budget.definition, read.spent(), now));
			if (!read.transitions().isEmpty()) {
				events = events(budget, read.transitions(), events);
			}
		}
		publish(events);
		return List.copyOf(states);
	}

	/**
	 * Return where one budget stands now.
	 * @param name the budget's name
	 * @return its state, or {@code null} if there is no budget of that name
	 */
	public @Nullable BudgetState state(String name) {
		Budget budget = this.budgetsByName.get(name);
		if (budget == null) {
			return null;
		}
		Instant now = this.clock.instant();
		BudgetSpend.Read read = budget.spend.read(now);
		if (!read.transitions().isEmpty()) {
			publish(events(budget, read.transitions(), null));
		}
		return state(budget.definition, read.spent(), now);
	}

	/**
	 * Return the instant from which the budgets count calls: a period that started
	 * earlier has not counted the calls made before it, for example before a restart.
	 * @return when the budgets started counting
	 */
	public Instant countingSince() {
		return this.countingSince;
	}

	/**
	 * Return the instant from which a budget counts calls: for a calendar budget
	 * {@link #seed seeded} from a ledger, the earliest instant that ledger holds every
	 * call from; else when the budgets started counting.
	 * @param budget the budget
	 * @return when it started counting
	 */
	public Instant countingSince(BudgetDefinition budget) {
		return (budget.period().window() == null) ? this.calendarCountingSince : this.countingSince;
	}

	/**
	 * Return whose calls a budget counts: a calendar budget {@link #seed seeded} from a
	 * ledger shared by the fleet counts the fleet's; a rolling window, this instance's.
	 * @param budget the budget
	 * @return the scope
	 */
	public LedgerScope scope(BudgetDefinition budget) {
		return (budget.period().window() == null) ? this.calendarScope : LedgerScope.INSTANCE;
	}

	/**
	 * Return the reporting currency, that of the limits and the spend.
	 * @return the currency
	 */
	public ReportingCurrency currency() {
		return this.currency;
	}

	/**
	 * Return whether no budget is declared: nothing to check before a call.
	 * @return whether there are no budgets
	 */
	public boolean isEmpty() {
		return this.budgets.isEmpty();
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

	private List<LlmBudgetEvent> events(Budget budget, BudgetSpend.Transitions transitions,
			@Nullable List<LlmBudgetEvent> events) {
		List<LlmBudgetEvent> list = (events != null) ? events : new ArrayList<>();
		BudgetSpend.Spent period = Objects.requireNonNull(transitions.period());
		for (BudgetSpend.Transition transition : transitions.list()) {
			list.add(new LlmBudgetEvent(this, transition.type(), budget.definition, transition.threshold(),
					fromNanos(transition.spent()), this.currency.code(), period.from(), period.resetsAt()));
		}
		return list;
	}

	private void publish(@Nullable List<LlmBudgetEvent> events) {
		if (events == null) {
			return;
		}
		for (LlmBudgetEvent event : events) {
			try {
				this.events.accept(event);
			}
			catch (RuntimeException ex) {
				// Events are few (once per threshold and period), so logging each is
				// bounded.
				logger.warn("Handling " + event + " failed; the call was counted and not affected", ex);
			}
		}
	}

	private LlmBudgetExceededException exceeded(Budget budget) {
		Instant now = this.clock.instant();
		BudgetSpend.Read read = budget.spend.read(now);
		if (!read.transitions().isEmpty()) {
			publish(events(budget, read.transitions(), null));
		}
		BudgetState state = state(budget.definition, read.spent(), now);
		BudgetDefinition definition = budget.definition;
		return new LlmBudgetExceededException(definition.name(), definition.limit(), state.spent(),
				this.currency.code(), definition.period().name(), state.resetsAt());
	}

	private static BudgetState state(BudgetDefinition definition, BudgetSpend.Spent spent, Instant now) {
		BigDecimal amount = fromNanos(spent.spent());
		BigDecimal remaining = definition.limit().subtract(amount).max(BigDecimal.ZERO);
		double usedPercent = amount.multiply(BigDecimal.valueOf(100))
			.divide(definition.limit(), 4, RoundingMode.HALF_EVEN)
			.doubleValue();
		return new BudgetState(definition, spent.from(), spent.to(), amount, remaining, usedPercent,
				projected(definition, spent, amount, now), status(definition, amount), spent.resetsAt());
	}

	/**
	 * The spend at the end of the period at the current burn rate: of a calendar period,
	 * the spend so far over the time elapsed, times the period's length; of a rolling
	 * window, the rate over the window times the window, which is its spend.
	 */
	private static BigDecimal projected(BudgetDefinition definition, BudgetSpend.Spent spent, BigDecimal amount,
			Instant now) {
		long elapsed = now.toEpochMilli() - spent.from().toEpochMilli();
		if (definition.period().isRolling() || elapsed <= 0 || amount.signum() == 0) {
			return amount;
		}
		long length = spent.to().toEpochMilli() - spent.from().toEpochMilli();
		return amount.multiply(BigDecimal.valueOf(length))
			.divide(BigDecimal.valueOf(elapsed), NANOS_SCALE, RoundingMode.HALF_EVEN)
			.stripTrailingZeros();
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
