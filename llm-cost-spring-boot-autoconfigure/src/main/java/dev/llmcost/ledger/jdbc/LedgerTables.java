package dev.llmcost.ledger.jdbc;

/**
 * The names of the ledger's tables, from a prefix checked when the settings were made.
 *
 * @param ledger the hourly totals
 * @param flushes the last flush of each writer
 * @param budgetEvents the budget events claimed, each by one instance
 * @author llm-cost contributors
 */
record LedgerTables(String ledger, String flushes, String budgetEvents) {

	static LedgerTables of(String prefix) {
		return new LedgerTables(prefix + "ledger", prefix + "ledger_flushes", prefix + "budget_events");
	}

}
