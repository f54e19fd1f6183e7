package dev.llmcost.pricing;

import java.math.BigDecimal;
import java.util.Arrays;

import dev.llmcost.usage.TokenType;
import dev.llmcost.usage.UnitType;

/**
 * The exact cost of one call in USD, per token bucket and per unit billed besides tokens.
 *
 * @author llm-cost contributors
 */
public final class Cost {

	private static final BigDecimal[] NO_UNIT_COSTS;

	static {
		NO_UNIT_COSTS = new BigDecimal[UnitType.values().length];
		Arrays.fill(NO_UNIT_COSTS, BigDecimal.ZERO);
	}

	/**
	 * The cost of a call that cost nothing, or whose model has no price.
	 */
	public static final Cost ZERO;

	static {
		BigDecimal[] zeros = new BigDecimal[TokenType.values().length];
		Arrays.fill(zeros, BigDecimal.ZERO);
		ZERO = new Cost(zeros);
	}

	private final BigDecimal[] amounts;

	private final BigDecimal[] unitAmounts;

	private final BigDecimal total;

	Cost(BigDecimal[] amounts) {
		this(amounts, NO_UNIT_COSTS);
	}

	Cost(BigDecimal[] amounts, BigDecimal[] unitAmounts) {
		this.amounts = amounts;
		this.unitAmounts = unitAmounts;
		BigDecimal sum = BigDecimal.ZERO;
		for (BigDecimal amount : amounts) {
			sum = sum.add(amount);
		}
		for (BigDecimal amount : unitAmounts) {
			sum = sum.add(amount);
		}
		this.total = sum;
	}

	/**
	 * Return the cost of one bucket.
	 * @param type the bucket
	 * @return the cost in USD
	 */
	public BigDecimal of(TokenType type) {
		return this.amounts[type.ordinal()];
	}

	/**
	 * Return the cost of the units of one type.
	 * @param type the unit
	 * @return the cost in USD
	 */
	public BigDecimal of(UnitType type) {
		return this.unitAmounts[type.ordinal()];
	}

	/**
	 * Return the cost of all buckets and units.
	 * @return the total cost in USD
	 */
	public BigDecimal total() {
		return this.total;
	}

	Cost withUnits(BigDecimal[] unitAmounts) {
		return new Cost(this.amounts, unitAmounts);
	}

	@Override
	public String toString() {
		return "Cost[total=" + this.total.toPlainString() + "]";
	}

}
