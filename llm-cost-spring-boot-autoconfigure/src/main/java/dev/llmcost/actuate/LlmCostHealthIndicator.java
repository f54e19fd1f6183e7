package dev.llmcost.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmcost.budget.BudgetState;
import dev.llmcost.budget.BudgetStatus;
import dev.llmcost.budget.LlmBudgets;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerSnapshot.UnpricedModel;
import dev.llmcost.ledger.LedgerStatus;
import dev.llmcost.ledger.UnpricedModels;
import dev.llmcost.pricing.PriceCatalogStatus;
import dev.llmcost.pricing.PriceCatalogStatus.SourceState;
import dev.llmcost.pricing.PriceCatalogStatus.SourceStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports what makes cost figures incomplete: models called without a price, external
 * price catalogs that failed to load or went stale, and a ledger store that cannot be
 * written (its pending totals, its last error); and the budgets that are exhausted.
 * <p>
 * The status stays {@code UP}, unless asked to be {@code DOWN} while a budget is
 * exhausted ({@code management.health.llmcost.down-when-budget-exhausted}): a missing
 * price or an unreachable ledger database makes a report wrong, not the application
 * unable to serve, and a health check that restarted instances over it would do harm (a
 * restart would lose the totals waiting to be written). The findings are in the details,
 * and {@code llm.unpriced.calls} is there to alert on.
 * <p>
 * The details stay small whatever the number of models: the number of unpriced models,
 * and the {@value #MAX_LISTED_MODELS} with the most calls; the full list is in
 * {@code /actuator/llmcost}. Probes can come every few seconds, so the ledger is asked
 * only for those, never for a snapshot of its totals.
 *
 * @author llm-cost contributors
 */
public class LlmCostHealthIndicator extends AbstractHealthIndicator {

	/**
	 * The most unpriced models listed in the details.
	 */
	public static final int MAX_LISTED_MODELS = 10;

	private final CostLedger ledger;

	private final @Nullable PriceCatalogStatus catalogStatus;

	private final @Nullable LlmBudgets budgets;

	private final boolean downWhenBudgetExhausted;

	/**
	 * Create an indicator.
	 * @param ledger the ledger, for unpriced models
	 * @param catalogStatus where the prices come from, for external catalogs, or
	 * {@code null} when the application replaced the catalog
	 */
	public LlmCostHealthIndicator(CostLedger ledger, @Nullable PriceCatalogStatus catalogStatus) {
		this(ledger, catalogStatus, null, false);
	}

	/**
	 * Create an indicator that reports exhausted budgets too.
	 * @param ledger the ledger, for unpriced models
	 * @param catalogStatus where the prices come from, for external catalogs, or
	 * {@code null} when the application replaced the catalog
	 * @param budgets the budgets, or {@code null} for none
	 * @param downWhenBudgetExhausted whether the status is {@code DOWN} while a budget is
	 * exhausted
	 */
	public LlmCostHealthIndicator(CostLedger ledger, @Nullable PriceCatalogStatus catalogStatus,
			@Nullable LlmBudgets budgets, boolean downWhenBudgetExhausted) {
		super("LLM cost health check failed");
		this.ledger = ledger;
		this.catalogStatus = catalogStatus;
		this.budgets = budgets;
		this.downWhenBudgetExhausted = downWhenBudgetExhausted;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		UnpricedModels unpriced = this.ledger.unpriced(MAX_LISTED_MODELS);
		builder.up()
			.withDetail("unpricedModelCount", unpriced.count())
			.withDetail("unpricedModels", unpriced.top().stream().map(LlmCostHealthIndicator::describe).toList())
			.withDetail("ledger", describe(this.ledger.status()));
		if (this.catalogStatus != null) {
			List<SourceStatus> sources = this.catalogStatus.sources();
			builder.withDetail("catalogs", sources.stream().map(LlmCostHealthIndicator::describe).toList());
			List<String> problems = sources.stream()
				.filter((source) -> source.stale() || source.state() != SourceState.LOADED)
				.map((source) -> source.name() + ": " + source.state().id()
						+ ((source.lastError() != null) ? " (" + source.lastError() + ")" : "")
						+ (source.stale() ? ", stale" : ""))
				.toList();
			if (!problems.isEmpty()) {
				builder.withDetail("catalogProblems", problems);
			}
		}
		if (this.budgets != null) {
			List<Map<String, Object>> exhausted = this.budgets.states()
				.stream()
				.filter((state) -> state.status() == BudgetStatus.EXHAUSTED)
				.map((state) -> describe(state, this.budgets.currency().code()))
				.toList();
			if (!exhausted.isEmpty()) {
				builder.withDetail("exhaustedBudgets", exhausted);
				if (this.downWhenBudgetExhausted) {
					builder.down();
				}
			}
		}
	}

	private static Map<String, Object> describe(BudgetState state, String currency) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("name", state.budget().name());
		details.put("spent", state.spent().toPlainString());
		details.put("limit", state.budget().limit().toPlainString());
		details.put("currency", currency);
		details.put("resetsAt", state.resetsAt().toString());
		return details;
	}

	private static Map<String, Object> describe(UnpricedModel model) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("model", model.model());
		details.put("calls", model.calls());
		return details;
	}

	private static Map<String, Object> describe(LedgerStatus ledger) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("store", ledger.store());
		if (ledger.lastFlush() != null) {
			details.put("lastFlush", ledger.lastFlush().toString());
		}
		details.put("pendingDeltas", ledger.pendingDeltas());
		details.put("droppedCalls", ledger.droppedCalls());
		if (ledger.lastError() != null) {
			details.put("lastError", ledger.lastError());
		}
		return details;
	}

	private static Map<String, Object> describe(SourceStatus source) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("name", source.name());
		details.put("location", source.location());
		details.put("state", source.state().id());
		details.put("models", source.models());
		details.put("stale", source.stale());
		if (source.lastRefresh() != null) {
			details.put("lastRefresh", source.lastRefresh().toString());
		}
		if (source.lastError() != null) {
			details.put("error", source.lastError());
		}
		return details;
	}

}
