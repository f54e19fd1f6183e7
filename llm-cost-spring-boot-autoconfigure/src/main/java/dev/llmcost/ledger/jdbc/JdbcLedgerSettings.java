package dev.llmcost.ledger.jdbc;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How a {@link JdbcCostLedger} names its tables, when it writes, and how much it keeps
 * while it cannot.
 *
 * @param tablePrefix the prefix of the table names: letters, digits and {@code _},
 * optionally after a schema name and a dot
 * @param flushInterval how often pending deltas are written
 * @param retention how long hourly rows are kept in the table
 * @param instanceId the name of this instance in the table of flushes and in the log
 * @param readCache how long rows read from the table are reused for the same period; zero
 * for never
 * @param maxPending the most (hour, feature, model) deltas kept while waiting to be
 * written
 * @param shutdownTimeout how long stopping waits for the last flush
 * @author llm-cost contributors
 */
public record JdbcLedgerSettings(String tablePrefix, Duration flushInterval, Duration retention, String instanceId,
		Duration readCache, int maxPending, Duration shutdownTimeout) {

	/**
	 * The table prefix the schema scripts are written with.
	 */
	public static final String DEFAULT_TABLE_PREFIX = "llm_cost_";

	/**
	 * The longest instance id the table of flushes holds.
	 */
	public static final int MAX_INSTANCE_ID_LENGTH = 255;

	// The prefix is part of every statement: nothing but identifiers.
	private static final Pattern TABLE_PREFIX = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*\\.)?[A-Za-z_][A-Za-z0-9_]*");

	/**
	 * Create settings.
	 * @throws IllegalArgumentException if a value is out of range
	 */
	public JdbcLedgerSettings {
		if (!isValidTablePrefix(tablePrefix)) {
			throw new IllegalArgumentException("Table prefix '" + tablePrefix + "' must be letters, digits and '_', "
					+ "optionally after a schema name and a dot");
		}
		requirePositive("flushInterval", flushInterval);
		requirePositive("retention", retention);
		if (instanceId.isBlank() || instanceId.length() > MAX_INSTANCE_ID_LENGTH) {
			throw new IllegalArgumentException(
					"instanceId must not be blank nor longer than " + MAX_INSTANCE_ID_LENGTH + " characters");
		}
		if (readCache.isNegative()) {
			throw new IllegalArgumentException("readCache must not be negative, was " + readCache);
		}
		if (maxPending <= 0) {
			throw new IllegalArgumentException("maxPending must be positive, was " + maxPending);
		}
		if (shutdownTimeout.isNegative()) {
			throw new IllegalArgumentException("shutdownTimeout must not be negative, was " + shutdownTimeout);
		}
	}

	/**
	 * Return the defaults of {@code llm.cost.ledger.jdbc.*} for an instance.
	 * @param instanceId the name of the instance
	 * @return the settings
	 */
	public static JdbcLedgerSettings defaults(String instanceId) {
		return new JdbcLedgerSettings(DEFAULT_TABLE_PREFIX, Duration.ofSeconds(5), Duration.ofDays(400), instanceId,
				Duration.ofSeconds(5), 100_000, Duration.ofSeconds(10));
	}

	/**
	 * Return whether a table prefix is letters, digits and {@code _}, optionally after a
	 * schema name and a dot.
	 * @param tablePrefix the prefix
	 * @return whether it can be used
	 */
	public static boolean isValidTablePrefix(String tablePrefix) {
		return TABLE_PREFIX.matcher(tablePrefix).matches();
	}

	/**
	 * Return these settings with another table prefix.
	 * @param tablePrefix the prefix
	 * @return the settings
	 */
	public JdbcLedgerSettings withTablePrefix(String tablePrefix) {
		return new JdbcLedgerSettings(tablePrefix, this.flushInterval, this.retention, this.instanceId, this.readCache,
				this.maxPending, this.shutdownTimeout);
	}

	/**
	 * Return these settings with another flush interval.
	 * @param flushInterval the interval
	 * @return the settings
	 */
	public JdbcLedgerSettings withFlushInterval(Duration flushInterval) {
		return new JdbcLedgerSettings(this.tablePrefix, flushInterval, this.retention, this.instanceId, this.readCache,
				this.maxPending, this.shutdownTimeout);
	}

	/**
	 * Return these settings with another retention.
	 * @param retention the retention
	 * @return the settings
	 */
	public JdbcLedgerSettings withRetention(Duration retention) {
		return new JdbcLedgerSettings(this.tablePrefix, this.flushInterval, retention, this.instanceId, this.readCache,
				this.maxPending, this.shutdownTimeout);
	}

	/**
	 * Return these settings with another read cache time.
	 * @param readCache how long reads are reused
	 * @return the settings
	 */
	public JdbcLedgerSettings withReadCache(Duration readCache) {
		return new JdbcLedgerSettings(this.tablePrefix, this.flushInterval, this.retention, this.instanceId, readCache,
				this.maxPending, this.shutdownTimeout);
	}

	/**
	 * Return these settings with another bound on pending deltas.
	 * @param maxPending the bound
	 * @return the settings
	 */
	public JdbcLedgerSettings withMaxPending(int maxPending) {
		return new JdbcLedgerSettings(this.tablePrefix, this.flushInterval, this.retention, this.instanceId,
				this.readCache, maxPending, this.shutdownTimeout);
	}

	/**
	 * Return these settings with another shutdown timeout.
	 * @param shutdownTimeout the timeout
	 * @return the settings
	 */
	public JdbcLedgerSettings withShutdownTimeout(Duration shutdownTimeout) {
		return new JdbcLedgerSettings(this.tablePrefix, this.flushInterval, this.retention, this.instanceId,
				this.readCache, this.maxPending, shutdownTimeout);
	}

	LedgerTables tables() {
		return LedgerTables.of(this.tablePrefix);
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
	}

}
