package dev.llmcost.ledger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.ModelTotals;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.ledger.LedgerSnapshot.UnpricedModel;
import dev.llmcost.usage.TokenUsage;

/**
 * A {@link CostLedger} that keeps exact totals in memory since the application started.
 * <p>
 * Each attribution and model pair has its own cell, locked only while one call is added
 * to it or read from it: calls to different features or models never wait for each other,
 * and the cost is an exact {@link BigDecimal} sum.
 *
 * @author llm-cost contributors
 */
public class InMemoryCostLedger implements CostLedger {

	private static final Comparator<Totals> HIGHEST_COST_FIRST = Comparator.comparing(Totals::cost)
		.reversed()
		.thenComparing(Comparator.comparingLong(Totals::calls).reversed());

	private static final Comparator<UnpricedModel> MOST_UNPRICED_CALLS_FIRST = Comparator
		.comparingLong(UnpricedModel::calls)
		.reversed()
		.thenComparing(UnpricedModel::model);

	private final Instant since;

	private final Map<Attribution, Map<String, Cell>> cells = new ConcurrentHashMap<>();

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
		String model = call.model();
		this.cells.computeIfAbsent(call.attribution(), (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(model, (key) -> new Cell())
			.add(call);
		if (!call.priced()) {
			this.unpriced.computeIfAbsent(model, (key) -> new LongAdder()).increment();
		}
	}

	@Override
	public LedgerSnapshot snapshot() {
		Map<String, Map<String, Totals>> byFeature = new LinkedHashMap<>();
		this.cells.forEach((attribution, models) -> {
			Map<String, Totals> feature = byFeature.computeIfAbsent(attribution.feature(),
					(key) -> new LinkedHashMap<>());
			models.forEach((model, cell) -> feature.merge(model, cell.totals(), Totals::plus));
		});
		List<FeatureTotals> features = new ArrayList<>();
		Totals total = Totals.NONE;
		for (Map.Entry<String, Map<String, Totals>> feature : byFeature.entrySet()) {
			List<ModelTotals> models = new ArrayList<>();
			Totals featureTotal = Totals.NONE;
			for (Map.Entry<String, Totals> model : feature.getValue().entrySet()) {
				models.add(new ModelTotals(model.getKey(), model.getValue()));
				featureTotal = featureTotal.plus(model.getValue());
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
		unpricedModels.sort(MOST_UNPRICED_CALLS_FIRST);
		return new LedgerSnapshot(this.since, total, List.copyOf(features), List.copyOf(unpricedModels));
	}

	/**
	 * Walks the unpriced counts once, keeping the {@code limit} models with the most
	 * calls: no copy of the ledger's cells.
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
	private static final class Cell {

		private long calls;

		private long errors;

		private BigDecimal cost = BigDecimal.ZERO;

		private TokenUsage tokens = TokenUsage.EMPTY;

		synchronized void add(RecordedCall call) {
			this.calls++;
			this.errors += call.error() ? 1 : 0;
			this.cost = this.cost.add(call.cost());
			this.tokens = this.tokens.plus(call.usage());
		}

		synchronized Totals totals() {
			return new Totals(this.calls, this.errors, this.cost, this.tokens);
		}

	}

}
