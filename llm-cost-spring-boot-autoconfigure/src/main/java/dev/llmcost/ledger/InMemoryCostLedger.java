package dev.llmcost.ledger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.ledger.LedgerSnapshot.UnpricedModel;
import dev.llmcost.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CostLedger} that keeps exact totals in memory since the application started.
 * <p>
 * Each feature and model pair has its own cell, locked only while one call is added to it
 * or read from it: calls to different features or models never wait for each other, and
 * the cost is an exact {@link BigDecimal} sum.
 *
 * @author llm-cost contributors
 */
public class InMemoryCostLedger implements CostLedger {

	private static final Comparator<Totals> HIGHEST_COST_FIRST = Comparator.comparing(Totals::cost)
		.reversed()
		.thenComparing(Comparator.comparingLong(Totals::calls).reversed());

	private final Instant since;

	private final Map<String, Map<String, Cell>> cells = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> unpriced = new ConcurrentHashMap<>();

	/**
	 * Create a ledger that counts from now.
	 */
	public InMemoryCostLedger() {
		this(Clock.systemUTC());
	}

	/**
	 * Create a ledger that counts from the clock's current instant.
	 * @param clock the clock
	 */
	public InMemoryCostLedger(Clock clock) {
		this.since = clock.instant();
	}

	@Override
	public void record(RecordedCall call) {
		cell(call.feature(), call.model()).add(call);
		if (!call.priced()) {
			this.unpriced.computeIfAbsent(call.model(), (model) -> new LongAdder()).increment();
		}
	}

	// Plain reads first: computeIfAbsent may lock a bin even when the key is there.
	private Cell cell(String feature, String model) {
		Map<String, Cell> models = this.cells.get(feature);
		if (models == null) {
			models = this.cells.computeIfAbsent(feature, (key) -> new ConcurrentHashMap<>());
		}
		Cell cell = models.get(model);
		return (cell != null) ? cell : models.computeIfAbsent(model, (key) -> new Cell());
	}

	@Override
	public LedgerSnapshot snapshot() {
		List<FeatureTotals> features = new ArrayList<>();
		Totals total = Totals.NONE;
		for (Map.Entry<String, Map<String, Cell>> feature : this.cells.entrySet()) {
			List<ModelTotals> models = new ArrayList<>();
			Totals featureTotal = Totals.NONE;
			for (Map.Entry<String, Cell> model : feature.getValue().entrySet()) {
				Totals modelTotal = model.getValue().totals();
				models.add(new ModelTotals(model.getKey(), modelTotal));
				featureTotal = featureTotal.plus(modelTotal);
			}
			models
				.sort(Comparator.comparing(ModelTotals::totals, HIGHEST_COST_FIRST).thenComparing(ModelTotals::model));
			features.add(new FeatureTotals(feature.getKey(), featureTotal, List.copyOf(models)));
			total = total.plus(featureTotal);
		}
		features.sort(
				Comparator.comparing(FeatureTotals::totals, HIGHEST_COST_FIRST).thenComparing(FeatureTotals::feature));
		List<UnpricedModel> unpricedModels = new ArrayList<>();
		this.unpriced.forEach((model, calls) -> unpricedModels.add(new UnpricedModel(model, calls.sum())));
		unpricedModels
			.sort(Comparator.comparingLong(UnpricedModel::calls).reversed().thenComparing(UnpricedModel::model));
		return new LedgerSnapshot(this.since, total, List.copyOf(features), List.copyOf(unpricedModels));
	}

	/**
	 * The running totals of one feature and model.
	 * <p>
	 * Cells of different features are written by different threads at once, and live in
	 * the old generation once the application has run a while. Two things keep them from
	 * slowing each other down (measured in the benchmarks module): padding keeps each
	 * cell's written fields and lock word off its neighbours' cache lines, and a call
	 * writes only primitives into its cell. Storing a new {@code BigDecimal} sum per call
	 * made the collector's write barrier mark a card for the old cell every time, and
	 * neighbouring cells share the card table's cache lines: two threads recording
	 * different features did less than one.
	 * <p>
	 * The cost is therefore kept as a whole number of {@link #UNITS units} of
	 * 10<sup>-12</sup> USD, which holds every cost of a price with up to six decimals per
	 * million tokens exactly. A cost with more decimals, or a sum beyond the range of a
	 * {@code long} (about 9.2 million USD per cell), goes to an exact {@code BigDecimal}
	 * remainder instead: nothing is rounded.
	 */
	private static final class Cell extends CellFields {

		private static final int UNITS = 12;

		long p9;

		long p10;

		long p11;

		long p12;

		long p13;

		long p14;

		long p15;

		synchronized void add(RecordedCall call) {
			TokenUsage usage = call.usage();
			this.calls++;
			this.errors += call.error() ? 1 : 0;
			addCost(call.cost());
			this.input += usage.input();
			this.cacheRead += usage.cacheRead();
			this.cacheWrite += usage.cacheWrite();
			this.output += usage.output();
			this.reasoning += usage.reasoning();
		}

		private void addCost(BigDecimal cost) {
			if (cost.signum() == 0) {
				return;
			}
			if (cost.scale() <= UNITS && cost.precision() - cost.scale() < 7) {
				// At most 6 integer digits: the value in units fits in a long.
				long units = cost.movePointRight(UNITS).longValue();
				long sum = this.costUnits + units;
				if (((this.costUnits ^ sum) & (units ^ sum)) >= 0) {
					this.costUnits = sum;
					return;
				}
			}
			this.costRemainder = (this.costRemainder != null) ? this.costRemainder.add(cost) : cost;
		}

		synchronized Totals totals() {
			BigDecimal cost = BigDecimal.valueOf(this.costUnits, UNITS);
			if (this.costRemainder != null) {
				cost = cost.add(this.costRemainder);
			}
			return new Totals(this.calls, this.errors, cost,
					new TokenUsage(this.input, this.cacheRead, this.cacheWrite, this.output, this.reasoning));
		}

	}

	/**
	 * The written fields of a {@link Cell}, laid out after {@link CellPadding}'s.
	 */
	private abstract static class CellFields extends CellPadding {

		long calls;

		long errors;

		long costUnits;

		@Nullable BigDecimal costRemainder;

		long input;

		long cacheRead;

		long cacheWrite;

		long output;

		long reasoning;

	}

	/**
	 * Space between a cell's header and its written fields; superclass fields come first
	 * in memory.
	 */
	private abstract static class CellPadding {

		long p1;

		long p2;

		long p3;

		long p4;

		long p5;

		long p6;

		long p7;

	}

}
