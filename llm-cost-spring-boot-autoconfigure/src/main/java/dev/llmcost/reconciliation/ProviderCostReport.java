package dev.llmcost.reconciliation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * A provider's billing API read as the cost of each UTC day, in USD, and the models whose
 * calls it bills.
 *
 * @author llm-cost contributors
 */
public interface ProviderCostReport {

	/**
	 * Return the provider, as a {@code gen_ai.provider.name} value.
	 * @return the provider name
	 */
	String provider();

	/**
	 * Return whether the provider's bill covers the calls of a model as the ledger files
	 * it. The ledger keeps its totals per model, not per provider, so the estimate of a
	 * provider's day is the total of the models this accepts.
	 * @param model a model name as the ledger files it
	 * @return whether its calls are on this provider's bill
	 */
	boolean bills(String model);

	/**
	 * Read the cost of each UTC day from {@code from}, inclusive, to {@code to},
	 * exclusive, following every page of the answer.
	 * @param from the first day
	 * @param to the day after the last one
	 * @return the cost in USD of each day the provider reported; a day it did not report
	 * is absent
	 * @throws CostReportException if the report cannot be read, saying why without the
	 * key
	 * @throws InterruptedException if interrupted while waiting for an answer
	 */
	Map<LocalDate, BigDecimal> dailyCosts(LocalDate from, LocalDate to)
			throws CostReportException, InterruptedException;

}
