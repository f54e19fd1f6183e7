package dev.llmcost.ledger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.ledger.LedgerSnapshot.UnpricedModel;

/**
 * A {@link CostLedger} that keeps exact totals in memory: since the application started,
 * and hour by hour for a bounded retention.
 * <p>
 * An hour is an hour of the ledger's zone, so that the days of that zone are whole hours
 * even where its offset is not (India's, say). Hours older than the retention are dropped
 * as new hours begin: memory is bounded by the features × models seen per hour × the
 * retained hours.
 * <p>
 * Each attribution and model pair has its own cell, locked only while one call is added
 * to it or read from it: calls to different features or models never wait for each other,
 * and the cost is an exact {@link BigDecimal} sum.
 *
 * @author llm-cost contributors
 */
public class InMemoryCostLedger implements CostLedger {

	private static final Comparator<UnpricedModel> MOST_UNPRICED_CALLS_FIRST = LedgerSnapshot.MOST_UNPRICED_CALLS_FIRST;

	/**
	 * How long hourly totals are kept by default.
	 */
	public static final Duration DEFAULT_RETENTION = Duration.ofDays(35);

	private final Clock clock;

	private final Duration retention;

	private final Instant since;

	// By feature, not by whole attribution: the tenant and user of calls are unbounded.
	private final Map<String, Map<String, Cell>> cells = new ConcurrentHashMap<>();

	private final ConcurrentNavigableMap<Instant, Map<RowKey, Cell>> hours = new ConcurrentSkipListMap<>();

	// Bounded as the cells since the start are: by the features and models seen.
	private final Map<RowKey, RowKey> rowKeys = new ConcurrentHashMap<>();

	private final LedgerHours ledgerHours;

	private final Map<String, LongAdder> unpriced = new ConcurrentHashMap<>();

	// Bounded as the unpriced models are: by the answering times the requested models
	// seen.
	private final Map<PricedAs, LongAdder> pricedAs = new ConcurrentHashMap<>();

	/**
	 * Create a ledger that counts from now.
	 */
	public InMemoryCostLedger() {
		this(Clock.systemUTC());
	}

	/**
	 * Create a ledger that counts from the clock's current instant, in hours of the JVM's
	 * zone, keeping {@link #DEFAULT_RETENTION}.
	 * @param clock the clock
	 */
	public InMemoryCostLedger(Clock clock) {
		this(clock, ZoneId.systemDefault(), DEFAULT_RETENTION);
	}

	/**
	 * Create a ledger that counts from the clock's current instant.
	 * @param clock the clock
	 * @param zone the zone whose hours the hourly totals follow
	 * @param retention how long hourly totals are kept
	 */
	public InMemoryCostLedger(Clock clock, ZoneId zone, Duration retention) {
		if (retention.isNegative() || retention.isZero()) {
			throw new IllegalArgumentException("retention must be positive, was " + retention);
		}
		this.clock = clock;
		this.ledgerHours = new LedgerHours(zone);
		this.retention = retention;
		this.since = clock.instant();
	}

	@Override
	public void record(RecordedCall call) {
		String model = call.model();
		this.cells.computeIfAbsent(call.feature(), (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(model, (key) -> new Cell())
			.add(call);
		// A call older than the retention (never, in practice: calls are recorded as they
		// end) has no hour to go to; the check needs no time-zone arithmetic.
		if (!call.at().isBefore(this.clock.instant().minus(this.retention))) {
			Instant hour = this.ledgerHours.hourOf(call.at());
			// One key per feature and model for all the hours that have it.
			RowKey key = this.rowKeys.computeIfAbsent(new RowKey(call.feature(), model), (newKey) -> newKey);
			hour(hour).computeIfAbsent(key, (newKey) -> new Cell()).add(call);
		}
		if (!call.priced()) {
			this.unpriced.computeIfAbsent(model, (key) -> new LongAdder()).increment();
		}
		else if (call.pricedAs() != null) {
			this.pricedAs.computeIfAbsent(new PricedAs(model, call.pricedAs()), (key) -> new LongAdder()).increment();
		}
	}

	@Override
	public LedgerSnapshot snapshot() {
		LedgerSnapshot.Builder builder = LedgerSnapshot.builder();
		this.cells
			.forEach((feature, models) -> models.forEach((model, cell) -> builder.add(feature, model, cell.totals())));
		this.unpriced.forEach((model, calls) -> builder.addUnpriced(model, calls.sum()));
		this.pricedAs.forEach((key, calls) -> builder.addPricedAs(key.model(), key.as(), calls.sum()));
		return builder.build(this.since);
	}

	@Override
	public List<LedgerRow> rows(Instant from, Instant to) {
		List<LedgerRow> rows = new ArrayList<>();
		if (!from.isBefore(to)) {
			return rows;
		}
		this.hours.subMap(from, true, to, false)
			.forEach((hour, cells) -> cells.forEach((key, cell) -> rows.add(cell.row(hour, key))));
		return rows;
	}

	@Override
	public Instant holdsFrom() {
		Instant retainedFrom = retainedFrom();
		return retainedFrom.isAfter(this.since) ? retainedFrom : this.since;
	}

	@Override
	public LedgerScope scope() {
		return LedgerScope.INSTANCE;
	}

	private Map<RowKey, Cell> hour(Instant hour) {
		Map<RowKey, Cell> cells = this.hours.get(hour);
		if (cells != null) {
			return cells;
		}
		// A new hour is when old ones go: no thread of its own. Outside computeIfAbsent,
		// whose function must not change other entries of the map.
		this.hours.headMap(retainedFrom()).clear();
		return this.hours.computeIfAbsent(hour, (key) -> new ConcurrentHashMap<>());
	}

	private Instant retainedFrom() {
		return this.ledgerHours.startOfHour(this.clock.instant().minus(this.retention));
	}

	/**
	 * Walks the unpriced counts once, keeping the {@code limit} models with the most
	 * calls: no copy of the ledger's cells. Models priced as the requested one are not
	 * among them: their calls have a cost.
	 */
	@Override
	public UnpricedModels unpriced(int limit) {
		PriorityQueue<UnpricedModel> top = new PriorityQueue<>(MOST_UNPRICED_CALLS_FIRST.reversed());
		this.unpriced.forEach((model, calls) -> {
			UnpricedModel candidate = new UnpricedModel(model, calls.sum());
			if (top.size() < limit) {
				top.add(candidate);
			}
			else if (!top.isEmpty() && MOST_UNPRICED_CALLS_FIRST.compare(candidate, top.peek()) < 0) {
				top.poll();
				top.add(candidate);
			}
		});
		List<UnpricedModel> models = new ArrayList<>(top);
		models.sort(MOST_UNPRICED_CALLS_FIRST);
		return new UnpricedModels(this.unpriced.size(), models);
	}

	/**
	 * The running totals of one attribution and model.
	 */
	private static final class Cell extends RunningTotals {

		private long unpricedCalls;

		synchronized void add(RecordedCall call) {
			add(1, call.error() ? 1 : 0, call.cost(), call.usage(), call.units());
			this.unpricedCalls += call.priced() ? 0 : 1;
		}

		@Override
		synchronized Totals totals() {
			return super.totals();
		}

		synchronized LedgerRow row(Instant hour, RowKey key) {
			return new LedgerRow(hour, key.feature(), key.model(), totals(), this.unpricedCalls);
		}

	}

	private record RowKey(String feature, String model) {

	}

	private record PricedAs(String model, String as) {

	}

}
