package dev.llmcost.ledger.jdbc;

import dev.llmcost.test.RealPostgres;

/**
 * {@link JdbcCostLedgerTests} on a real PostgreSQL server ({@link RealPostgres}): skipped
 * with a message saying what to install when none answers, except in CI, where that
 * fails.
 */
class PostgresJdbcCostLedgerTests extends JdbcCostLedgerTests {

	@Override
	TestDatabase createDatabase() {
		return TestDatabase.postgres();
	}

	@Override
	boolean concurrentUpsertsNeverFail() {
		return true;
	}

}
