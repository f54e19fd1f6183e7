package dev.llmcost.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a budget's spend crosses one of its {@code warn-at} thresholds, reaches
 * its limit, or starts a new period: once per budget, threshold and period, not once per
 * call; for a {@code day}, {@code week} or {@code month} budget with a ledger the fleet
 * shares (the JDBC ledger), by one instance of the fleet ({@link FleetBudgetEvents}).
 * <p>
 * React to it with an {@code @EventListener}, for example to post to a chat webhook. The
 * listener runs on the thread that recorded the call or read the budgets, or, for an
 * event claimed for the fleet, on the ledger's flush thread: hand slow work to an
 * executor.
 *
 * @author llm-cost contributors
 */
public class LlmBudgetEvent extends ApplicationEvent {

	private final Type type;

	private final BudgetDefinition budget;

	private final @Nullable Integer threshold;

	private final BigDecimal spent;

	private final String currency;

	private final Instant periodStart;

	private final Instant resetsAt;

	/**
	 * Create an event.
	 * @param source the budgets that publish it
	 * @param type what happened
	 * @param budget the budget
	 * @param threshold the {@code warn-at} percentage crossed, for
	 * {@link Type#THRESHOLD_CROSSED} only
	 * @param spent what the budget's calls cost in the period when it happened, in the
	 * reporting currency
	 * @param currency the reporting currency's code
	 * @param periodStart the start of the period it happened in
	 * @param resetsAt when the period ends, or when a rolling window's spend falls back
	 * below the limit
	 */
	public LlmBudgetEvent(Object source, Type type, BudgetDefinition budget, @Nullable Integer threshold,
			BigDecimal spent, String currency, Instant periodStart, Instant resetsAt) {
		super(source);
		this.type = Objects.requireNonNull(type, "type must not be null");
		this.budget = Objects.requireNonNull(budget, "budget must not be null");
		if ((type == Type.THRESHOLD_CROSSED) != (threshold != null)) {
			throw new IllegalArgumentException("threshold must be given for THRESHOLD_CROSSED, and only then");
		}
		this.threshold = threshold;
		this.spent = Objects.requireNonNull(spent, "spent must not be null");
		this.currency = Objects.requireNonNull(currency, "currency must not be null");
		this.periodStart = Objects.requireNonNull(periodStart, "periodStart must not be null");
		this.resetsAt = Objects.requireNonNull(resetsAt, "resetsAt must not be null");
	}

	/**
	 * Return what happened.
	 * @return the type
	 */
	public Type getType() {
		return this.type;
	}

	/**
	 * Return the budget.
	 * @return the budget as configured
	 */
	public BudgetDefinition getBudget() {
		return this.budget;
	}

	/**
	 * Return the {@code warn-at} percentage crossed.
	 * @return the percentage, or {@code null} unless the type is
	 * {@link Type#THRESHOLD_CROSSED}
	 */
	public @Nullable Integer getThreshold() {
		return this.threshold;
	}

	/**
	 * Return what the budget's calls cost in the period when it happened.
	 * @return the spend, in the reporting currency
	 */
	public BigDecimal getSpent() {
		return this.spent;
	}

	/**
	 * Return the budget's limit.
	 * @return the limit, in the reporting currency
	 */
	public BigDecimal getLimit() {
		return this.budget.limit();
	}

	/**
	 * Return the reporting currency's code.
	 * @return the currency
	 */
	public String getCurrency() {
		return this.currency;
	}

	/**
	 * Return the start of the period the event happened in.
	 * @return the start, inclusive
	 */
	public Instant getPeriodStart() {
		return this.periodStart;
	}

	/**
	 * Return when the budget resets: the end of a calendar period, or when a rolling
	 * window's spend falls back below the limit.
	 * @return the reset time
	 */
	public Instant getResetsAt() {
		return this.resetsAt;
	}

	@Override
	public String toString() {
		return "LlmBudgetEvent[" + this.type + ", budget=" + this.budget.name()
				+ ((this.threshold != null) ? ", threshold=" + this.threshold + "%" : "") + ", spent="
				+ this.spent.toPlainString() + " of " + this.budget.limit().toPlainString() + " " + this.currency + "]";
	}

	/**
	 * What happened to a budget.
	 */
	public enum Type {

		/**
		 * The spend reached one of the budget's {@code warn-at} percentages.
		 */
		THRESHOLD_CROSSED,

		/**
		 * The spend reached the limit.
		 */
		EXHAUSTED,

		/**
		 * A new period started after one in which a threshold was crossed or the limit
		 * reached.
		 */
		RESET

	}

}
