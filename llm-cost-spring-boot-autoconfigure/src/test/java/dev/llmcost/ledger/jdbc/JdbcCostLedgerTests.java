package dev.llmcost.ledger.jdbc;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import dev.llmcost.attribution.Attribution;
import dev.llmcost.ledger.BudgetEventClaims.Event;
import dev.llmcost.ledger.LedgerCosts;
import dev.llmcost.ledger.LedgerFlushListener;
import dev.llmcost.ledger.LedgerRow;
import dev.llmcost.ledger.LedgerScope;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.ledger.LedgerStatus;
import dev.llmcost.ledger.LedgerUnavailableException;
import dev.llmcost.test.MutableClock;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.ledger.jdbc.TestDatabase.Sums;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JdbcCostLedger}, run against each database it supports by the
 * subclasses: the same behaviour on H2 and on a real PostgreSQL server.
 * <p>
 * Totals are checked against sums computed by hand from what the test recorded, read back
 * from the table with plain SQL. Failures are made by a {@link FaultyDataSource}: refused
 * connections (a database that is down) and commits whose answer is lost.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class JdbcCostLedgerTests {

	static final ZoneId ZONE = ZoneId.of("Europe/Paris");

	static final Instant NOW = Instant.parse("2026-12-10T10:20:00Z");

	static final Instant HOUR = Instant.parse("2026-12-10T10:00:00Z");

	static final Instant NEXT_HOUR = Instant.parse("2026-12-10T11:00:00Z");

	/**
	 * Every call of these tests: 100 input, 20 cache read, 30 output and 5 reasoning
	 * tokens, at a cost with 22 decimals (a tier rate scaled by a ratio has as many).
	 */
	static final TokenUsage USAGE = new TokenUsage(100, 20, 0, 30, 5);

	static final BigDecimal COST = new BigDecimal("0.0001645333333333333322");

	final MutableClock clock = new MutableClock(NOW);

	// The first ledger's meters; each ledger has a registry of its own, as in an
	// application.
	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final Map<JdbcCostLedger, SimpleMeterRegistry> registries = new HashMap<>();

	final List<JdbcCostLedger> ledgers = new ArrayList<>();

	TestDatabase database;

	FaultyDataSource faulty;

	abstract TestDatabase createDatabase();

	/**
	 * Whether two transactions adding to the same new row at once always both succeed:
	 * true on PostgreSQL ({@code ON CONFLICT}); on H2 the second can fail and be written
	 * again.
	 */
	abstract boolean concurrentUpsertsNeverFail();

	@BeforeEach
	void createTables() {
		this.database = createDatabase();
		this.faulty = new FaultyDataSource(this.database.dataSource());
	}

	@AfterEach
	void dropTables() {
		try {
			this.ledgers.forEach(JdbcCostLedger::close);
		}
		finally {
			if (this.database != null) {
				this.database.close();
			}
		}
	}

	@Test
	void flushShouldAddTheDeltasOfRecordedCallsToTheirRows() {
		JdbcCostLedger ledger = ledger(this.faulty, settings());
		record(ledger, 3, "summary", "gpt-4o-mini", NOW);
		record(ledger, 2, "summary", "gpt-5", NOW);
		record(ledger, 1, "search", "gpt-4o-mini", NOW.plus(Duration.ofHours(1)));

		assertThat(ledger.flush()).isTrue();
		assertThat(this.database.sums()).isEqualTo(sums(3, 6));

		record(ledger, 2, "summary", "gpt-4o-mini", NOW);
		assertThat(ledger.flush()).isTrue();

		assertThat(this.database.sums()).as("two calls added to a row that had three").isEqualTo(sums(3, 8));
		assertThat(this.database.jdbc()
			.queryForObject("SELECT calls FROM " + this.database.tablePrefix()
					+ "ledger WHERE feature = 'summary' AND model = 'gpt-4o-mini'", Long.class))
			.isEqualTo(5);
		assertThat(ledger.status()).isEqualTo(new LedgerStatus("jdbc", NOW, 0, 0, null));
	}

	@Test
	void rowsShouldBeTheTablesWithThisInstancesCallsNotWrittenYet() {
		JdbcCostLedger first = ledger(this.faulty, settings());
		JdbcCostLedger second = ledger(this.faulty, settings());
		record(first, 2, "summary", "gpt-4o-mini", NOW);
		assertThat(first.flush()).isTrue();
		record(second, 1, "summary", "gpt-4o-mini", NOW);
		record(second, 1, "search", "gpt-4o-mini", NOW);

		assertThat(second.rows(HOUR, NEXT_HOUR)).extracting(JdbcCostLedgerTests::describe)
			.containsExactlyInAnyOrder("summary/gpt-4o-mini: 3 calls", "search/gpt-4o-mini: 1 calls");
		assertThat(first.rows(HOUR, NEXT_HOUR)).as("the other instance's calls are not written yet")
			.extracting(JdbcCostLedgerTests::describe)
			.containsExactly("summary/gpt-4o-mini: 2 calls");
		assertThat(second.rows(NEXT_HOUR, NEXT_HOUR.plus(Duration.ofHours(1)))).isEmpty();
		LedgerRow row = second.rows(HOUR, NEXT_HOUR)
			.stream()
			.filter((candidate) -> candidate.feature().equals("summary"))
			.findFirst()
			.orElseThrow();
		assertThat(row.hour()).isEqualTo(HOUR);
		assertThat(row.totals().cost()).isEqualByComparingTo(COST.multiply(BigDecimal.valueOf(3)));
		assertThat(row.totals().tokens()).isEqualTo(new TokenUsage(300, 60, 0, 90, 15));
		assertThat(second.scope()).isEqualTo(LedgerScope.FLEET);
	}

	@Test
	void twoInstancesRecordingAndFlushingConcurrentlyShouldAddUpExactly() throws Exception {
		JdbcCostLedger first = ledger(this.database.dataSource(), settings());
		JdbcCostLedger second = ledger(this.database.dataSource(), settings());
		int threadsPerInstance = 2;
		int callsPerThread = 2_000;
		ExecutorService executor = Executors.newFixedThreadPool(2 * threadsPerInstance + 2);
		AtomicBoolean recording = new AtomicBoolean(true);
		List<Future<?>> recorders = new ArrayList<>();
		for (JdbcCostLedger ledger : List.of(first, second)) {
			for (int thread = 0; thread < threadsPerInstance; thread++) {
				recorders.add(executor.submit(() -> {
					for (int i = 0; i < callsPerThread; i++) {
						ledger.record(call("feature-" + (i % 2), "model-" + (i / 2 % 2), NOW));
						if (i % 50 == 0) {
							// Spread the calls over many flushes.
							Thread.sleep(1);
						}
					}
					return null;
				}));
			}
		}
		// Each instance flushes over and over while both record: the same four rows
		// are written by both, often at the same moment.
		List<Future<?>> flushers = new ArrayList<>();
		for (JdbcCostLedger ledger : List.of(first, second)) {
			flushers.add(executor.submit(() -> {
				while (recording.get()) {
					ledger.flush();
				}
			}));
		}
		for (Future<?> recorder : recorders) {
			recorder.get(60, TimeUnit.SECONDS);
		}
		recording.set(false);
		for (Future<?> flusher : flushers) {
			flusher.get(60, TimeUnit.SECONDS);
		}
		executor.shutdown();
		assertThat(first.flush()).isTrue();
		assertThat(second.flush()).isTrue();

		int calls = 2 * threadsPerInstance * callsPerThread;
		assertThat(this.database.sums()).isEqualTo(sums(4, calls));
		assertThat(first.rows(HOUR, NEXT_HOUR)).extracting(JdbcCostLedgerTests::describe)
			.containsExactlyInAnyOrder("feature-0/model-0: 2000 calls", "feature-0/model-1: 2000 calls",
					"feature-1/model-0: 2000 calls", "feature-1/model-1: 2000 calls");
		if (concurrentUpsertsNeverFail()) {
			assertThat(List.of(first, second)).allSatisfy((ledger) -> assertThat(this.registries.get(ledger)
				.get("llm.ledger.flushes")
				.tag("outcome", "failure")
				.functionCounter()
				.count()).as("failed flushes").isZero());
		}
	}

	@Test
	void unitsBilledBesidesTokensShouldBeAddedToTheirRowsAndReadBack() {
		JdbcCostLedger ledger = ledger(this.faulty, settings());
		RecordedCall images = new RecordedCall(NOW, Attribution.of("poster-art"), "openai", "image_generation",
				"dall-e-3", "dall-e-3", TokenUsage.EMPTY, new BigDecimal("0.12"), true, false, null,
				UnitUsage.of(UnitType.IMAGE, 3));
		ledger.record(images);
		assertThat(ledger.flush()).isTrue();
		ledger.record(images);
		assertThat(ledger.flush()).isTrue();

		assertThat(this.database.jdbc()
			.queryForObject("SELECT units_image FROM " + this.database.tablePrefix() + "ledger", Long.class))
			.isEqualTo(6);
		assertThat(ledger.rows(HOUR, NEXT_HOUR)).singleElement()
			.satisfies((row) -> assertThat(row.totals().units()).isEqualTo(UnitUsage.of(UnitType.IMAGE, 6)));
	}

	@Test
	void aTableWithoutTheUnitColumnsShouldBeReportedWithWhatToDo() {
		this.database.jdbc().execute("ALTER TABLE " + this.database.tablePrefix() + "ledger DROP COLUMN units_request");
		JdbcCostLedger ledger = ledger(this.faulty, settings());
		ledger.record(call("summary", "gpt-4o-mini", NOW));

		assertThat(ledger.flush()).isFalse();
		assertThat(ledger.status().lastError()).startsWith(JdbcCostLedger.MISSING_UNIT_COLUMNS);
	}

	@Test
	void stopShouldFlushWhatIsPendingAndARestartedInstanceShouldSeeIt() {
		JdbcCostLedger ledger = ledger(this.faulty, settings().withFlushInterval(Duration.ofHours(1)));
		ledger.start();
		record(ledger, 3, "summary", "gpt-4o-mini", NOW);

		ledger.stop();

		assertThat(this.database.sums()).as("written by stop, not by a scheduled flush").isEqualTo(sums(1, 3));
		ledger.close();
		JdbcCostLedger restarted = ledger(this.faulty, settings());
		record(restarted, 2, "summary", "gpt-4o-mini", NOW);
		assertThat(restarted.rows(HOUR, NEXT_HOUR)).extracting(JdbcCostLedgerTests::describe)
			.containsExactly("summary/gpt-4o-mini: 5 calls");
		restarted.close();
		assertThat(this.database.sums()).as("written by close").isEqualTo(sums(1, 5));
		assertThat(this.database.count("ledger_flushes")).as("one writer per run").isEqualTo(2);
	}

	@Test
	void commitWhoseAnswerWasLostShouldNotBeAddedAgain(CapturedOutput output) {
		JdbcCostLedger ledger = ledger(this.faulty, settings().withReadCache(Duration.ZERO));
		record(ledger, 2, "summary", "gpt-4o-mini", NOW);
		this.faulty.loseCommitAnswers(1);

		assertThat(ledger.flush()).as("the flush saw its commit fail").isFalse();

		assertThat(this.database.sums()).as("although the commit was done").isEqualTo(sums(1, 2));
		assertThat(ledger.status().lastError()).contains("COMMIT");
		assertThat(ledger.status().pendingDeltas()).as("kept, to be written again").isEqualTo(1);
		assertThat(ledger.rows(HOUR, NEXT_HOUR)).as("in the table and still pending: counted once")
			.extracting(JdbcCostLedgerTests::describe)
			.containsExactly("summary/gpt-4o-mini: 2 calls");
		record(ledger, 1, "summary", "gpt-4o-mini", NOW);

		assertThat(ledger.flush()).isTrue();

		assertThat(this.database.sums()).as("the lost answer's batch once, the next call once").isEqualTo(sums(1, 3));
		assertThat(flushes("success")).isEqualTo(1);
		assertThat(flushes("failure")).isEqualTo(1);
		assertThat(flushes("already_applied")).isEqualTo(1);
		assertThat(ledger.status().lastError()).isNull();
		assertThat(output).containsOnlyOnce("Could not write 1 LLM cost totals to the ledger table");
	}

	@Test
	void readWhileACommittedFlushAwaitsItsAnswerShouldCountItOnce() throws Exception {
		JdbcCostLedger ledger = ledger(this.faulty, settings().withReadCache(Duration.ZERO));
		record(ledger, 2, "summary", "gpt-4o-mini", NOW);
		CountDownLatch committed = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.faulty.holdAfterNextCommit(committed, release);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		Future<Boolean> flush = executor.submit(ledger::flush);
		try {
			assertThat(committed.await(30, TimeUnit.SECONDS)).isTrue();

			assertThat(ledger.rows(HOUR, NEXT_HOUR)).as("committed, not yet known to be")
				.extracting(JdbcCostLedgerTests::describe)
				.containsExactly("summary/gpt-4o-mini: 2 calls");
		}
		finally {
			release.countDown();
			executor.shutdown();
		}
		assertThat(flush.get(30, TimeUnit.SECONDS)).isTrue();
		assertThat(ledger.rows(HOUR, NEXT_HOUR)).extracting(JdbcCostLedgerTests::describe)
			.containsExactly("summary/gpt-4o-mini: 2 calls");
	}

	@Test
	void whileTheDatabaseIsDownCallsShouldAddUpInMemoryAndBeWrittenWhenItReturns(CapturedOutput output) {
		JdbcCostLedger ledger = ledger(this.faulty, settings());
		this.faulty.down(true);
		record(ledger, 2, "summary", "gpt-4o-mini", NOW);
		assertThat(ledger.flush()).isFalse();
		record(ledger, 3, "summary", "gpt-4o-mini", NOW);
		record(ledger, 1, "search", "gpt-4o-mini", NOW);
		assertThat(ledger.flush()).isFalse();

		LedgerStatus status = ledger.status();
		assertThat(status.pendingDeltas()).as("the failed batch's row, and two rows since").isEqualTo(3);
		assertThat(status.lastFlush()).isNull();
		assertThat(status.lastError())
			.isEqualTo("SQLTransientConnectionException: Connection refused (the test took the database down)");
		assertThat(this.meters.get("llm.ledger.pending").gauge().value()).isEqualTo(3);
		assertThat(ledger.snapshot().total().calls()).as("since start, in memory").isEqualTo(6);
		assertThatExceptionOfType(LedgerUnavailableException.class)
			.isThrownBy(() -> ledger.rows(NOW.minusSeconds(3600), NOW.plusSeconds(3600)))
			.withMessage("The ledger's table cannot be read now (CannotCreateTransactionException)");
		assertThat(output).as("logged once for the outage")
			.containsOnlyOnce("Could not write 1 LLM cost totals to the ledger table: "
					+ "SQLTransientConnectionException: Connection refused");

		this.faulty.down(false);
		this.clock.set(NOW.plusSeconds(30));
		assertThat(ledger.flush()).isTrue();

		assertThat(this.database.sums()).isEqualTo(sums(2, 6));
		assertThat(ledger.status()).isEqualTo(new LedgerStatus("jdbc", NOW.plusSeconds(30), 0, 0, null));
		assertThat(flushes("failure")).isEqualTo(2);
		assertThat(flushes("success")).as("the failed batch, then what came since").isEqualTo(2);
		assertThat(output).contains("The ledger table can be written again");
	}

	@Test
	void pastTheBoundOnPendingTotalsCallsNeedingANewOneShouldBeDroppedCountedAndLoggedOnce(CapturedOutput output) {
		JdbcCostLedger ledger = ledger(this.faulty, settings().withMaxPending(2));
		this.faulty.down(true);
		record(ledger, 1, "a", "gpt-4o-mini", NOW);
		record(ledger, 1, "b", "gpt-4o-mini", NOW);
		record(ledger, 2, "c", "gpt-4o-mini", NOW);
		record(ledger, 1, "d", "gpt-4o-mini", NOW);
		record(ledger, 2, "a", "gpt-4o-mini", NOW);

		assertThat(ledger.status().droppedCalls()).isEqualTo(3);
		assertThat(this.meters.get("llm.ledger.dropped").functionCounter().count()).isEqualTo(3);
		assertThat(output).containsOnlyOnce("More than 2 LLM cost totals are waiting to be written");
		assertThat(ledger.snapshot().total().calls()).as("every call, since start").isEqualTo(7);

		this.faulty.down(false);
		assertThat(ledger.flush()).isTrue();
		assertThat(this.database.sums()).isEqualTo(sums(2, 4));
	}

	@Test
	void expiredRowsShouldBeDeletedAndTheLedgerShouldHoldFromTheRetentionOrItsEarliestRow() {
		JdbcCostLedger ledger = ledger(this.faulty, settings().withRetention(Duration.ofDays(7)));
		assertThat(ledger.holdsFrom()).as("an empty table: from the hour it started").isEqualTo(HOUR);
		record(ledger, 1, "summary", "gpt-4o-mini", NOW.minus(Duration.ofDays(10)));
		record(ledger, 2, "summary", "gpt-4o-mini", NOW.minus(Duration.ofDays(1)));
		assertThat(ledger.flush()).isTrue();
		this.clock.set(NOW.plus(Duration.ofMinutes(5)));

		assertThat(ledger.holdsFrom()).as("the start of the retention: 7 days before 10:25, in hours")
			.isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
		assertThat(ledger.deleteExpired()).isEqualTo(1);

		assertThat(this.database.sums()).isEqualTo(sums(1, 2));
		assertThat(ledger.holdsFrom()).as("the earliest row left").isEqualTo(Instant.parse("2026-12-09T10:00:00Z"));
	}

	@Test
	void readsShouldBeReusedUntilThisInstanceFlushesAndAlwaysIncludeItsOwnCalls() {
		JdbcCostLedger reader = ledger(this.faulty, settings().withReadCache(Duration.ofHours(1)));
		JdbcCostLedger other = ledger(this.database.dataSource(), settings());
		record(other, 2, "summary", "gpt-4o-mini", NOW);
		other.flush();
		assertThat(reader.rows(HOUR, NEXT_HOUR)).extracting(JdbcCostLedgerTests::describe)
			.containsExactly("summary/gpt-4o-mini: 2 calls");
		int queries = this.faulty.preparedStatements();
		record(other, 1, "summary", "gpt-4o-mini", NOW);
		other.flush();
		record(reader, 1, "summary", "gpt-4o-mini", NOW);

		assertThat(reader.rows(HOUR, NEXT_HOUR)).as("the cached table, and the reader's own call")
			.extracting(JdbcCostLedgerTests::describe)
			.containsExactly("summary/gpt-4o-mini: 3 calls");
		assertThat(this.faulty.preparedStatements()).as("no query").isEqualTo(queries);

		reader.flush();
		assertThat(reader.rows(HOUR, NEXT_HOUR)).as("read again after the reader's flush")
			.extracting(JdbcCostLedgerTests::describe)
			.containsExactly("summary/gpt-4o-mini: 4 calls");
	}

	@Test
	void modelNamesTheTableCannotHoldShouldBeCutRatherThanFailEveryFlush() {
		JdbcCostLedger ledger = ledger(this.faulty, settings());
		// The starter cuts model names to 128 characters and replaces control
		// characters; a ledger fed by other code must not be stuck on them.
		record(ledger, 1, "summary", "model\0with-nul-" + "m".repeat(300), NOW);

		assertThat(ledger.flush()).isTrue();

		assertThat(ledger.rows(HOUR, NEXT_HOUR)).singleElement().satisfies((row) -> {
			assertThat(row.model()).isEqualTo("model_with-nul-" + "m".repeat(240));
			assertThat(row.totals().calls()).isEqualTo(1);
		});
	}

	@Test
	void flushListenersShouldBeToldBeforeTheDrainAndGivenTheTablesCostsOnceEverythingIsWritten() {
		JdbcCostLedger ledger = ledger(this.faulty, settings());
		JdbcCostLedger other = ledger(this.faulty, settings());
		List<String> told = new ArrayList<>();
		List<Map<String, BigDecimal>> stored = new ArrayList<>();
		ledger.addFlushListener(new LedgerFlushListener() {

			@Override
			public void draining() {
				told.add("draining, " + ledger.status().pendingDeltas() + " pending");
			}

			@Override
			public void flushed(LedgerCosts costs) {
				// Recorded after the drain: not in the table, so not in its costs.
				ledger.record(call("summary", "gpt-4o-mini", NOW));
				told.add("flushed");
				stored.add(costs.byFeature(HOUR, NEXT_HOUR));
			}

		});
		record(other, 2, "summary", "gpt-4o-mini", NOW);
		assertThat(other.flush()).isTrue();
		record(ledger, 3, "summary", "gpt-5", NOW);
		record(ledger, 1, "search", "gpt-4o-mini", NOW);

		assertThat(ledger.flush()).isTrue();

		assertThat(told).containsExactly("draining, 2 pending", "flushed");
		assertThat(stored).singleElement().satisfies((costs) -> {
			assertThat(costs).containsOnlyKeys("summary", "search");
			assertThat(costs.get("summary")).isEqualByComparingTo(COST.multiply(BigDecimal.valueOf(5)));
			assertThat(costs.get("search")).isEqualByComparingTo(COST);
		});

		this.faulty.down(true);
		assertThat(ledger.flush()).isFalse();
		assertThat(told).as("no costs while the table cannot be written")
			.containsExactly("draining, 2 pending", "flushed", "draining, 1 pending");
		this.faulty.down(false);
		assertThat(ledger.flush()).isTrue();
		assertThat(told).as("the failed batch written again, then a drain of what came since")
			.containsExactly("draining, 2 pending", "flushed", "draining, 1 pending", "draining, 0 pending", "flushed");
		assertThat(stored.get(1).get("summary")).isEqualByComparingTo(COST.multiply(BigDecimal.valueOf(6)));
	}

	@Test
	void flushListenerThatFailsShouldNotStopTheFlush() {
		JdbcCostLedger ledger = ledger(this.faulty, settings());
		ledger.addFlushListener(new LedgerFlushListener() {

			@Override
			public void draining() {
				throw new IllegalStateException("draining");
			}

			@Override
			public void flushed(LedgerCosts costs) {
				throw new IllegalStateException("flushed");
			}

		});
		record(ledger, 2, "summary", "gpt-4o-mini", NOW);

		assertThat(ledger.flush()).isTrue();

		assertThat(this.database.sums()).isEqualTo(sums(1, 2));
	}

	@Test
	void flushListenersShouldBeToldWhenAFlushCannotWrite() {
		JdbcCostLedger ledger = ledger(this.faulty, settings());
		List<String> told = new ArrayList<>();
		ledger.addFlushListener(new LedgerFlushListener() {

			@Override
			public void draining() {
				told.add("draining");
			}

			@Override
			public void flushed(LedgerCosts costs) {
				told.add("flushed");
			}

			@Override
			public void flushFailed() {
				told.add("failed");
			}

		});
		record(ledger, 1, "summary", "gpt-4o-mini", NOW);
		this.faulty.down(true);
		assertThat(ledger.flush()).isFalse();
		this.faulty.down(false);
		assertThat(ledger.flush()).isTrue();

		assertThat(told).containsExactly("draining", "failed", "draining", "flushed");
	}

	@Test
	void stopShouldFlushOnceMoreForAListenerStillWaitingWithNothingToWrite() {
		JdbcCostLedger ledger = ledger(this.database.dataSource(), settings());
		List<String> told = new ArrayList<>();
		ledger.addFlushListener(new LedgerFlushListener() {

			@Override
			public void draining() {
			}

			@Override
			public void flushed(LedgerCosts costs) {
				told.add("flushed");
			}

			@Override
			public boolean isWaiting() {
				return told.isEmpty();
			}

		});
		ledger.start();

		ledger.stop();

		assertThat(told).containsExactly("flushed");
	}

	@Test
	void budgetEventClaimedAtOnceByTwoLedgersShouldBeClaimedByExactlyOne() throws Exception {
		JdbcCostLedger first = ledger(this.database.dataSource(), settings());
		JdbcCostLedger second = ledger(this.database.dataSource(), settings());
		List<Event> events = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			events.add(new Event("budget-" + (i / 4), HOUR, (i % 4 < 2) ? "THRESHOLD_CROSSED" : "EXHAUSTED",
					(i % 4 < 2) ? 50 + 30 * (i % 4) : i % 4 - 2));
		}
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			Future<Set<Event>> byFirst = executor.submit(() -> {
				start.await();
				return first.claim(events);
			});
			Future<Set<Event>> bySecond = executor.submit(() -> {
				start.await();
				return second.claim(events);
			});
			start.countDown();
			Set<Event> claimedByFirst = byFirst.get(30, TimeUnit.SECONDS);
			Set<Event> claimedBySecond = bySecond.get(30, TimeUnit.SECONDS);

			Set<Event> both = new HashSet<>(claimedByFirst);
			both.retainAll(claimedBySecond);
			assertThat(both).as("claimed by both").isEmpty();
			Set<Event> all = new HashSet<>(claimedByFirst);
			all.addAll(claimedBySecond);
			assertThat(all).containsExactlyInAnyOrderElementsOf(events);
			assertThat(this.database.count("budget_events")).isEqualTo(20);
			assertThat(first.claim(events)).as("the same answer when claimed again").isEqualTo(claimedByFirst);
			assertThat(second.claim(events)).as("the same answer when claimed again").isEqualTo(claimedBySecond);
		}
		finally {
			executor.shutdown();
		}
	}

	@Test
	void budgetEventWhoseClaimsAnswerWasLostShouldBeThisLedgersWhenClaimedAgain() {
		JdbcCostLedger ledger = ledger(this.faulty, settings());
		JdbcCostLedger other = ledger(this.database.dataSource(), settings());
		Event event = new Event("daily", HOUR, "EXHAUSTED", 0);
		this.faulty.loseCommitAnswers(1);

		assertThatExceptionOfType(LedgerUnavailableException.class).isThrownBy(() -> ledger.claim(List.of(event)));

		assertThat(other.claim(List.of(event))).as("committed: the first ledger's").isEmpty();
		assertThat(ledger.claim(List.of(event))).containsExactly(event);
	}

	@Test
	void budgetEventClaimsShouldBeDeletedAfterTheRetention() {
		JdbcCostLedger ledger = ledger(this.faulty, settings().withRetention(Duration.ofDays(7)));
		ledger.claim(List.of(new Event("daily", HOUR, "EXHAUSTED", 0)));
		this.clock.set(NOW.plus(Duration.ofDays(3)));
		ledger.claim(List.of(new Event("daily", HOUR.plus(Duration.ofDays(3)), "EXHAUSTED", 0)));
		this.clock.set(NOW.plus(Duration.ofDays(8)));

		ledger.deleteExpired();

		assertThat(this.database.count("budget_events")).isOne();
	}

	@Test
	void claimingInADatabaseWithoutTheTableOfBudgetEventsShouldFailAsUnavailableAndFlushesShouldGoOn() {
		this.database.jdbc().execute("DROP TABLE " + this.database.tablePrefix() + "budget_events");
		JdbcCostLedger ledger = ledger(this.faulty, settings());
		record(ledger, 1, "summary", "gpt-4o-mini", NOW);

		assertThatExceptionOfType(LedgerUnavailableException.class)
			.isThrownBy(() -> ledger.claim(List.of(new Event("daily", HOUR, "EXHAUSTED", 0))))
			.withMessageStartingWith("The ledger's table of budget events cannot be written now");
		assertThat(ledger.flush()).isTrue();
		assertThat(ledger.deleteExpired()).isZero();
		assertThat(this.database.sums()).isEqualTo(sums(1, 1));
	}

	long flushes(String outcome) {
		return (long) this.meters.get("llm.ledger.flushes").tag("outcome", outcome).functionCounter().count();
	}

	JdbcLedgerSettings settings() {
		return JdbcLedgerSettings.defaults("test-instance").withTablePrefix(this.database.tablePrefix());
	}

	JdbcCostLedger ledger(DataSource dataSource, JdbcLedgerSettings settings) {
		JdbcCostLedger ledger = new JdbcCostLedger(dataSource, this.clock, ZONE, settings);
		SimpleMeterRegistry registry = this.registries.isEmpty() ? this.meters : new SimpleMeterRegistry();
		ledger.bindTo(registry);
		this.registries.put(ledger, registry);
		this.ledgers.add(ledger);
		return ledger;
	}

	static void record(JdbcCostLedger ledger, int calls, String feature, String model, Instant at) {
		for (int i = 0; i < calls; i++) {
			ledger.record(call(feature, model, at));
		}
	}

	static RecordedCall call(String feature, String model, Instant at) {
		return new RecordedCall(at, Attribution.of(feature), "openai", "chat", model, model, USAGE, COST, true, false);
	}

	/**
	 * The sums of the table after {@code calls} calls of these tests in {@code rows}
	 * rows, by hand.
	 */
	static Sums sums(long rows, long calls) {
		return new Sums(rows, calls, 0, 0, COST.multiply(BigDecimal.valueOf(calls)), 100 * calls, 20 * calls,
				30 * calls, 5 * calls);
	}

	static String describe(LedgerRow row) {
		Totals totals = row.totals();
		assertThat(totals.cost()).as("cost of %s", row)
			.isEqualByComparingTo(COST.multiply(BigDecimal.valueOf(totals.calls())));
		assertThat(totals.tokens()).as("tokens of %s", row)
			.isEqualTo(new TokenUsage(100 * totals.calls(), 20 * totals.calls(), 0, 30 * totals.calls(),
					5 * totals.calls()));
		return row.feature() + "/" + row.model() + ": " + totals.calls() + " calls";
	}

}
