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
	 * Cells of different features are written by different threads at once. The padding
	 * superclass and the padding fields below keep each cell's written fields and lock
	 * word off the cache lines of its neighbours in memory, so that independent cells do
	 * not slow each other down (measured in the benchmarks module).
	 */
	private static final class Cell extends CellFields {

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
			this.cost = this.cost.add(call.cost());
			this.input += usage.input();
			this.cacheRead += usage.cacheRead();
			this.cacheWrite += usage.cacheWrite();
			this.output += usage.output();
			this.reasoning += usage.reasoning();
		}

		synchronized Totals totals() {
			return new Totals(this.calls, this.errors, this.cost,
					new TokenUsage(this.input, this.cacheRead, this.cacheWrite, this.output, this.reasoning));
		}

	}

	/**
	 * The written fields of a {@link Cell}, laid out after {@link CellPadding}'s.
	 */
	private abstract static class CellFields extends CellPadding {

		long calls;

		long errors;

		BigDecimal cost = BigDecimal.ZERO;

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
