package dev.llmcost.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The top spenders of one {@link AttributionDimension} over whole days of a ledger's
 * zone.
 *
 * @param by the dimension
 * @param from the start of the first day, inclusive
 * @param to the end of the last day, exclusive
 * @param exact whether every spender's totals are exact (a ledger with a store of daily
 * rows), or may over-count by their {@link Spender#overcount()} (a ledger that keeps the
 * top spenders of each day in memory)
 * @param unlistedAtMost the most a tenant or user not in {@code top} may have spent over
 * the days, in USD: zero when the ledger counts exactly and {@code top} holds everyone
 * @param top the spenders, highest cost first, at most as many as asked for
 * @author llm-cost contributors
 */
public record SpenderReport(AttributionDimension by, Instant from, Instant to, boolean exact, BigDecimal unlistedAtMost,
		List<Spender> top) {

	/**
	 * Create a report.
	 */
	public SpenderReport {
		Objects.requireNonNull(by, "by must not be null");
		Objects.requireNonNull(from, "from must not be null");
		Objects.requireNonNull(to, "to must not be null");
		Objects.requireNonNull(unlistedAtMost, "unlistedAtMost must not be null");
		top = List.copyOf(top);
	}

	/**
	 * Return an exact report with nobody in it.
	 * @param by the dimension
	 * @param from the start of the first day
	 * @param to the end of the last day
	 * @return the report
	 */
	public static SpenderReport none(AttributionDimension by, Instant from, Instant to) {
		return new SpenderReport(by, from, to, true, BigDecimal.ZERO, List.of());
	}

}
