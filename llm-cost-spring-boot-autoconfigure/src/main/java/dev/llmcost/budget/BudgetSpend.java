package dev.llmcost.budget;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What one budget's calls cost in its current period, in billionths of the reporting
 * currency.
 * <p>
 * Calls are {@link #add added} under a lock, once each after it ended; the check before a
 * call only reads {@link #isExhausted(long) one volatile field}, so that it costs a few
 * nanoseconds and never waits for a call being added.
 *
 * @author llm-cost contributors
 */
abstract sealed class BudgetSpend permits CalendarSpend, RollingSpend {

	/**
	 * The limit, in billionths of the reporting currency.
	 */
	protected final long limit;

	/**
	 * Until when, in epoch milliseconds, the budget is exhausted: the end of the calendar
	 * period, or when enough of the rolling window's spend has left it. In the past when
	 * the budget is not exhausted.
	 */
	private volatile long exhaustedUntil = Long.MIN_VALUE;

	BudgetSpend(long limit) {
		this.limit = limit;
	}

	/**
	 * Return whether the budget is exhausted at the given instant.
	 * @param now the current instant, in epoch milliseconds
	 * @return whether the limit has been reached in the current period
	 */
	final boolean isExhausted(long now) {
		return now < this.exhaustedUntil;
	}

	/**
	 * Add the cost of a call.
	 * @param at when the call ended
	 * @param cost its cost, in billionths of the reporting currency
	 */
	final synchronized void add(Instant at, long cost) {
		Instant exhaustedUntil = addAndFindExhaustedUntil(at, cost);
		this.exhaustedUntil = (exhaustedUntil != null) ? exhaustedUntil.toEpochMilli() : Long.MIN_VALUE;
	}

	/**
	 * Return the spend of the current period.
	 * @param now the current instant
	 * @return the spend
	 */
	abstract Spent spent(Instant now);

	/**
	 * Add the cost of a call, under the lock, and return until when the budget is
	 * exhausted.
	 * @param at when the call ended
	 * @param cost its cost, in billionths of the reporting currency
	 * @return until when the budget is exhausted, or {@code null} if it is not
	 */
	abstract @Nullable Instant addAndFindExhaustedUntil(Instant at, long cost);

	/**
	 * The spend of a budget's current period.
	 *
	 * @param from the start of the period, inclusive
	 * @param to the end of the period: of a calendar period, its end; of a rolling
	 * window, now
	 * @param spent the spend, in billionths of the reporting currency
	 * @param resetsAt of a calendar period, its end; of a rolling window, when its spend
	 * falls below the limit if it is exhausted, else when all its spend has left it
	 */
	record Spent(Instant from, Instant to, long spent, Instant resetsAt) {

	}

}
