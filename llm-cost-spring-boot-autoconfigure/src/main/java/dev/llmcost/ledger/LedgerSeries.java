package dev.llmcost.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.llmcost.ledger.LedgerSnapshot.FeatureTotals;
import dev.llmcost.ledger.LedgerSnapshot.Totals;

/**
 * The totals of a period hour by hour or day by day: one point per {@link LedgerStep
 * step} of the period, those without calls included, so that a chart can be drawn from it
 * as it is.
 *
 * @param step the width of the points
 * @param points the points, in time order, covering the whole period
 * @author llm-cost contributors
 */
public record LedgerSeries(LedgerStep step, List<Point> points) {

	/**
	 * Create a series.
	 */
	public LedgerSeries {
		Objects.requireNonNull(step, "step must not be null");
		points = List.copyOf(points);
	}

	/**
	 * Return the series of the given rows over a period.
	 * @param period the period
	 * @param rows the rows of the period's hours; rows outside it are left out
	 * @param step the width of the points
	 * @return the series
	 * @throws IllegalArgumentException if the period has more than
	 * {@link LedgerStep#MAX_POINTS} points of that step
	 */
	public static LedgerSeries of(LedgerPeriod period, Collection<LedgerRow> rows, LedgerStep step) {
		TreeMap<Instant, LedgerSnapshot.Builder> buckets = new TreeMap<>();
		for (Instant start : step.starts(period)) {
			buckets.put(start, LedgerSnapshot.builder());
		}
		for (LedgerRow row : rows) {
			Map.Entry<Instant, LedgerSnapshot.Builder> bucket = buckets.floorEntry(row.hour());
			if (bucket != null && row.hour().isBefore(period.to())) {
				bucket.getValue().add(row.feature(), row.model(), row.totals());
			}
		}
		List<Point> points = new ArrayList<>(buckets.size());
		List<Instant> starts = new ArrayList<>(buckets.keySet());
		for (int i = 0; i < starts.size(); i++) {
			Instant from = max(starts.get(i), period.from());
			Instant to = (i + 1 < starts.size()) ? starts.get(i + 1) : period.to();
			points.add(Point.of(from, max(to, from), buckets.get(starts.get(i)).build(from)));
		}
		return new LedgerSeries(step, points);
	}

	private static Instant max(Instant one, Instant other) {
		return one.isAfter(other) ? one : other;
	}

	/**
	 * The totals of one hour or day.
	 *
	 * @param from the start, inclusive: the start of the hour or day, or of the period if
	 * later
	 * @param to the end, exclusive: the end of the hour or day, or of the period if
	 * earlier
	 * @param total the totals over all features
	 * @param features the totals per feature and model by feature name, highest cost
	 * first; features without calls are left out
	 */
	public record Point(Instant from, Instant to, Totals total, Map<String, FeatureTotals> features) {

		/**
		 * Create a point.
		 */
		public Point {
			features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
		}

		static Point of(Instant from, Instant to, LedgerSnapshot totals) {
			Map<String, FeatureTotals> features = new LinkedHashMap<>();
			totals.features().forEach((feature) -> features.put(feature.feature(), feature));
			return new Point(from, to, totals.total(), features);
		}

		/**
		 * Return the totals of one feature in this point.
		 * @param feature the feature
		 * @return its totals, {@link Totals#NONE} if it had no calls
		 */
		public Totals feature(String feature) {
			FeatureTotals totals = this.features.get(feature);
			return (totals != null) ? totals.totals() : Totals.NONE;
		}

	}

}
