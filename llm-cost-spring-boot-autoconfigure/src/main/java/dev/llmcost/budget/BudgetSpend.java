package dev.llmcost.budget;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What one budget's calls cost in its current period, in billionths of the reporting
 * currency.
 * <p>
 * Calls are {@link #add added} under a lock, once each after it ended; the check before a
 * call only reads {@link #isExhausted(long) one volatile field}, so that it costs a few
 * nanoseconds and never waits for a call being added.
 * <p>
 * Every change of the spend, and every read that moves the period on, goes through
 * {@link #changed}, which finds the {@code warn-at} thresholds and the limit the spend
 * crossed and whether a new period started after one in which any was: the
 * {@link Transition transitions} are returned to the caller, which publishes them once it
 * no longer holds the lock.
 *
 * @author llm-cost contributors
 */
abstract sealed class BudgetSpend permits CalendarSpend, RollingSpend {

	/**
	 * The limit, in billionths of the reporting currency.
	 */
	protected final long limit;

	// The warn-at percentages, ascending.
	private final int[] warnAt;

	// The spend at which each level is reached: each warn-at threshold, then the limit.
	private final long[] levels;

	// How many levels have been reached and announced, in this period or, for a rolling
	// window, since the spend was last below them. Guarded by this.
	private int reached;

	/**
	 * Until when, in epoch milliseconds, the budget is exhausted: the end of the calendar
	 * period, or when enough of the rolling window's spend has left it. In the past when
	 * the budget is not exhausted.
	 */
	private volatile long exhaustedUntil = Long.MIN_VALUE;

	BudgetSpend(long limit, List<Integer> warnAt) {
		this.limit = limit;
		this.warnAt = warnAt.stream().mapToInt(Integer::intValue).toArray();
		this.levels = new long[this.warnAt.length + 1];
		for (int i = 0; i < this.warnAt.length; i++) {
			this.levels[i] = percentOf(limit, this.warnAt[i]);
		}
		this.levels[this.warnAt.length] = limit;
	}

	/**
	 * Return the given percentage of an amount, rounded up so that a threshold is reached
	 * exactly when the spend is at or above the percentage. Computed without overflow for
	 * any limit up to {@link BudgetDefinition#MAX_LIMIT}.
	 */
	static long percentOf(long amount, int percent) {
		return amount / 100 * percent + ((amount % 100) * percent + 99) / 100;
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
	 * @return what the spend crossed, to publish once the lock is released
	 */
	final synchronized Transitions add(Instant at, long cost) {
		boolean newPeriod = advance(at);
		long previous = spentAt(at);
		addCost(at, cost);
		return changed(at, newPeriod, previous, spentAt(at));
	}

	/**
	 * Return the spend of the current period, and what moving to it crossed: a new
	 * calendar period, or a rolling window whose spend fell back below thresholds.
	 * @param now the current instant
	 * @return the spend and the transitions to publish once the lock is released
	 */
	final synchronized Read read(Instant now) {
		boolean newPeriod = advance(now);
		long spent = spentAt(now);
		Transitions transitions = changed(now, newPeriod, spent, spent);
		return new Read(spent(now), transitions);
	}

	/**
	 * The one place every change of the spend goes through, under the lock: publishes
	 * until when the budget is exhausted for {@link #isExhausted(long)}, and returns the
	 * thresholds and limit crossed on the way from {@code previous} to {@code current},
	 * each once per period.
	 * <p>
	 * A calendar period announces each level once: a spend that goes down within the
	 * period (set from another source) does not arm it again. A rolling window arms a
	 * level again once its spend is seen below it. A {@link LlmBudgetEvent.Type#RESET
	 * reset} is returned when a new calendar period starts, or a rolling window's spend
	 * is seen below every level, after a level was reached.
	 * <p>
	 * A new way for the spend to change (for example set to the fleet's total) must call
	 * this method, under the lock, with the spend before and after the change.
	 * @param now the current instant, at which the spend is {@code current}
	 * @param newPeriod whether a new calendar period started since the last change
	 * @param previous the spend before the change, in the current period
	 * @param current the spend after the change
	 * @return the transitions, in the order they happened; {@link Transitions#NONE} when
	 * nothing was crossed
	 */
	final Transitions changed(Instant now, boolean newPeriod, long previous, long current) {
		Instant exhaustedUntil = (current >= this.limit) ? exhaustedUntil(now, current) : null;
		this.exhaustedUntil = (exhaustedUntil != null) ? exhaustedUntil.toEpochMilli() : Long.MIN_VALUE;
		boolean reset = false;
		if (newPeriod || this instanceof RollingSpend) {
			int below = newPeriod ? 0 : level(Math.min(previous, current));
			// Falling below a level other than the lowest re-arms it silently.
			if (below < this.reached) {
				this.reached = below;
				reset = below == 0;
			}
		}
		int level = level(current);
		if (!reset && level <= this.reached) {
			return Transitions.NONE;
		}
		List<Transition> transitions = new ArrayList<>();
		if (reset) {
			transitions.add(new Transition(LlmBudgetEvent.Type.RESET, null, Math.min(previous, current)));
		}
		for (int next = this.reached; next < level; next++) {
			transitions.add((next < this.warnAt.length)
					? new Transition(LlmBudgetEvent.Type.THRESHOLD_CROSSED, this.warnAt[next], current)
					: new Transition(LlmBudgetEvent.Type.EXHAUSTED, null, current));
		}
		this.reached = Math.max(this.reached, level);
		return new Transitions(transitions, spent(now));
	}

	private int level(long spent) {
		int level = 0;
		while (level < this.levels.length && spent >= this.levels[level]) {
			level++;
		}
		return level;
	}

	/**
	 * Move to the period that contains the given instant, under the lock.
	 * @param now the instant
	 * @return whether a new calendar period started
	 */
	abstract boolean advance(Instant now);

	/**
	 * Return the spend counted at the given instant, under the lock, once {@link #advance
	 * advanced} to it.
	 * @param now the instant
	 * @return the spend, in billionths of the reporting currency
	 */
	abstract long spentAt(Instant now);

	/**
	 * Add the cost of a call, under the lock, once {@link #advance advanced} to its end.
	 * @param at when the call ended
	 * @param cost its cost, in billionths of the reporting currency
	 */
	abstract void addCost(Instant at, long cost);

	/**
	 * Return until when the budget is exhausted, under the lock.
	 * @param now the current instant
	 * @param spent the spend at that instant, at or above the limit
	 * @return until when the budget is exhausted
	 */
	abstract Instant exhaustedUntil(Instant now, long spent);

	/**
	 * Return the spend of the current period, under the lock, once {@link #advance
	 * advanced} to the given instant.
	 * @param now the current instant
	 * @return the spend
	 */
	abstract Spent spent(Instant now);

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

	/**
	 * A read of the spend, and what moving to the current period crossed.
	 *
	 * @param spent the spend
	 * @param transitions the transitions to publish
	 */
	record Read(Spent spent, Transitions transitions) {

	}

	/**
	 * A threshold or the limit reached, or a reset.
	 *
	 * @param type what happened
	 * @param threshold the {@code warn-at} percentage, for
	 * {@link LlmBudgetEvent.Type#THRESHOLD_CROSSED} only
	 * @param spent the spend when it happened, in billionths of the reporting currency
	 */
	record Transition(LlmBudgetEvent.Type type, @Nullable Integer threshold, long spent) {

	}

	/**
	 * What one change of the spend crossed.
	 *
	 * @param list the transitions, in the order they happened
	 * @param period the period after the change, or {@code null} when there are none
	 */
	record Transitions(List<Transition> list, @Nullable Spent period) {

		/**
		 * Nothing crossed: the common case, without allocation.
		 */
		static final Transitions NONE = new Transitions(List.of(), null);

		boolean isEmpty() {
			return this.list.isEmpty();
		}

	}

}
