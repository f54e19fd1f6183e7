package dev.llmcost.ledger.jdbc;

import java.util.Locale;

/**
 * The databases the {@link JdbcCostLedger} can write to, and what differs between them:
 * the schema script, how a delta is added to a row that may not exist yet, and how a
 * budget event is claimed.
 * <p>
 * Both add deltas in one statement that two instances may run on the same row at the same
 * moment: PostgreSQL's {@code INSERT … ON CONFLICT … DO UPDATE} never fails on a row
 * another transaction inserted first (its {@code MERGE} can), and H2's {@code MERGE}
 * locks the row it updates.
 *
 * @author llm-cost contributors
 */
public enum LedgerDialect {

	/**
	 * PostgreSQL 9.5 and later.
	 */
	POSTGRESQL("postgresql") {
		@Override
		String addDeltas(LedgerTables tables) {
			return "INSERT INTO " + tables.ledger() + " AS l (" + COLUMNS
					+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
					+ " ON CONFLICT (hour_start, feature, model) DO UPDATE SET " + sums("l", "EXCLUDED");
		}

		@Override
		String claimEvent(LedgerTables tables) {
			// DO NOTHING rather than an error: a claim another instance made first is the
			// usual outcome, not a failure to log in the server's log.
			return "INSERT INTO " + tables.budgetEvents() + " (" + CLAIM_COLUMNS
					+ ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (budget, period_start, event_type, threshold)"
					+ " DO NOTHING";
		}
	},

	/**
	 * H2 2.x.
	 */
	H2("h2") {
		@Override
		String addDeltas(LedgerTables tables) {
			return "MERGE INTO " + tables.ledger() + " l USING (VALUES (CAST(? AS TIMESTAMP WITH TIME ZONE),"
					+ " CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(255)), CAST(? AS BIGINT), CAST(? AS BIGINT),"
					+ " CAST(? AS BIGINT), CAST(? AS DECFLOAT), CAST(? AS BIGINT), CAST(? AS BIGINT),"
					+ " CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT),"
					+ " CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT))) AS d (" + COLUMNS + ")"
					+ " ON l.hour_start = d.hour_start AND l.feature = d.feature AND l.model = d.model"
					+ " WHEN MATCHED THEN UPDATE SET " + sums("l", "d") + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS
					+ ") VALUES (d.hour_start, d.feature, d.model, d.calls, d.errors, d.unpriced_calls, d.cost,"
					+ " d.input_tokens, d.cache_read_tokens, d.cache_write_tokens, d.output_tokens,"
					+ " d.reasoning_tokens, d.units_image, d.units_second, d.units_character, d.units_request)";
		}

		@Override
		String claimEvent(LedgerTables tables) {
			return "MERGE INTO " + tables.budgetEvents() + " e USING (VALUES (CAST(? AS VARCHAR(255)),"
					+ " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR(32)), CAST(? AS INTEGER),"
					+ " CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(255)), CAST(? AS TIMESTAMP WITH TIME ZONE))) AS c ("
					+ CLAIM_COLUMNS + ") ON e.budget = c.budget AND e.period_start = c.period_start"
					+ " AND e.event_type = c.event_type AND e.threshold = c.threshold WHEN NOT MATCHED THEN INSERT ("
					+ CLAIM_COLUMNS + ") VALUES (c.budget, c.period_start, c.event_type, c.threshold, c.writer,"
					+ " c.instance_id, c.claimed_at)";
		}
	};

	/**
	 * The columns of a ledger row, in the order of the parameters of {@link #addDeltas}.
	 */
	static final String COLUMNS = "hour_start, feature, model, calls, errors, unpriced_calls, cost, input_tokens,"
			+ " cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, units_image, units_second,"
			+ " units_character, units_request";

	/**
	 * The columns of a budget event's claim, in the order of the parameters of
	 * {@link #claimEvent}.
	 */
	static final String CLAIM_COLUMNS = "budget, period_start, event_type, threshold, writer, instance_id, claimed_at";

	private static final String[] SUMMED = { "calls", "errors", "unpriced_calls", "cost", "input_tokens",
			"cache_read_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens", "units_image",
			"units_second", "units_character", "units_request" };

	private final String platform;

	LedgerDialect(String platform) {
		this.platform = platform;
	}

	/**
	 * Return the statement that adds one row of deltas to the ledger table, creating the
	 * row when it does not exist; its parameters are the {@link #COLUMNS} in order.
	 * @param tables the table names
	 * @return the SQL
	 */
	abstract String addDeltas(LedgerTables tables);

	/**
	 * Return the statement that inserts the claim of a budget event unless the event is
	 * claimed already, updating nothing then; its parameters are the
	 * {@link #CLAIM_COLUMNS} in order.
	 * @param tables the table names
	 * @return the SQL
	 */
	abstract String claimEvent(LedgerTables tables);

	/**
	 * Return the platform name, as Spring Boot names it ({@code postgresql}, {@code h2}).
	 * @return the platform
	 */
	public String platform() {
		return this.platform;
	}

	/**
	 * Return the class path location of the script that creates the ledger's tables with
	 * the default table prefix {@value JdbcLedgerSettings#DEFAULT_TABLE_PREFIX}.
	 * @return the location, without a {@code classpath:} prefix
	 */
	public String schemaLocation() {
		return "dev/llmcost/ledger/jdbc/schema-" + this.platform + ".sql";
	}

	/**
	 * Return the dialect of a database.
	 * @param databaseProductName the database's product name, as its JDBC driver reports
	 * it
	 * @return the dialect
	 * @throws IllegalStateException if the ledger does not support the database
	 */
	public static LedgerDialect of(String databaseProductName) {
		String name = databaseProductName.toLowerCase(Locale.ROOT);
		if (name.contains("postgresql")) {
			return POSTGRESQL;
		}
		if (name.equals("h2")) {
			return H2;
		}
		throw new IllegalStateException("The JDBC cost ledger supports PostgreSQL and H2, not " + databaseProductName);
	}

	private static String sums(String table, String deltas) {
		StringBuilder sql = new StringBuilder();
		for (String column : SUMMED) {
			if (!sql.isEmpty()) {
				sql.append(", ");
			}
			sql.append(column)
				.append(" = ")
				.append(table)
				.append('.')
				.append(column)
				.append(" + ")
				.append(deltas)
				.append('.')
				.append(column);
		}
		return sql.toString();
	}

}
