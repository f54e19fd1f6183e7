package dev.llmcost.ledger;

import java.math.BigDecimal;

import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitUsage;

/**
 * Totals that grow call by call, or row by row, in plain counters: adding to them
 * allocates nothing but the cost's sum, which matters where one is kept per feature,
 * model and hour, or where a month of rows is added up per request. Not thread-safe:
 * callers that share one lock around it.
 *
 * @author llm-cost contributors
 */
class RunningTotals {

	private long calls;

	private long errors;

	private BigDecimal cost = BigDecimal.ZERO;

	private long input;

	private long cacheRead;

	private long cacheWrite;

	private long output;

	private long reasoning;

	private UnitUsage units = UnitUsage.NONE;

	/**
	 * Add calls.
	 * @param calls the number of calls
	 * @param errors how many of them failed
	 * @param cost their cost in USD
	 * @param tokens their tokens
	 * @param units their other units
	 */
	void add(long calls, long errors, BigDecimal cost, TokenUsage tokens, UnitUsage units) {
		this.calls += calls;
		this.errors += errors;
		this.cost = this.cost.add(cost);
		this.input += tokens.input();
		this.cacheRead += tokens.cacheRead();
		this.cacheWrite += tokens.cacheWrite();
		this.output += tokens.output();
		this.reasoning += tokens.reasoning();
		// Most calls have none: adding them allocates nothing.
		this.units = this.units.plus(units);
	}

	/**
	 * Add other totals.
	 * @param totals the totals
	 */
	void add(Totals totals) {
		add(totals.calls(), totals.errors(), totals.cost(), totals.tokens(), totals.units());
	}

	/**
	 * Return the totals so far.
	 * @return the totals
	 */
	Totals totals() {
		return new Totals(this.calls, this.errors, this.cost,
				new TokenUsage(this.input, this.cacheRead, this.cacheWrite, this.output, this.reasoning), this.units);
	}

}
