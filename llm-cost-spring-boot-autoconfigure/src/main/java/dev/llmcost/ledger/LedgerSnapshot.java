package dev.llmcost.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitUsage;
import org.jspecify.annotations.Nullable;

/**
 * Totals of a {@link CostLedger} at one moment.
 *
 * @param since when the ledger started counting
 * @param total the totals over all features
 * @param features the totals per feature, highest cost first
 * @param unpriced the models that had no price, most calls first; a model whose calls
 * were priced as the requested model names that model
 * @author llm-cost contributors
 */
public record LedgerSnapshot(Instant since, Totals total, List<FeatureTotals> features, List<UnpricedModel> unpriced) {

	private static final Comparator<Totals> HIGHEST_COST_FIRST = Comparator.comparing(Totals::cost)
		.reversed()
		.thenComparing(Comparator.comparingLong(Totals::calls).reversed());

	/**
	 * The order of unpriced models: most calls first, then by name.
	 */
	static final Comparator<UnpricedModel> MOST_UNPRICED_CALLS_FIRST = Comparator.comparingLong(UnpricedModel::calls)
		.reversed()
		.thenComparing(UnpricedModel::model)
		.thenComparing(UnpricedModel::pricedAs, Comparator.nullsFirst(Comparator.naturalOrder()));

	/**
	 * Return a builder that sums totals per feature and model and sorts them as every
	 * report of a ledger shows them.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Calls, errors, cost, tokens and other units of a group of calls.
	 *
	 * @param calls the number of calls
	 * @param errors the number of failed calls
	 * @param cost the cost in USD
	 * @param tokens the tokens per bucket
	 * @param units the units billed besides tokens
	 */
	public record Totals(long calls, long errors, BigDecimal cost, TokenUsage tokens, UnitUsage units) {

		/**
		 * No calls at all.
		 */
		public static final Totals NONE = new Totals(0, 0, BigDecimal.ZERO, TokenUsage.EMPTY);

		/**
		 * Create totals of calls billed in tokens only.
		 * @param calls the number of calls
		 * @param errors the number of failed calls
		 * @param cost the cost in USD
		 * @param tokens the tokens per bucket
		 */
		public Totals(long calls, long errors, BigDecimal cost, TokenUsage tokens) {
			this(calls, errors, cost, tokens, UnitUsage.NONE);
		}

		/**
		 * Return the sum of these totals and others.
		 * @param other the totals to add
		 * @return the sum
		 */
		public Totals plus(Totals other) {
			return new Totals(this.calls + other.calls, this.errors + other.errors, this.cost.add(other.cost),
					this.tokens.plus(other.tokens), this.units.plus(other.units));
		}

	}

	/**
	 * The totals of one feature, and of each model it used.
	 *
	 * @param feature the feature
	 * @param totals the feature's totals
	 * @param models the totals per model, highest cost first
	 */
	public record FeatureTotals(String feature, Totals totals, List<ModelTotals> models) {

	}

	/**
	 * The totals of one model within a feature.
	 *
	 * @param model the model
	 * @param totals the totals
	 */
	public record ModelTotals(String model, Totals totals) {

	}

	/**
	 * A model that had no price: its calls cost nothing, or, when it answered a request
	 * for a priced model, were priced as that model.
	 *
	 * @param model the model name
	 * @param calls the number of its calls that cost nothing, or that were priced as
	 * {@code pricedAs}
	 * @param pricedAs the requested model whose price its calls were given, or
	 * {@code null} for calls that cost nothing
	 */
	public record UnpricedModel(String model, long calls, @Nullable String pricedAs) {

		/**
		 * Create a model whose calls cost nothing.
		 * @param model the model name
		 * @param calls the number of unpriced calls
		 */
		public UnpricedModel(String model, long calls) {
			this(model, calls, null);
		}

	}

	/**
	 * Sums the totals of calls per feature and model, and the unpriced calls per model,
	 * into a snapshot: features highest cost first, and within each its models likewise,
	 * ties to the most calls, then by name; unpriced models most calls first. The one
	 * place these orders are made, for since-start snapshots and for reports of any
	 * period alike. Not thread-safe.
	 */
	public static final class Builder {

		private final Map<String, Map<String, RunningTotals>> features = new HashMap<>();

		private final Map<String, Long> unpriced = new HashMap<>();

		private final Map<PricedAs, Long> pricedAs = new HashMap<>();

		private Builder() {
		}

		/**
		 * Add totals of a feature and model.
		 * @param feature the feature
		 * @param model the model
		 * @param totals the totals to add
		 * @return this builder
		 */
		public Builder add(String feature, String model, Totals totals) {
			this.features.computeIfAbsent(feature, (key) -> new HashMap<>())
				.computeIfAbsent(model, (key) -> new RunningTotals())
				.add(totals);
			return this;
		}

		/**
		 * Add calls of a model that had no price.
		 * @param model the model
		 * @param calls the number of unpriced calls; none adds nothing
		 * @return this builder
		 */
		public Builder addUnpriced(String model, long calls) {
			if (calls > 0) {
				this.unpriced.merge(model, calls, Long::sum);
			}
			return this;
		}

		/**
		 * Add calls of a model that had no price and were priced as the requested model
		 * in its place.
		 * @param model the model that answered
		 * @param pricedAs the requested model whose price was used
		 * @param calls the number of such calls; none adds nothing
		 * @return this builder
		 */
		public Builder addPricedAs(String model, String pricedAs, long calls) {
			if (calls > 0) {
				this.pricedAs.merge(new PricedAs(model, pricedAs), calls, Long::sum);
			}
			return this;
		}

		/**
		 * Return whether nothing was added.
		 * @return whether there are no totals
		 */
		public boolean isEmpty() {
			return this.features.isEmpty() && this.unpriced.isEmpty() && this.pricedAs.isEmpty();
		}

		/**
		 * Return the snapshot of what was added.
		 * @param since when the counting started
		 * @return the snapshot
		 */
		public LedgerSnapshot build(Instant since) {
			List<FeatureTotals> features = new ArrayList<>(this.features.size());
			Totals total = Totals.NONE;
			for (Map.Entry<String, Map<String, RunningTotals>> feature : this.features.entrySet()) {
				List<ModelTotals> models = new ArrayList<>(feature.getValue().size());
				Totals featureTotal = Totals.NONE;
				for (Map.Entry<String, RunningTotals> model : feature.getValue().entrySet()) {
					Totals totals = model.getValue().totals();
					models.add(new ModelTotals(model.getKey(), totals));
					featureTotal = featureTotal.plus(totals);
				}
				models.sort(Comparator.comparing(ModelTotals::totals, HIGHEST_COST_FIRST)
					.thenComparing(ModelTotals::model));
				features.add(new FeatureTotals(feature.getKey(), featureTotal, List.copyOf(models)));
				total = total.plus(featureTotal);
			}
			features.sort(Comparator.comparing(FeatureTotals::totals, HIGHEST_COST_FIRST)
				.thenComparing(FeatureTotals::feature));
			List<UnpricedModel> unpricedModels = new ArrayList<>(this.unpriced.size() + this.pricedAs.size());
			this.unpriced.forEach((model, calls) -> unpricedModels.add(new UnpricedModel(model, calls)));
			this.pricedAs.forEach((key, calls) -> unpricedModels.add(new UnpricedModel(key.model(), calls, key.as())));
			unpricedModels.sort(MOST_UNPRICED_CALLS_FIRST);
			return new LedgerSnapshot(since, total, List.copyOf(features), List.copyOf(unpricedModels));
		}

		private record PricedAs(String model, String as) {

		}

	}

}
