package dev.llmcost.budget;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import dev.llmcost.ledger.LedgerPeriod;

/**
 * The spend of a budget over a calendar period of the ledger's zone, which starts again
 * from zero when the period ends.
 * <p>
 * With a ledger shared by the fleet, the spend is kept in three parts, so that a refresh
 * from the ledger's store counts each call once: the fleet's spend as the store held it
 * at the last refresh, this instance's calls that the ledger has taken to write since
 * ({@link #drain() drained}), and its calls since the last drain. A refresh replaces the
 * first two with the store's new total, which holds every drained call; the calls since
 * the drain stay. Without such a ledger, nothing is drained and the spend is this
 * instance's calls, on top of what the ledger held at startup.
 *
 * @author llm-cost contributors
 */
final class CalendarSpend extends BudgetSpend {

	private final BudgetPeriod period;

	private final ZoneId zone;

	private LedgerPeriod current;

	// The fleet's spend as the ledger's store held it at the last refresh.
	private long fleet;

	// This instance's calls taken by the ledger to write since the last refresh.
	private long drained;

	// This instance's calls since the last drain.
	private long local;

	CalendarSpend(BudgetPeriod period, ZoneId zone, long limit, List<Integer> warnAt, Instant now) {
		super(limit, warnAt);
		this.period = period;
		this.zone = zone;
		this.current = period.calendarPeriod(now, zone);
	}

	@Override
	boolean advance(Instant now) {
		if (now.isBefore(this.current.to())) {
			return false;
		}
		this.current = this.period.calendarPeriod(now, this.zone);
		this.fleet = 0;
		this.drained = 0;
		this.local = 0;
		return true;
	}

	@Override
	long spentAt(Instant now) {
		return saturatedAdd(saturatedAdd(this.fleet, this.drained), this.local);
	}

	@Override
	void addCost(Instant at, long cost) {
		// A call that ended in an earlier period, recorded late, is not this period's.
		if (!at.isBefore(this.current.from())) {
			this.local = saturatedAdd(this.local, cost);
		}
	}

	@Override
	Instant exhaustedUntil(Instant now, long spent) {
		return this.current.to();
	}

	@Override
	Spent spent(Instant now) {
		return new Spent(this.current.from(), this.current.to(), spentAt(now), this.current.to());
	}

	/**
	 * Return the period a refresh from the ledger's store should read: the one that
	 * contains the given instant. Moving to it is left to {@link #setFleetSpend}, which
	 * tells what the move crossed.
	 * @param now the current instant
	 * @return the period
	 */
	LedgerPeriod periodAt(Instant now) {
		return this.period.calendarPeriod(now, this.zone);
	}

	/**
	 * Count the calls since the last drain as taken by the ledger to write: the next
	 * {@link #setFleetSpend refresh} finds them in the store's total.
	 */
	synchronized void drain() {
		this.drained = saturatedAdd(this.drained, this.local);
		this.local = 0;
	}

	/**
	 * Set the spend of the fleet, read from the ledger's store once it holds every call
	 * {@link #drain() drained} so far: the spend becomes that total and this instance's
	 * calls since the last drain. Goes through {@link #changed} like a call does, so a
	 * threshold the fleet crossed is published.
	 * @param period the period the total is of
	 * @param fleetSpend the total, in billionths of the reporting currency
	 * @param now the current instant
	 * @return what the spend crossed, to publish once the lock is released; nothing is
	 * set when the period has ended since the total was read
	 */
	synchronized Transitions setFleetSpend(LedgerPeriod period, long fleetSpend, Instant now) {
		boolean newPeriod = advance(now);
		long previous = spentAt(now);
		if (this.current.equals(period)) {
			this.fleet = fleetSpend;
			this.drained = 0;
		}
		return changed(now, newPeriod, previous, spentAt(now));
	}

	static long saturatedAdd(long a, long b) {
		long sum = a + b;
		return (((a ^ sum) & (b ^ sum)) < 0) ? Long.MAX_VALUE : sum;
	}

}
