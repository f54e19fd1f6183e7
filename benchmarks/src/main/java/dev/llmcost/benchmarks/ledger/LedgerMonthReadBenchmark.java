package dev.llmcost.benchmarks.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.LedgerRow;
import dev.llmcost.ledger.jdbc.JdbcCostLedger;
import dev.llmcost.ledger.jdbc.JdbcLedgerSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hourly rows of a month ({@code rows(from, to)}, what {@code ?period=month} reads)
 * when every hour of 30 days has a row for each of 100 features × 5 models: 360,000 rows,
 * read from a local PostgreSQL by the JDBC ledger ({@code store=jdbc}, no read cache, no
 * pending deltas), or from the in-memory ledger ({@code store=memory}).
 * <p>
 * A figure to report, no goal. {@code store=jdbc} needs a PostgreSQL server
 * ({@link BenchmarkPostgres}); filling it takes about a minute.
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
@State(Scope.Benchmark)
public class LedgerMonthReadBenchmark {

	static final int DAYS = 30;

	static final int FEATURES = 100;

	static final int MODELS = 5;

	private static final Instant MONTH = Instant.parse("2026-11-01T00:00:00Z");

	/**
	 * {@code llm.cost.ledger.store}.
	 */
	@Param({ "jdbc", "memory" })
	public String store;

	private BenchmarkPostgres postgres;

	private CostLedger ledger;

	@Setup
	public void fill() {
		Clock clock = Clock.fixed(MONTH.plus(Duration.ofDays(DAYS)), ZoneOffset.UTC);
		if ("jdbc".equals(this.store)) {
			this.postgres = new BenchmarkPostgres();
			this.ledger = new JdbcCostLedger(this.postgres.dataSource(), clock, ZoneOffset.UTC,
					JdbcLedgerSettings.defaults("benchmark")
						.withTablePrefix(this.postgres.tablePrefix())
						.withReadCache(Duration.ZERO)
						.withMaxPending(FEATURES * MODELS * 24 + 1));
		}
		else {
			this.ledger = new InMemoryCostLedger(clock, ZoneOffset.UTC, Duration.ofDays(35));
		}
		for (int hour = 0; hour < DAYS * 24; hour++) {
			Instant at = MONTH.plus(Duration.ofHours(hour)).plusSeconds(60);
			for (int feature = 0; feature < FEATURES; feature++) {
				for (int model = 0; model < MODELS; model++) {
					this.ledger.record(LedgerCalls.call("feature-" + feature, "model-" + model, at));
				}
			}
			if (this.ledger instanceof JdbcCostLedger jdbc && hour % 24 == 23 && !jdbc.flush()) {
				throw new IllegalStateException("Flush failed: " + jdbc.status().lastError());
			}
		}
		int rows = month().size();
		if (rows != DAYS * 24 * FEATURES * MODELS) {
			throw new IllegalStateException("The month has " + rows + " rows");
		}
	}

	@Benchmark
	public List<LedgerRow> month() {
		return this.ledger.rows(MONTH, MONTH.plus(Duration.ofDays(DAYS)));
	}

	@TearDown
	public void close() {
		if (this.ledger instanceof JdbcCostLedger jdbc) {
			jdbc.close();
			this.postgres.close();
		}
	}

}
