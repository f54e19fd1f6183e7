package dev.llmcost.budget;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Applies the budgets to a call about to be made: lets it through, sends it to a cheaper
 * model, or blocks it. The one place where a budget's action meets a call, for calls made
 * through a {@code ChatClient} and for calls made on a model directly.
 * <p>
 * A blocked call is counted (see {@link BlockedCalls}) and never reaches the model, so it
 * is never billed. Anything that goes wrong here other than a budget that blocks lets the
 * call through: cost tracking never breaks a call on its own.
 *
 * @author llm-cost contributors
 */
public final class BudgetEnforcement {

	private static final Log logger = LogFactory.getLog(BudgetEnforcement.class);

	private final LlmBudgets budgets;

	private final BlockedCalls blockedCalls;

	private final AtomicBoolean warnedDirectDowngrade = new AtomicBoolean();

	private final AtomicBoolean warnedFailure = new AtomicBoolean();

	/**
	 * Create an enforcement of the given budgets.
	 * @param budgets the budgets
	 * @param blockedCalls told of each blocked call
	 */
	public BudgetEnforcement(LlmBudgets budgets, BlockedCalls blockedCalls) {
		this.budgets = Objects.requireNonNull(budgets, "budgets must not be null");
		this.blockedCalls = Objects.requireNonNull(blockedCalls, "blockedCalls must not be null");
	}

	/**
	 * Return the budgets enforced.
	 * @return the budgets
	 */
	public LlmBudgets getBudgets() {
		return this.budgets;
	}

	/**
	 * Return whether there is any budget to apply: without one, the checks before a call
	 * are skipped altogether.
	 * @return whether budgets are declared
	 */
	public boolean isActive() {
		return !this.budgets.isEmpty();
	}

	/**
	 * Apply the budgets to a call that can be sent to another model.
	 * @param feature the call's feature
	 * @param model the model the call asks for, or {@code null} for the model's default
	 * @return the model to call: the one asked for, or the {@code downgrade-to} model of
	 * an exhausted budget whose action is {@code downgrade}
	 * @throws LlmBudgetExceededException if an exhausted budget whose action is
	 * {@code block} applies to the feature
	 */
	public @Nullable String beforeCall(String feature, @Nullable String model) {
		try {
			return this.budgets.check(feature, model);
		}
		catch (LlmBudgetExceededException ex) {
			blocked(ex, feature);
			throw ex;
		}
		catch (RuntimeException ex) {
			if (this.warnedFailure.compareAndSet(false, true)) {
				logger.warn("Checking the LLM budgets failed, so the call goes ahead unchecked: "
						+ ex.getClass().getName() + ". This is logged once.");
			}
			return model;
		}
	}

	/**
	 * Apply the budgets to a call made on a model directly, which can be blocked but not
	 * sent to another model: its request is already built when the check runs. A
	 * {@code downgrade} budget lets it through unchanged, logged once.
	 * @param feature the call's feature
	 * @param model the model the call asks for, or {@code null}
	 * @throws LlmBudgetExceededException if an exhausted budget whose action is
	 * {@code block} applies to the feature
	 */
	public void beforeDirectCall(String feature, @Nullable String model) {
		String target = beforeCall(feature, model);
		if (!Objects.equals(target, model) && this.warnedDirectDowngrade.compareAndSet(false, true)) {
			logger.warn("An exhausted LLM budget of feature '" + feature + "' asks to downgrade calls, but a call "
					+ "made on a model directly cannot be sent to another model: it goes ahead unchanged. "
					+ "Make the call through a ChatClient with the LlmCostAdvisor to have it downgraded. "
					+ "This is logged once.");
		}
	}

	private void blocked(LlmBudgetExceededException ex, String feature) {
		try {
			this.blockedCalls.blocked(ex.getBudget(), feature);
		}
		catch (RuntimeException failure) {
			if (this.warnedFailure.compareAndSet(false, true)) {
				logger.warn("Counting a call blocked by an LLM budget failed: " + failure.getClass().getName()
						+ ". This is logged once.");
			}
		}
	}

}
