package dev.llmcost.budget;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerCosts;
import dev.llmcost.ledger.LedgerFlushListener;
import dev.llmcost.ledger.LedgerUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps calendar budgets at the fleet's spend when the ledger is shared by the fleet:
 * {@link CostLedger#addFlushListener registered} with the ledger, it sets each
 * {@code day}, {@code week} and {@code month} budget, after every flush of the ledger, to
 * the store's total for its period plus the calls this instance recorded since that flush
 * took its calls. A call is never read from the store: the check before it stays in
 * memory.
 * <p>
 * When the store cannot be read, the budgets keep counting on their own (the fleet's
 * spend last read plus this instance's calls since) until a refresh succeeds again.
 * Rolling windows are never refreshed: they count this instance's calls only.
 *
 * @author llm-cost contributors
 */
public final class FleetBudgetRefresh implements LedgerFlushListener {

	private static final Log logger = LogFactory.getLog(FleetBudgetRefresh.class);

	private final LlmBudgets budgets;

	private volatile boolean failing;

	/**
	 * Create a refresh of the given budgets.
	 * @param budgets the budgets
	 */
	public FleetBudgetRefresh(LlmBudgets budgets) {
		this.budgets = budgets;
	}

	@Override
	public void draining() {
		this.budgets.drain();
	}

	@Override
	public void flushed(LedgerCosts stored) {
		try {
			this.budgets.refresh(stored);
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				this.failing = true;
				// The ledger's message names no credential; another exception's might.
				String reason = (ex instanceof LedgerUnavailableException) ? ex.getMessage()
						: ex.getClass().getSimpleName();
				logger.warn("Could not read the fleet's spend for the LLM cost budgets (" + reason
						+ "); they count this instance's calls on top of the fleet's last read spend until it can be "
						+ "read again");
			}
			logger.debug("Could not refresh the budgets from the ledger", ex);
			return;
		}
		if (this.failing) {
			this.failing = false;
			logger.info("The LLM cost budgets follow the fleet's spend again");
		}
	}

}
