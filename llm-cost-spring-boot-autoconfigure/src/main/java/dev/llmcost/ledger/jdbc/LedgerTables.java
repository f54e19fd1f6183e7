package dev.llmcost.ledger.jdbc;

/**
 * The names of the ledger's tables, from a prefix checked when the settings were made.
 *
 * @param ledger the hourly totals
 * @param flushes the last flush of each writer
 * @author llm-cost contributors
 */
record LedgerTables(String ledger, String flushes) {

	static LedgerTables of(String prefix) {
		return new LedgerTables(prefix + "ledger", prefix + "ledger_flushes");
	}

}
