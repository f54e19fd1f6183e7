package dev.llmcost.budget;

import java.time.Instant;
import java.time.ZoneId;

import dev.llmcost.ledger.LedgerPeriod;
import org.jspecify.annotations.Nullable;

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

	CalendarSpend(BudgetPeriod period, ZoneId zone, long limit, Instant now) {
		super(limit);
		this.period = period;
		this.zone = zone;
		this.current = period.calendarPeriod(now, zone);
	}

	@Override
	synchronized Spent spent(Instant now) {
		roll(now);
		return new Spent(this.current.from(), this.current.to(), this.spent, this.current.to());
	}

	@Override
	@Nullable Instant addAndFindExhaustedUntil(Instant at, long cost) {
		roll(at);
		// A call that ended in an earlier period, recorded late, is not this period's.
		if (!at.isBefore(this.current.from())) {
			this.spent = saturatedAdd(this.spent, cost);
		}
		return (this.spent >= this.limit) ? this.current.to() : null;
	}

	private void roll(Instant now) {
		if (!now.isBefore(this.current.to())) {
			this.current = this.period.calendarPeriod(now, this.zone);
			this.spent = 0;
		}
	}

	static long saturatedAdd(long a, long b) {
		long sum = a + b;
		return (((a ^ sum) & (b ^ sum)) < 0) ? Long.MAX_VALUE : sum;
	}

}
