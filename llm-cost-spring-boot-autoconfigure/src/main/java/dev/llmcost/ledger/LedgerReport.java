package dev.llmcost.ledger;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.ledger.LedgerSnapshot.UnpricedModel;
import org.jspecify.annotations.Nullable;

/**
 * The totals of a {@link CostLedger} over a {@link LedgerPeriod period}: per feature and
 * model, over all features, the models that had no price, and, when asked for, a
 * {@link LedgerSeries time series}. Features and models are in the order of
 * {@link LedgerSnapshot}s: highest cost first.
 *
 * @param period the period
 * @param total the totals over all features
 * @param features the totals per feature, highest cost first
 * @param unpriced the models that had no price, most calls first
 * @param series the period step by step, or {@code null} when none was asked for
 * @author llm-cost contributors
 */
public record LedgerReport(LedgerPeriod period, Totals total, List<FeatureTotals> features,
		List<UnpricedModel> unpriced, @Nullable LedgerSeries series) {

	/**
	 * Create a report.
	 */
	public LedgerReport {
		Objects.requireNonNull(period, "period must not be null");
		Objects.requireNonNull(total, "total must not be null");
		features = List.copyOf(features);
		unpriced = List.copyOf(unpriced);
	}

	/**
	 * Return the report of the given rows over a period.
	 * @param period the period
	 * @param rows the rows of the period's hours, from {@link CostLedger#rows
	 * rows(period.firstHour(), period.to())}
	 * @param step the width of the points of a series, or {@code null} for none
	 * @return the report
	 * @throws IllegalArgumentException if the period has more than
	 * {@link LedgerStep#MAX_POINTS} points of the step
	 */
	public static LedgerReport of(LedgerPeriod period, Collection<LedgerRow> rows, @Nullable LedgerStep step) {
		LedgerSeries series = (step != null) ? LedgerSeries.of(period, rows, step) : null;
		LedgerSnapshot.Builder builder = LedgerSnapshot.builder();
		for (LedgerRow row : rows) {
			builder.add(row.feature(), row.model(), row.totals()).addUnpriced(row.model(), row.unpricedCalls());
		}
		return of(period, builder.build(period.from()), series);
	}

	/**
	 * Return the report of a snapshot's totals: the whole of a period since the ledger
	 * started, which hourly rows may no longer hold.
	 * @param period the period
	 * @param totals the totals
	 * @param series the series, or {@code null}
	 * @return the report
	 */
	public static LedgerReport of(LedgerPeriod period, LedgerSnapshot totals, @Nullable LedgerSeries series) {
		return new LedgerReport(period, totals.total(), totals.features(), totals.unpriced(), series);
	}

	/**
	 * Return the totals of one feature.
	 * @param feature the feature
	 * @return its totals, or {@code null} if it had no calls in the period
	 */
	public @Nullable FeatureTotals feature(String feature) {
		for (FeatureTotals candidate : this.features) {
			if (candidate.feature().equals(feature)) {
				return candidate;
			}
		}
		return null;
	}

}
