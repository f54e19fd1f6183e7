package dev.llmcost.ledger.jdbc;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import dev.llmcost.autoconfigure.LlmCostLedgerAutoConfiguration;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.LedgerRow;
import dev.llmcost.test.RealPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JdbcCostLedgerTests} on a real PostgreSQL server ({@link RealPostgres}), and
 * what only a real server shows: connections cut in the middle of a run, and two
 * applications sharing one database. Skipped with a message saying what to install when
 * no server answers, except in CI, where that fails.
 */
class PostgresJdbcCostLedgerTests extends JdbcCostLedgerTests {

	private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?(/.*)");

	@Override
	TestDatabase createDatabase() {
		return TestDatabase.postgres();
	}

	@Override
	boolean concurrentUpsertsNeverFail() {
		return true;
	}

	/**
	 * The server stays up; the network between goes: every connection of the pool is cut
	 * (mid-statement, mid-commit, whatever it was doing) and new ones are refused for a
	 * while, then the way is open again. Calls recorded all along must all be in the
	 * table, once.
	 */
	@Test
	void connectionsCutMidRunShouldLoseNothingAndCountNothingTwice() throws Exception {
		Matcher url = URL.matcher(RealPostgres.url());
		assertThat(url.matches()).as("a jdbc:postgresql://host:port/database URL").isTrue();
		int port = (url.group(2) != null) ? Integer.parseInt(url.group(2)) : 5432;
		try (CuttableProxy proxy = CuttableProxy.to(url.group(1), port);
				HikariDataSource viaProxy = RealPostgres
					.dataSource("jdbc:postgresql://127.0.0.1:" + proxy.port() + url.group(3))) {
			viaProxy.setConnectionTimeout(500);
			JdbcCostLedger ledger = ledger(viaProxy, settings().withFlushInterval(Duration.ofMillis(50)));
			ledger.start();
			int threads = 2;
			int callsPerThread = 3_000;
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			List<Future<?>> recorders = new ArrayList<>();
			for (int thread = 0; thread < threads; thread++) {
				recorders.add(executor.submit(() -> {
					for (int i = 0; i < callsPerThread; i++) {
						ledger.record(call("feature-" + (i % 3), "gpt-4o-mini", NOW));
						if (i % 5 == 0) {
							Thread.sleep(1);
						}
					}
					return null;
				}));
			}
			Thread.sleep(300);
			proxy.cut();
			Thread.sleep(800);
			proxy.restore();
			for (Future<?> recorder : recorders) {
				recorder.get(60, TimeUnit.SECONDS);
			}
			executor.shutdown();

			ledger.stop();

			assertThat(this.database.sums()).isEqualTo(sums(3, threads * callsPerThread));
			assertThat(flushes("failure")).as("flushes that met the cut").isPositive();
			assertThat(ledger.status().pendingDeltas()).isZero();
		}
	}

	/**
	 * Two applications with the starter on one database, recording at once, see the
	 * fleet's totals; one of them restarts and still does; what each recorded is in the
	 * table once.
	 */
	@Test
	void twoApplicationsSharingTheDatabaseShouldReportTheFleetsExactTotalsAcrossARestart() throws Exception {
		ApplicationContextRunner application = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, LlmCostLedgerAutoConfiguration.class))
			.withPropertyValues(RealPostgres.springProperties()
				.entrySet()
				.stream()
				.map((property) -> property.getKey() + "=" + property.getValue())
				.toArray(String[]::new))
			.withPropertyValues("llm.cost.ledger.store=jdbc", "llm.cost.ledger.jdbc.initialize-schema=always",
					"llm.cost.ledger.jdbc.table-prefix=" + this.database.tablePrefix(),
					"llm.cost.ledger.jdbc.flush-interval=100ms", "llm.cost.ledger.jdbc.read-cache=0s");
		Instant now = Instant.now();
		Instant from = now.minus(Duration.ofHours(2));
		Instant to = now.plus(Duration.ofHours(2));
		int callsPerApplication = 3_000;
		application.withPropertyValues("llm.cost.ledger.jdbc.instance-id=a").run((a) -> {
			application.withPropertyValues("llm.cost.ledger.jdbc.instance-id=b").run((b) -> {
				CostLedger first = a.getBean(CostLedger.class);
				CostLedger second = b.getBean(CostLedger.class);
				ExecutorService executor = Executors.newFixedThreadPool(4);
				List<Future<?>> recorders = new ArrayList<>();
				for (CostLedger ledger : List.of(first, first, second, second)) {
					recorders.add(executor.submit(() -> {
						for (int i = 0; i < callsPerApplication / 2; i++) {
							ledger.record(call("feature-" + (i % 2), "model-" + (i / 2 % 2), Instant.now()));
						}
					}));
				}
				for (Future<?> recorder : recorders) {
					recorder.get(60, TimeUnit.SECONDS);
				}
				executor.shutdown();
				Awaitility.await()
					.atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(List.of(first, second))
						.allSatisfy((ledger) -> assertThat(calls(ledger.rows(from, to))).as("the fleet's calls")
							.isEqualTo(2 * callsPerApplication)));
			});
		});
		assertThat(this.database.sums().calls()).as("both stopped").isEqualTo(2 * callsPerApplication);

		application.withPropertyValues("llm.cost.ledger.jdbc.instance-id=a").run((restarted) -> {
			CostLedger ledger = restarted.getBean(CostLedger.class);
			assertThat(calls(ledger.rows(from, to))).as("after a restart").isEqualTo(2 * callsPerApplication);
			for (int i = 0; i < 500; i++) {
				ledger.record(call("feature-0", "model-0", Instant.now()));
			}
			assertThat(calls(ledger.rows(from, to))).as("its own calls at once")
				.isEqualTo(2 * callsPerApplication + 500);
		});

		assertThat(this.database.sums().calls()).isEqualTo(2 * callsPerApplication + 500);
		assertThat(this.database.sums().cost())
			.isEqualByComparingTo(COST.multiply(BigDecimal.valueOf(2 * callsPerApplication + 500)));
		assertThat(this.database.count("ledger_flushes")).as("three runs, three writers").isEqualTo(3);
	}

	private static long calls(List<LedgerRow> rows) {
		return rows.stream().mapToLong((row) -> row.totals().calls()).sum();
	}

}
