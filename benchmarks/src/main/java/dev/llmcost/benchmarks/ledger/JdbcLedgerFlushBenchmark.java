package dev.llmcost.benchmarks.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import dev.llmcost.ledger.jdbc.JdbcCostLedger;
import dev.llmcost.ledger.jdbc.JdbcLedgerSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * One flush of {@value #DELTAS} distinct (hour, feature, model) deltas (20 hours × 100
 * features × 5 models) into a local PostgreSQL ({@link BenchmarkPostgres}), in one
 * transaction: rows that are new ({@code rows=new}, every flush writes 20 hours no
 * earlier flush did) or that exist ({@code rows=existing}, every flush adds to the same
 * rows, as flushes within an hour do). Deltas per second = {@value #DELTAS} / the time of
 * a flush.
 * <p>
 * Goal: at least 10,000 deltas per second. Needs a PostgreSQL server: run it on its own,
 * {@code java -jar benchmarks/target/benchmarks.jar JdbcLedgerFlush}, after starting one
 * as {@code .ci/run} does.
 *
 * @author llm-cost contributors
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 15)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class JdbcLedgerFlushBenchmark {

	static final int DELTAS = 10_000;

	private static final int HOURS = 20;

	private static final int FEATURES = 100;

	private static final int MODELS = 5;

	/**
	 * {@code new}: every flush inserts rows; {@code existing}: every flush updates them.
	 */
	@Param({ "new", "existing" })
	public String rows;

	private BenchmarkPostgres postgres;

	private JdbcCostLedger ledger;

	private Instant firstHour = Instant.parse("2026-01-01T00:00:00Z");

	@Setup
	public void createTables() {
		this.postgres = new BenchmarkPostgres();
		this.ledger = new JdbcCostLedger(this.postgres.dataSource(), Clock.systemUTC(), ZoneOffset.UTC,
				JdbcLedgerSettings.defaults("benchmark").withTablePrefix(this.postgres.tablePrefix()));
	}

	@Setup(Level.Invocation)
	public void recordDeltas() {
		for (int hour = 0; hour < HOURS; hour++) {
			Instant at = this.firstHour.plus(Duration.ofHours(hour)).plusSeconds(60);
			for (int feature = 0; feature < FEATURES; feature++) {
				for (int model = 0; model < MODELS; model++) {
					this.ledger.record(LedgerCalls.call("feature-" + feature, "model-" + model, at));
				}
			}
		}
		if ("new".equals(this.rows)) {
			this.firstHour = this.firstHour.plus(Duration.ofHours(HOURS));
		}
	}

	@Benchmark
	public boolean flush() {
		if (!this.ledger.flush()) {
			throw new IllegalStateException("Flush failed: " + this.ledger.status().lastError());
		}
		return true;
	}

	@TearDown
	public void dropTables() {
		this.ledger.close();
		this.postgres.close();
	}

}
