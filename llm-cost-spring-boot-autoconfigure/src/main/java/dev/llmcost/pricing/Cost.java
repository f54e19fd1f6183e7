package dev.llmcost.pricing;

import java.math.BigDecimal;
import java.util.Arrays;

import dev.llmcost.usage.TokenType;

/**
 * The exact cost of one call in USD, per token bucket.
 *
 * @author llm-cost contributors
 */
public final class Cost {

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

	private final BigDecimal total;

	Cost(BigDecimal[] amounts) {
		this.amounts = amounts;
		BigDecimal sum = BigDecimal.ZERO;
		for (BigDecimal amount : amounts) {
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
	 * Return the cost of all buckets.
	 * @return the total cost in USD
	 */
	public BigDecimal total() {
		return this.total;
	}

	@Override
	public String toString() {
		return "Cost[total=" + this.total.toPlainString() + "]";
	}

}
