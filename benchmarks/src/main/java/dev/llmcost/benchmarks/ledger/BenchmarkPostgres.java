package dev.llmcost.benchmarks.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import dev.llmcost.ledger.jdbc.JdbcLedgerSettings;
import dev.llmcost.ledger.jdbc.LedgerDialect;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The local PostgreSQL server the JDBC ledger's benchmarks write to, found as the tests
 * find theirs: {@code LLM_COST_TEST_POSTGRES_URL}, {@code …_USER} and {@code …_PASSWORD},
 * else {@code jdbc:postgresql://127.0.0.1:5432/llmcost_test} as {@code llmcost} /
 * {@code llmcost} (what {@code .ci/run} creates). The ledger's tables get a prefix of
 * their own and are dropped on {@link #close()}.
 *
 * @author llm-cost contributors
 */
final class BenchmarkPostgres implements AutoCloseable {

	private final HikariDataSource dataSource = new HikariDataSource();

	private final String tablePrefix = "bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";

	BenchmarkPostgres() {
		this.dataSource
			.setJdbcUrl(setting("LLM_COST_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/llmcost_test"));
		this.dataSource.setUsername(setting("LLM_COST_TEST_POSTGRES_USER", "llmcost"));
		this.dataSource.setPassword(setting("LLM_COST_TEST_POSTGRES_PASSWORD", "llmcost"));
		this.dataSource.setMaximumPoolSize(4);
		try {
			String script = new ClassPathResource(LedgerDialect.POSTGRESQL.schemaLocation())
				.getContentAsString(StandardCharsets.UTF_8)
				.replace(JdbcLedgerSettings.DEFAULT_TABLE_PREFIX, this.tablePrefix);
			new ResourceDatabasePopulator(new ByteArrayResource(script.getBytes(StandardCharsets.UTF_8)))
				.execute(this.dataSource);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			this.dataSource.close();
			throw new IllegalStateException(
					"These benchmarks need a PostgreSQL server at " + this.dataSource.getJdbcUrl()
							+ ": install and start it, and create the user and database, as .ci/run does",
					ex);
		}
	}

	HikariDataSource dataSource() {
		return this.dataSource;
	}

	String tablePrefix() {
		return this.tablePrefix;
	}

	@Override
	public void close() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("DROP TABLE IF EXISTS " + this.tablePrefix + "ledger");
		jdbc.execute("DROP TABLE IF EXISTS " + this.tablePrefix + "ledger_flushes");
		this.dataSource.close();
	}

	private static String setting(String name, String defaultValue) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : defaultValue;
	}

}
