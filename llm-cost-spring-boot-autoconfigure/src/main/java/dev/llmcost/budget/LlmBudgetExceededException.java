package dev.llmcost.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * Thrown instead of calling a model when a budget whose action is
 * {@link BudgetAction#BLOCK block} has been spent. The model was not called, and the call
 * was not billed.
 *
 * @author llm-cost contributors
 */
public class LlmBudgetExceededException extends RuntimeException {

	private final String budget;

	private final BigDecimal limit;

	private final BigDecimal spent;

	private final String currency;

	private final String period;

	private final Instant resetsAt;

	/**
	 * Create an exception.
	 * @param budget the budget's name
	 * @param limit the budget's limit, in the reporting currency
	 * @param spent what the budget's calls cost in the current period, in the reporting
	 * currency
	 * @param currency the reporting currency's code
	 * @param period the budget's period, as configured
	 * @param resetsAt when calls will be allowed again
	 */
	public LlmBudgetExceededException(String budget, BigDecimal limit, BigDecimal spent, String currency, String period,
			Instant resetsAt) {
		super("LLM budget '" + budget + "' is exhausted: spent " + spent.toPlainString() + " of "
				+ limit.toPlainString() + " " + currency + " (period " + period + "); calls resume at " + resetsAt);
		this.budget = Objects.requireNonNull(budget, "budget must not be null");
		this.limit = Objects.requireNonNull(limit, "limit must not be null");
		this.spent = Objects.requireNonNull(spent, "spent must not be null");
		this.currency = Objects.requireNonNull(currency, "currency must not be null");
		this.period = Objects.requireNonNull(period, "period must not be null");
		this.resetsAt = Objects.requireNonNull(resetsAt, "resetsAt must not be null");
	}

	/**
	 * Return the name of the budget that is exhausted.
	 * @return the budget's name
	 */
	public String getBudget() {
		return this.budget;
	}

	/**
	 * Return the budget's limit, in the reporting currency.
	 * @return the limit
	 */
	public BigDecimal getLimit() {
		return this.limit;
	}

	/**
	 * Return what the budget's calls cost in the current period, in the reporting
	 * currency.
	 * @return the spend
	 */
	public BigDecimal getSpent() {
		return this.spent;
	}

	/**
	 * Return the code of the reporting currency.
	 * @return the currency code
	 */
	public String getCurrency() {
		return this.currency;
	}

	/**
	 * Return the budget's period, as configured: {@code day}, {@code week}, {@code month}
	 * or a rolling duration.
	 * @return the period
	 */
	public String getPeriod() {
		return this.period;
	}

	/**
	 * Return when calls will be allowed again, if no other instance spends in the
	 * meantime: the end of a calendar period, or when enough of a rolling window's spend
	 * has left it.
	 * @return the instant
	 */
	public Instant getResetsAt() {
		return this.resetsAt;
	}

}
