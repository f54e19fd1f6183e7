package dev.llmcost.budget;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import dev.llmcost.ledger.LedgerPeriod;

/**
 * The spend of a budget over a calendar period of the ledger's zone, which starts again
 * from zero when the period ends.
 *
 * @author llm-cost contributors
 */
final class CalendarSpend extends BudgetSpend {

	private final BudgetPeriod period;

	private final ZoneId zone;

	private LedgerPeriod current;

	private long spent;

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
		this.spent = 0;
		return true;
	}

	@Override
	long spentAt(Instant now) {
		return this.spent;
	}

	@Override
	void addCost(Instant at, long cost) {
		// A call that ended in an earlier period, recorded late, is not this period's.
		if (!at.isBefore(this.current.from())) {
			this.spent = saturatedAdd(this.spent, cost);
		}
	}

	@Override
	Instant exhaustedUntil(Instant now, long spent) {
		return this.current.to();
	}

	@Override
	Spent spent(Instant now) {
		return new Spent(this.current.from(), this.current.to(), this.spent, this.current.to());
	}

	static long saturatedAdd(long a, long b) {
		long sum = a + b;
		return (((a ^ sum) & (b ^ sum)) < 0) ? Long.MAX_VALUE : sum;
	}

}
