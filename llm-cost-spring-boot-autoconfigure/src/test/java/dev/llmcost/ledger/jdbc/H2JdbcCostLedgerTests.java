package dev.llmcost.ledger.jdbc;

/**
 * {@link JdbcCostLedgerTests} on H2, in memory.
 */
class H2JdbcCostLedgerTests extends JdbcCostLedgerTests {

	@Override
	TestDatabase createDatabase() {
		return TestDatabase.h2();
	}

	@Override
	boolean concurrentUpsertsNeverFail() {
		return false;
	}

}
