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
		this.cells.computeIfAbsent(call.feature(), (feature) -> new ConcurrentHashMap<>())
			.computeIfAbsent(call.model(), (model) -> new Cell())
			.add(call);
		if (!call.priced()) {
			this.unpriced.computeIfAbsent(call.model(), (model) -> new LongAdder()).increment();
		}
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
	 */
	private static final class Cell {

		private long calls;

		private long errors;

		private BigDecimal cost = BigDecimal.ZERO;

		private long input;

		private long cacheRead;

		private long cacheWrite;

		private long output;

		private long reasoning;

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

}
