package dev.llmcost.ledger.jdbc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.llmcost.test.RealPostgres;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A database for one test class: H2 in memory, or the real PostgreSQL server of
 * {@link RealPostgres}, with the ledger's tables created under a table prefix of its own
 * (so that tests never see each other's rows) and dropped on close.
 * <p>
 * The tables are made from the scripts shipped in the jar; totals are read back with
 * plain SQL, not through the ledger under test.
 */
final class TestDatabase implements AutoCloseable {

	private final String name;

	private final HikariDataSource dataSource;

	private final LedgerDialect dialect;

	private final String tablePrefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";

	private final JdbcTemplate jdbc;

	private TestDatabase(String name, HikariDataSource dataSource, LedgerDialect dialect) {
		this.name = name;
		this.dataSource = dataSource;
		this.dialect = dialect;
		this.jdbc = new JdbcTemplate(dataSource);
		createTables(dataSource);
	}

	static TestDatabase h2() {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		dataSource.setMaximumPoolSize(8);
		return new TestDatabase("H2", dataSource, LedgerDialect.H2);
	}

	static TestDatabase postgres() {
		RealPostgres.assumeAvailable();
		return new TestDatabase("PostgreSQL", RealPostgres.dataSource(), LedgerDialect.POSTGRESQL);
	}

	String name() {
		return this.name;
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	LedgerDialect dialect() {
		return this.dialect;
	}

	String tablePrefix() {
		return this.tablePrefix;
	}

	/**
	 * Create the tables, from the shipped script with this database's prefix, in another
	 * database (reached through a proxy, say).
	 * @param dataSource the database
	 */
	void createTables(DataSource dataSource) {
		ClassPathResource script = new ClassPathResource(this.dialect.schemaLocation());
		try {
			String sql = script.getContentAsString(StandardCharsets.UTF_8)
				.replace(JdbcLedgerSettings.DEFAULT_TABLE_PREFIX, this.tablePrefix);
			new ResourceDatabasePopulator(new ByteArrayResource(sql.getBytes(StandardCharsets.UTF_8)))
				.execute(dataSource);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the sums of every column of the ledger table, read with plain SQL.
	 * @return the sums by column name, in lower case
	 */
	Sums sums() {
		Map<String, Object> row = this.jdbc.queryForMap("SELECT COUNT(*) AS row_count, SUM(calls) AS calls,"
				+ " SUM(errors) AS errors, SUM(unpriced_calls) AS unpriced_calls, SUM(cost) AS cost,"
				+ " SUM(input_tokens) AS input_tokens, SUM(cache_read_tokens) AS cache_read_tokens,"
				+ " SUM(output_tokens) AS output_tokens, SUM(reasoning_tokens) AS reasoning_tokens FROM "
				+ this.tablePrefix + "ledger");
		return new Sums(number(row, "row_count"), number(row, "calls"), number(row, "errors"),
				number(row, "unpriced_calls"), decimal(row.get("cost")), number(row, "input_tokens"),
				number(row, "cache_read_tokens"), number(row, "output_tokens"), number(row, "reasoning_tokens"));
	}

	/**
	 * Return the number of rows of a table of the ledger.
	 * @param table the table's name after the prefix
	 * @return the number of rows
	 */
	long count(String table) {
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.tablePrefix + table, Long.class);
		return (count != null) ? count : 0;
	}

	JdbcTemplate jdbc() {
		return this.jdbc;
	}

	private static long number(Map<String, Object> row, String column) {
		Object value = row.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(column))
			.findFirst()
			.orElseThrow()
			.getValue();
		return (value != null) ? ((Number) value).longValue() : 0;
	}

	private static BigDecimal decimal(Object value) {
		return (value != null) ? new BigDecimal(value.toString()) : BigDecimal.ZERO;
	}

	@Override
	public void close() {
		try {
			this.jdbc.execute("DROP TABLE IF EXISTS " + this.tablePrefix + "ledger");
			this.jdbc.execute("DROP TABLE IF EXISTS " + this.tablePrefix + "ledger_flushes");
			this.jdbc.execute("DROP TABLE IF EXISTS " + this.tablePrefix + "budget_events");
		}
		finally {
			this.dataSource.close();
		}
	}

	@Override
	public String toString() {
		return this.name;
	}

	/**
	 * Sums of the ledger table's columns.
	 *
	 * @param rows the number of rows
	 * @param calls calls
	 * @param errors failed calls
	 * @param unpricedCalls unpriced calls
	 * @param cost cost
	 * @param input input tokens
	 * @param cacheRead cache read tokens
	 * @param output output tokens
	 * @param reasoning reasoning tokens
	 */
	record Sums(long rows, long calls, long errors, long unpricedCalls, BigDecimal cost, long input, long cacheRead,
			long output, long reasoning) {

		Sums {
			// Equal sums whatever the scale the database answers with.
			cost = cost.stripTrailingZeros();
		}

	}

}
