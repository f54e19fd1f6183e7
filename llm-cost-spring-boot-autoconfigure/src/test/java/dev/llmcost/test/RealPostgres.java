package dev.llmcost.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL server the JDBC ledger's tests run against: a real server (Debian
 * package {@code postgresql}), which {@code .ci/run} installs, starts as the
 * {@code postgres} user and gives a database and a user for the tests.
 * <p>
 * Where to find it: {@code LLM_COST_TEST_POSTGRES_URL}, {@code …_USER} and
 * {@code …_PASSWORD}, else {@code jdbc:postgresql://127.0.0.1:5432/llmcost_test} as
 * {@code llmcost}/{@code llmcost}, what {@code .ci/run} creates. When no server answers
 * there, the calling test fails in CI ({@code CI=true}) and is skipped elsewhere, as for
 * promtool.
 */
public final class RealPostgres {

	private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/llmcost_test";

	private static @Nullable String unavailable;

	private RealPostgres() {
	}

	/**
	 * Return the JDBC URL of the test database.
	 * @return the URL
	 */
	public static String url() {
		return setting("LLM_COST_TEST_POSTGRES_URL", DEFAULT_URL);
	}

	/**
	 * Return the connection properties of the test database, as Spring Boot's
	 * {@code spring.datasource.*} properties.
	 * @return the properties
	 */
	public static Map<String, String> springProperties() {
		return Map.of("spring.datasource.url", url(), "spring.datasource.username", user(),
				"spring.datasource.password", password());
	}

	/**
	 * Return a pool of connections to the test database: the one a Spring Boot
	 * application would have. Close it after use.
	 * @return the pool
	 */
	public static HikariDataSource dataSource() {
		return dataSource(url());
	}

	/**
	 * Return a pool of connections to a URL of the test server (through a proxy, say).
	 * Close it after use.
	 * @param url the URL
	 * @return the pool
	 */
	public static HikariDataSource dataSource(String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername(user());
		dataSource.setPassword(password());
		dataSource.setMaximumPoolSize(4);
		dataSource.setConnectionTimeout(5_000);
		dataSource.setInitializationFailTimeout(-1);
		return dataSource;
	}

	/**
	 * Check that the test server answers: fail in CI when it does not, skip elsewhere.
	 * The server is asked once per test run.
	 */
	public static synchronized void assumeAvailable() {
		if (unavailable == null) {
			unavailable = connectionProblem();
		}
		if (!unavailable.isEmpty()) {
			String message = "No PostgreSQL server answers at " + url() + " as " + user() + " (" + unavailable
					+ "). Install it (apt-get install postgresql), start it as the postgres user (pg_ctlcluster 15 "
					+ "main start) and create the user and database as .ci/run does, or point "
					+ "LLM_COST_TEST_POSTGRES_URL, _USER and _PASSWORD at another server.";
			boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
			assertThat(ci).as("%s It must answer in CI.", message).isFalse();
			Assumptions.abort(message);
		}
	}

	private static String connectionProblem() {
		DriverManager.setLoginTimeout(5);
		try (Connection connection = DriverManager.getConnection(url(), user(), password())) {
			return connection.isValid(5) ? "" : "the connection is not valid";
		}
		catch (SQLException ex) {
			return ex.getMessage();
		}
	}

	private static String user() {
		return setting("LLM_COST_TEST_POSTGRES_USER", "llmcost");
	}

	private static String password() {
		return setting("LLM_COST_TEST_POSTGRES_PASSWORD", "llmcost");
	}

	private static String setting(String name, String defaultValue) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : defaultValue;
	}

}
