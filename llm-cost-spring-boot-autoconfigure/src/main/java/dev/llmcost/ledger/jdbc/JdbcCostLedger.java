package dev.llmcost.ledger.jdbc;

import java.math.BigDecimal;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.llmcost.ledger.BudgetEventClaims;
import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.InMemoryCostLedger;
import dev.llmcost.ledger.LedgerFlushListener;
import dev.llmcost.ledger.LedgerHours;
import dev.llmcost.ledger.LedgerRow;
import dev.llmcost.ledger.LedgerScope;
import dev.llmcost.ledger.LedgerUnavailableException;
import dev.llmcost.ledger.LedgerSnapshot;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.ledger.LedgerStatus;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.ledger.UnpricedModels;
import dev.llmcost.ledger.jdbc.PendingDeltas.RowKey;
import dev.llmcost.ledger.jdbc.ReadCache.Range;
import dev.llmcost.ledger.jdbc.ReadCache.TableRows;
import dev.llmcost.observation.LlmCostMeters;
import dev.llmcost.observation.LlmCostMeters.MeterKeyNames;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A {@link CostLedger} whose hourly rows live in a database table shared by every
 * instance of the application, so that its {@link #rows rows} are the fleet's and survive
 * restarts.
 * <p>
 * Recording never touches the database: a call is added to this instance's delta of its
 * (hour, feature, model) row in memory, and a background flush every
 * {@link JdbcLedgerSettings#flushInterval() flush interval} adds the deltas to the table
 * in one transaction.
 * <p>
 * <strong>Nothing lost, nothing counted twice.</strong> A flush seals the deltas into a
 * batch with the next number of this ledger's sequence, and the same transaction records
 * that number as this writer's last flush. A batch that fails is written again, with the
 * same deltas and number, until it succeeds; before adding anything a flush checks the
 * number it records against the last one recorded, so a batch whose commit succeeded but
 * whose answer was lost is not added twice. Every ledger has a random writer id of its
 * own, so two instances, or two runs of one, never share a sequence. While the database
 * is down, calls keep adding up in memory, bounded by
 * {@link JdbcLedgerSettings#maxPending()} rows (calls that would need another are
 * dropped, counted and logged once), and the first flush that succeeds catches up.
 * Stopping the ledger flushes what is pending, within
 * {@link JdbcLedgerSettings#shutdownTimeout()}. Rows are written in one order in every
 * instance, so two instances adding to the same rows at the same moment wait for each
 * other rather than deadlock.
 * <p>
 * Reads add this instance's deltas that are not in the table yet to the table's rows, so
 * an instance always sees its own calls; the table's rows are reused for
 * {@link JdbcLedgerSettings#readCache()} per period. Which of its own batches a read of
 * the table includes is told by this writer's last flush number, read in the same
 * statement, so a batch committed while a read runs is counted once.
 * <p>
 * {@link #snapshot()} and {@link #unpriced(int)} are this instance's since it started, as
 * with the in-memory ledger: they are kept in memory and never read the database.
 * <p>
 * Rows older than {@link JdbcLedgerSettings#retention()} are deleted in the background,
 * once an hour.
 * <p>
 * {@link LedgerFlushListener Flush listeners} are told when a flush takes this instance's
 * deltas and, once everything is written, are given the table's costs: what budgets need
 * to follow the fleet's spend without reading the table at every call; when a flush
 * fails, they are told so.
 * <p>
 * Budget events are {@link #claim claimed} in a table of their own, so that each is
 * announced by one instance of the fleet; claims are deleted with the rows, after the
 * retention.
 *
 * @author llm-cost contributors
 */
public class JdbcCostLedger implements CostLedger, BudgetEventClaims, SmartLifecycle, MeterBinder, AutoCloseable {

	/**
	 * The phase the ledger starts and stops in: it stops after the web server and the
	 * usual message listeners, so that the calls they were still serving are in the last
	 * flush.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 8192;

	private static final Log logger = LogFactory.getLog(JdbcCostLedger.class);

	private static final Duration RETENTION_INTERVAL = Duration.ofHours(1);

	private static final Duration EARLIEST_HOUR_CACHE = Duration.ofMinutes(1);

	private static final Duration SHUTDOWN_RETRY_PAUSE = Duration.ofMillis(200);

	private static final int QUERY_TIMEOUT_SECONDS = 30;

	private static final int BATCH_SIZE = 1_000;

	private static final int MAX_COLUMN_LENGTH = 255;

	private static final int MAX_ERROR_LENGTH = 300;

	/**
	 * Why a table made before units were recorded fails: its columns are added by the
	 * schema script, which {@code initialize-schema=never} does not run.
	 */
	static final String MISSING_UNIT_COLUMNS = "The ledger table lacks the units_* columns of this version: run the"
			+ " ALTER TABLE statements of the schema script or set llm.cost.ledger.jdbc.initialize-schema=always";

	private static final Pattern SECRET = Pattern.compile("(?i)(password|secret|token)=[^&;\\s]*");

	private final DataSource dataSource;

	private final Clock clock;

	private final JdbcLedgerSettings settings;

	private final LedgerTables tables;

	private final String writer = UUID.randomUUID().toString();

	private final InMemoryCostLedger sinceStart;

	private final PendingDeltas pending;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ReadCache readCache;

	private final Instant startHour;

	private final LedgerHours ledgerHours;

	private volatile @Nullable LedgerDialect dialect;

	// Sealing, and taking this instance's deltas for a read, happen under this lock, so a
	// read never sees a delta both sealed and not.
	private final Object sealLock = new Object();

	private @Nullable Batch inFlight;

	private long lastSequence;

	// Moves each time a batch leaves memory: the read cache's entries are valid for one.
	private long generation;

	private final ReentrantLock flushLock = new ReentrantLock();

	private final List<LedgerFlushListener> flushListeners = new CopyOnWriteArrayList<>();

	private final AtomicLong successfulFlushes = new AtomicLong();

	private final AtomicLong failedFlushes = new AtomicLong();

	private final AtomicLong alreadyAppliedFlushes = new AtomicLong();

	private volatile @Nullable Instant lastFlush;

	private volatile @Nullable String lastError;

	private volatile boolean failing;

	private final AtomicBoolean droppingLogged = new AtomicBoolean();

	private volatile @Nullable EarliestHour earliestHour;

	private final Object lifecycleMonitor = new Object();

	private boolean running;

	private @Nullable ThreadPoolTaskScheduler scheduler;

	private @Nullable ScheduledFuture<?> flushTask;

	private @Nullable ScheduledFuture<?> retentionTask;

	/**
	 * Create a ledger; nothing is read or written before the first flush or read.
	 * @param dataSource the database, whose tables exist (see
	 * {@link LedgerDialect#schemaLocation()})
	 * @param clock the clock calls are dated and rows expire by
	 * @param zone the zone whose hours rows follow; the same in every instance
	 * @param settings the table names, intervals and bounds
	 */
	public JdbcCostLedger(DataSource dataSource, Clock clock, ZoneId zone, JdbcLedgerSettings settings) {
		this.dataSource = dataSource;
		this.clock = clock;
		this.ledgerHours = new LedgerHours(zone);
		this.settings = settings;
		this.tables = settings.tables();
		// Since-start totals only: its hourly rows are never read, so keep the fewest.
		this.sinceStart = new InMemoryCostLedger(clock, zone, Duration.ofHours(1));
		this.pending = new PendingDeltas(settings.maxPending());
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
		this.jdbc.setFetchSize(BATCH_SIZE);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.readCache = new ReadCache(settings.readCache());
		this.startHour = this.ledgerHours.hourOf(clock.instant());
	}

	@Override
	public void record(RecordedCall call) {
		this.sinceStart.record(call);
		RowKey key = new RowKey(this.ledgerHours.hourOf(call.at()), column(call.feature()), column(call.model()));
		if (!this.pending.add(key, call) && this.droppingLogged.compareAndSet(false, true)) {
			logger.warn("More than " + this.settings.maxPending() + " LLM cost totals are waiting to be written to "
					+ "the ledger table" + ((this.lastError != null) ? " (last error: " + this.lastError + ")" : "")
					+ "; calls that need another are left out of the table and counted in llm.ledger.dropped. "
					+ "They still count in the meters and in this instance's since-start totals.");
		}
	}

	@Override
	public LedgerSnapshot snapshot() {
		return this.sinceStart.snapshot();
	}

	@Override
	public UnpricedModels unpriced(int limit) {
		return this.sinceStart.unpriced(limit);
	}

	/**
	 * Return the fleet's hourly rows from the table, with this instance's deltas that are
	 * not in it yet.
	 * @throws org.springframework.dao.DataAccessException if the table cannot be read
	 */
	@Override
	public List<LedgerRow> rows(Instant from, Instant to) {
		if (!from.isBefore(to)) {
			return new ArrayList<>();
		}
		OwnDeltas own;
		synchronized (this.sealLock) {
			own = new OwnDeltas(this.generation, this.inFlight, this.pending.rows(from, to), this.lastSequence + 1);
		}
		TableRows table;
		try {
			table = this.readCache.get(new Range(from, to), own.generation(), () -> readTable(from, to));
		}
		catch (RuntimeException ex) {
			// The exception's class only: a driver's message may name the server.
			throw new LedgerUnavailableException(
					"The ledger's table cannot be read now (" + ex.getClass().getSimpleName() + ")", ex);
		}
		Map<RowKey, LedgerRow> rows = new LinkedHashMap<>();
		table.rows().forEach((row) -> add(rows, row));
		Batch batch = own.inFlight();
		if (batch != null && batch.sequence() > table.lastSequence()) {
			batch.rows()
				.stream()
				.filter((row) -> !row.hour().isBefore(from) && row.hour().isBefore(to))
				.forEach((row) -> add(rows, row));
		}
		if (own.unsealedSequence() > table.lastSequence()) {
			own.unsealed().forEach((row) -> add(rows, row));
		}
		return new ArrayList<>(rows.values());
	}

	/**
	 * Return the start of the retention, or the hour of the earliest row when it is
	 * later; before any row, the hour this ledger started.
	 */
	@Override
	public Instant holdsFrom() {
		Instant retainedFrom = this.ledgerHours.startOfHour(this.clock.instant().minus(this.settings.retention()));
		Instant earliest = earliestHour();
		Instant from = (earliest != null && earliest.isBefore(this.startHour)) ? earliest : this.startHour;
		return from.isAfter(retainedFrom) ? from : retainedFrom;
	}

	@Override
	public LedgerScope scope() {
		return LedgerScope.FLEET;
	}

	@Override
	public LedgerStatus status() {
		return new LedgerStatus("jdbc", this.lastFlush, this.pending.size(), this.pending.droppedCalls(),
				this.lastError);
	}

	@Override
	public void addFlushListener(LedgerFlushListener listener) {
		this.flushListeners.add(listener);
	}

	/**
	 * Write what is pending now, as the background flush does: first a batch a failed
	 * flush left, then the deltas recorded since; when everything is written, give the
	 * {@link #addFlushListener flush listeners} the table's costs. Never throws: a
	 * failure is counted, logged once until a flush succeeds again, and shown by
	 * {@link #status()}.
	 * @return whether everything that was pending when it began is written
	 */
	public boolean flush() {
		this.flushLock.lock();
		try {
			boolean written = writePending();
			if (written) {
				// Still under the flush lock: no other flush drains before the listeners
				// have read the table this one wrote to.
				this.flushListeners.forEach((listener) -> notify(listener, () -> listener.flushed(this::storedCosts)));
			}
			else {
				this.flushListeners.forEach((listener) -> notify(listener, listener::flushFailed));
			}
			return written;
		}
		finally {
			this.flushLock.unlock();
		}
	}

	private boolean writePending() {
		while (true) {
			Batch batch = nextBatch();
			if (batch == null) {
				return true;
			}
			if (!write(batch)) {
				return false;
			}
			if (!batch.retried()) {
				return true;
			}
		}
	}

	private @Nullable Batch nextBatch() {
		synchronized (this.sealLock) {
			if (this.inFlight != null) {
				return this.inFlight;
			}
			// Before the seal: a call counted by a listener after this is in a later
			// batch
			// or in this one, never left out of both.
			this.flushListeners.forEach((listener) -> notify(listener, listener::draining));
			List<LedgerRow> rows = this.pending.seal();
			if (rows.isEmpty()) {
				return null;
			}
			this.lastSequence++;
			this.inFlight = new Batch(this.lastSequence, List.copyOf(rows));
			this.pending.sealed(rows.size());
			return this.inFlight;
		}
	}

	private boolean write(Batch batch) {
		Outcome outcome;
		try {
			outcome = this.transactions.execute((status) -> apply(batch));
		}
		catch (RuntimeException ex) {
			batch.failed();
			this.failedFlushes.incrementAndGet();
			String error = describe(ex);
			this.lastError = error;
			if (!this.failing) {
				this.failing = true;
				logger.warn("Could not write " + batch.rows().size() + " LLM cost totals to the ledger table: " + error
						+ ". They are kept in memory and written when the database answers again.");
			}
			return false;
		}
		synchronized (this.sealLock) {
			this.inFlight = null;
			this.generation++;
			this.pending.sealed(0);
		}
		((outcome == Outcome.ALREADY_APPLIED) ? this.alreadyAppliedFlushes : this.successfulFlushes).incrementAndGet();
		this.lastFlush = this.clock.instant();
		this.lastError = null;
		if (this.failing) {
			this.failing = false;
			logger.info("The ledger table can be written again; what was pending is being written");
		}
		if (this.pending.size() < this.settings.maxPending()) {
			this.droppingLogged.set(false);
		}
		return true;
	}

	private Outcome apply(Batch batch) {
		OffsetDateTime now = timestamp(this.clock.instant());
		long sequence = batch.sequence();
		int updated = this.jdbc.update(
				"UPDATE " + this.tables.flushes() + " SET last_sequence = ?, flushed_at = ?, instance_id = ?"
						+ " WHERE writer = ? AND last_sequence < ?",
				sequence, now, this.settings.instanceId(), this.writer, sequence);
		if (updated == 0) {
			List<Long> last = this.jdbc.queryForList(
					"SELECT last_sequence FROM " + this.tables.flushes() + " WHERE writer = ?", Long.class,
					this.writer);
			if (!last.isEmpty()) {
				if (last.get(0) >= sequence) {
					// The commit of an earlier attempt succeeded; only its answer was
					// lost.
					return Outcome.ALREADY_APPLIED;
				}
				throw new IllegalStateException("Flush " + sequence + " of writer " + this.writer
						+ " could not be recorded; the last recorded is " + last.get(0));
			}
			this.jdbc.update(
					"INSERT INTO " + this.tables.flushes()
							+ " (writer, instance_id, last_sequence, flushed_at) VALUES (?, ?, ?, ?)",
					this.writer, this.settings.instanceId(), sequence, now);
		}
		this.jdbc.batchUpdate(dialect().addDeltas(this.tables), batch.rows(), BATCH_SIZE, (statement, row) -> {
			Totals totals = row.totals();
			TokenUsage tokens = totals.tokens();
			statement.setObject(1, timestamp(row.hour()));
			statement.setString(2, row.feature());
			statement.setString(3, row.model());
			statement.setLong(4, totals.calls());
			statement.setLong(5, totals.errors());
			statement.setLong(6, row.unpricedCalls());
			statement.setBigDecimal(7, totals.cost());
			statement.setLong(8, tokens.input());
			statement.setLong(9, tokens.cacheRead());
			statement.setLong(10, tokens.cacheWrite());
			statement.setLong(11, tokens.output());
			statement.setLong(12, tokens.reasoning());
			UnitUsage units = totals.units();
			statement.setLong(13, units.get(UnitType.IMAGE));
			statement.setLong(14, units.get(UnitType.SECOND));
			statement.setLong(15, units.get(UnitType.CHARACTER));
			statement.setLong(16, units.get(UnitType.REQUEST));
		});
		return Outcome.APPLIED;
	}

	/**
	 * Return the cost of each feature's rows in the table, written by every instance,
	 * without this instance's deltas not written yet.
	 */
	private Map<String, BigDecimal> storedCosts(Instant from, Instant to) {
		Map<String, BigDecimal> costs = new HashMap<>();
		try {
			this.jdbc.query("SELECT feature, SUM(cost) FROM " + this.tables.ledger()
					+ " WHERE hour_start >= ? AND hour_start < ? GROUP BY feature", (resultSet) -> {
						BigDecimal cost = resultSet.getBigDecimal(2);
						costs.put(resultSet.getString(1), (cost != null) ? cost : BigDecimal.ZERO);
					}, timestamp(from), timestamp(to));
		}
		catch (RuntimeException ex) {
			throw new LedgerUnavailableException(
					"The ledger's table cannot be read now (" + ex.getClass().getSimpleName() + ")", ex);
		}
		return costs;
	}

	/**
	 * Claim budget events for this instance: the first instance to insert an event's row
	 * in the table of budget events announces it. Each claim is a transaction of its own;
	 * one whose answer was lost is recognised as this instance's when claimed again,
	 * since the row names this ledger's writer.
	 */
	@Override
	public Set<Event> claim(List<Event> events) {
		Set<Event> claimed = new HashSet<>();
		if (events.isEmpty()) {
			return claimed;
		}
		try {
			String sql = dialect().claimEvent(this.tables);
			OffsetDateTime now = timestamp(this.clock.instant());
			for (Event event : events) {
				String budget = column(event.budget());
				OffsetDateTime periodStart = timestamp(event.periodStart());
				Integer inserted;
				try {
					inserted = this.transactions.execute((status) -> this.jdbc.update(sql, budget, periodStart,
							event.type(), event.threshold(), this.writer, this.settings.instanceId(), now));
				}
				catch (DuplicateKeyException ex) {
					// H2: another instance inserted the row after this MERGE looked for
					// it.
					inserted = 0;
				}
				if ((inserted != null && inserted > 0) || claimedBefore(budget, periodStart, event)) {
					claimed.add(event);
				}
			}
		}
		catch (RuntimeException ex) {
			// The exception's class only: a driver's message may name the server.
			throw new LedgerUnavailableException(
					"The ledger's table of budget events cannot be written now (" + ex.getClass().getSimpleName() + ")",
					ex);
		}
		return claimed;
	}

	private boolean claimedBefore(String budget, OffsetDateTime periodStart, Event event) {
		List<String> writers = this.jdbc.queryForList(
				"SELECT writer FROM " + this.tables.budgetEvents()
						+ " WHERE budget = ? AND period_start = ? AND event_type = ? AND threshold = ?",
				String.class, budget, periodStart, event.type(), event.threshold());
		return writers.contains(this.writer);
	}

	private static void notify(LedgerFlushListener listener, Runnable notification) {
		try {
			notification.run();
		}
		catch (RuntimeException ex) {
			logger.debug("LLM cost ledger flush listener " + listener + " failed", ex);
		}
	}

	/**
	 * Delete the rows older than the retention, the flushes of writers that have not
	 * flushed for as long, and the budget events claimed as long ago, as the background
	 * task does once an hour.
	 * @return the number of rows deleted
	 */
	public int deleteExpired() {
		Instant now = this.clock.instant();
		Instant expired = now.minus(this.settings.retention());
		int rows = this.jdbc.update("DELETE FROM " + this.tables.ledger() + " WHERE hour_start < ?",
				timestamp(this.ledgerHours.startOfHour(expired)));
		this.jdbc.update("DELETE FROM " + this.tables.flushes() + " WHERE flushed_at < ?", timestamp(expired));
		this.earliestHour = null;
		try {
			this.jdbc.update("DELETE FROM " + this.tables.budgetEvents() + " WHERE claimed_at < ?", timestamp(expired));
		}
		catch (RuntimeException ex) {
			// A table created before budget events were claimed may lack it; claiming
			// says so.
			logger.debug("Could not delete the expired claims of budget events: " + describe(ex));
		}
		return rows;
	}

	private TableRows readTable(Instant from, Instant to) {
		String sql = "SELECT l.hour_start, l.feature, l.model, l.calls, l.errors, l.unpriced_calls, l.cost,"
				+ " l.input_tokens, l.cache_read_tokens, l.cache_write_tokens, l.output_tokens, l.reasoning_tokens,"
				+ " l.units_image, l.units_second, l.units_character, l.units_request," + " f.last_sequence FROM "
				+ this.tables.ledger() + " l LEFT JOIN " + this.tables.flushes()
				+ " f ON f.writer = ? WHERE l.hour_start >= ? AND l.hour_start < ?";
		// In a transaction, so that PostgreSQL streams the rows rather than hold them
		// all.
		TableRows rows = this.transactions
			.execute((status) -> this.jdbc.query(sql, this::readRows, this.writer, timestamp(from), timestamp(to)));
		return (rows != null) ? rows : new TableRows(List.of(), 0);
	}

	private TableRows readRows(ResultSet resultSet) throws SQLException {
		List<LedgerRow> rows = new ArrayList<>();
		// A month holds each name and hour hundreds of times: keep one copy of each.
		Map<Object, Object> shared = new HashMap<>();
		long lastSequence = 0;
		while (resultSet.next()) {
			Instant hour = shared(shared, resultSet.getObject(1, OffsetDateTime.class).toInstant());
			TokenUsage tokens = new TokenUsage(resultSet.getLong(8), resultSet.getLong(9), resultSet.getLong(10),
					resultSet.getLong(11), resultSet.getLong(12));
			UnitUsage units = UnitUsage.NONE;
			for (UnitType type : UnitType.values()) {
				long count = resultSet.getLong(13 + type.ordinal());
				if (count > 0) {
					units = units.with(type, count);
				}
			}
			Totals totals = new Totals(resultSet.getLong(4), resultSet.getLong(5), resultSet.getBigDecimal(7), tokens,
					units);
			rows.add(new LedgerRow(hour, shared(shared, resultSet.getString(2)), shared(shared, resultSet.getString(3)),
					totals, resultSet.getLong(6)));
			lastSequence = resultSet.getLong(17);
		}
		return new TableRows(rows, lastSequence);
	}

	@SuppressWarnings("unchecked")
	private static <T> T shared(Map<Object, Object> shared, T value) {
		return (T) shared.computeIfAbsent(value, (key) -> key);
	}

	private @Nullable Instant earliestHour() {
		EarliestHour cached = this.earliestHour;
		Instant now = this.clock.instant();
		if (cached != null && now.isBefore(cached.readAt().plus(EARLIEST_HOUR_CACHE))) {
			return cached.hour();
		}
		try {
			OffsetDateTime earliest = this.jdbc.queryForObject("SELECT MIN(hour_start) FROM " + this.tables.ledger(),
					OffsetDateTime.class);
			Instant hour = (earliest != null) ? earliest.toInstant() : null;
			this.earliestHour = new EarliestHour(hour, now);
			return hour;
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the earliest hour of the ledger table", ex);
			return (cached != null) ? cached.hour() : null;
		}
	}

	private LedgerDialect dialect() {
		LedgerDialect dialect = this.dialect;
		if (dialect == null) {
			try {
				dialect = LedgerDialect
					.of(JdbcUtils.extractDatabaseMetaData(this.dataSource, DatabaseMetaData::getDatabaseProductName));
			}
			catch (MetaDataAccessException ex) {
				throw new IllegalStateException("Could not tell which database the ledger table is in", ex);
			}
			this.dialect = dialect;
		}
		return dialect;
	}

	/**
	 * Schedule the flushes, every flush interval, and the deletion of expired rows, once
	 * an hour, on a thread of the ledger's own: a database that hangs must not hold up
	 * the application's scheduled tasks.
	 */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			ThreadPoolTaskScheduler scheduler = scheduler();
			// The scheduler's clock, not the ledger's: tests give the ledger a fixed one.
			Instant first = scheduler.getClock().instant().plus(this.settings.flushInterval());
			this.flushTask = scheduler.scheduleWithFixedDelay(this::flushInBackground, first,
					this.settings.flushInterval());
			this.retentionTask = scheduler.scheduleWithFixedDelay(this::deleteExpiredInBackground, first,
					RETENTION_INTERVAL);
			this.running = true;
		}
	}

	/**
	 * Stop the scheduled flushes and flush what is pending, waiting at most the shutdown
	 * timeout; what could not be written is logged as lost.
	 */
	@Override
	public void stop() {
		ThreadPoolTaskScheduler scheduler;
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			cancel(this.flushTask);
			cancel(this.retentionTask);
			this.flushTask = null;
			this.retentionTask = null;
			scheduler = scheduler();
		}
		flushBeforeShutdown(scheduler);
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lifecycleMonitor) {
			return this.running;
		}
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Stop, flush what was recorded after stopping, and end the ledger's thread.
	 */
	@Override
	public void close() {
		boolean wasRunning = isRunning();
		stop();
		ThreadPoolTaskScheduler scheduler;
		synchronized (this.lifecycleMonitor) {
			scheduler = this.scheduler;
			this.scheduler = null;
		}
		// What stop could not write within its time is given up, not waited for again.
		if (hasPending() && !(wasRunning && this.lastError != null)) {
			if (scheduler == null) {
				scheduler = newScheduler();
			}
			flushBeforeShutdown(scheduler);
		}
		if (scheduler != null) {
			scheduler.shutdown();
		}
	}

	/**
	 * Register {@code llm.ledger.flushes} (one counter per outcome),
	 * {@code llm.ledger.pending} and {@code llm.ledger.dropped}.
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		registerFlushes(registry, "success", this.successfulFlushes);
		registerFlushes(registry, "failure", this.failedFlushes);
		registerFlushes(registry, "already_applied", this.alreadyAppliedFlushes);
		Gauge.builder(LlmCostMeters.LEDGER_PENDING.getName(), this.pending, PendingDeltas::size)
			.description(LlmCostMeters.LEDGER_PENDING.description())
			.register(registry);
		FunctionCounter.builder(LlmCostMeters.LEDGER_DROPPED.getName(), this.pending, PendingDeltas::droppedCalls)
			.description(LlmCostMeters.LEDGER_DROPPED.description())
			.register(registry);
	}

	private void registerFlushes(MeterRegistry registry, String outcome, AtomicLong count) {
		FunctionCounter.builder(LlmCostMeters.LEDGER_FLUSHES.getName(), count, AtomicLong::get)
			.description(LlmCostMeters.LEDGER_FLUSHES.description())
			.tag(MeterKeyNames.OUTCOME.asString(), outcome)
			.register(registry);
	}

	/**
	 * Flush until nothing is pending or the shutdown timeout has passed: the first
	 * attempt after an outage can meet a pooled connection the outage broke.
	 */
	private void flushBeforeShutdown(ThreadPoolTaskScheduler scheduler) {
		// A budget event still waiting for its claim is lost otherwise.
		if (!hasPending() && this.flushListeners.stream().noneMatch(LedgerFlushListener::isWaiting)) {
			return;
		}
		long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		while (true) {
			Future<Boolean> flush = scheduler.submit(this::flush);
			try {
				if (flush.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					return;
				}
				long pause = Math.min(SHUTDOWN_RETRY_PAUSE.toNanos(), deadline - System.nanoTime());
				if (pause <= 0) {
					break;
				}
				TimeUnit.NANOSECONDS.sleep(pause);
			}
			catch (TimeoutException ex) {
				flush.cancel(true);
				break;
			}
			catch (InterruptedException ex) {
				flush.cancel(true);
				Thread.currentThread().interrupt();
				break;
			}
			catch (ExecutionException ex) {
				logger.debug("The last flush failed", ex);
				break;
			}
		}
		if (hasPending()) {
			logger.warn(pendingCalls() + " LLM calls recorded by this instance could not be written to the ledger "
					+ "table before it stopped and are not in the fleet's totals"
					+ ((this.lastError != null) ? ": " + this.lastError : "") + ".");
		}
	}

	private boolean hasPending() {
		return this.pending.size() > 0;
	}

	private long pendingCalls() {
		long calls = 0;
		synchronized (this.sealLock) {
			List<LedgerRow> rows = new ArrayList<>(this.pending.rows(Instant.MIN, Instant.MAX));
			if (this.inFlight != null) {
				rows.addAll(this.inFlight.rows());
			}
			for (LedgerRow row : rows) {
				calls += row.totals().calls();
			}
		}
		return calls;
	}

	private void flushInBackground() {
		try {
			flush();
		}
		catch (Throwable ex) {
			// Never let it reach the scheduler: a plain ScheduledExecutorService never
			// runs a task that threw again.
			logger.warn("LLM cost ledger flush failed: " + describe(ex));
		}
	}

	private void deleteExpiredInBackground() {
		try {
			int deleted = deleteExpired();
			if (deleted > 0) {
				logger.debug("Deleted " + deleted + " expired rows of the ledger table");
			}
		}
		catch (Throwable ex) {
			logger.debug("Could not delete the expired rows of the ledger table: " + describe(ex));
		}
	}

	private ThreadPoolTaskScheduler scheduler() {
		if (this.scheduler == null) {
			this.scheduler = newScheduler();
		}
		return this.scheduler;
	}

	private ThreadPoolTaskScheduler newScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("llm-cost-ledger-");
		scheduler.setDaemon(true);
		scheduler.setAwaitTerminationMillis(this.settings.shutdownTimeout().toMillis());
		scheduler.initialize();
		return scheduler;
	}

	private static void cancel(@Nullable ScheduledFuture<?> task) {
		if (task != null) {
			task.cancel(false);
		}
	}

	private static void add(Map<RowKey, LedgerRow> rows, LedgerRow row) {
		rows.merge(new RowKey(row.hour(), row.feature(), row.model()), row, (a, b) -> new LedgerRow(a.hour(),
				a.feature(), a.model(), a.totals().plus(b.totals()), a.unpricedCalls() + b.unpricedCalls()));
	}

	/**
	 * Return a name as the table can hold it: at most 255 characters, no NUL (which
	 * PostgreSQL refuses). Names the starter records are shorter and clean already.
	 */
	static String column(String name) {
		if (name.length() <= MAX_COLUMN_LENGTH && name.indexOf('\0') < 0) {
			return name;
		}
		String cut = name.substring(0, Math.min(name.length(), MAX_COLUMN_LENGTH));
		if (Character.isHighSurrogate(cut.charAt(cut.length() - 1))) {
			cut = cut.substring(0, cut.length() - 1);
		}
		return cut.replace('\0', '_');
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * Say why a database operation failed in one short line: the innermost cause, without
	 * the statement, and without anything that looks like a credential.
	 */
	static String describe(Throwable ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		String message = cause.getMessage();
		String description = cause.getClass().getSimpleName()
				+ ((message != null && !message.isBlank()) ? ": " + message.lines().findFirst().orElse("") : "");
		description = SECRET.matcher(description).replaceAll("$1=******");
		if (description.toLowerCase(Locale.ROOT).contains("units_")) {
			description = MISSING_UNIT_COLUMNS + " (" + description + ")";
		}
		return (description.length() > MAX_ERROR_LENGTH) ? description.substring(0, MAX_ERROR_LENGTH) + "…"
				: description;
	}

	private enum Outcome {

		APPLIED, ALREADY_APPLIED

	}

	/**
	 * Deltas sealed under one sequence number, written as one transaction until it
	 * succeeds.
	 */
	private static final class Batch {

		private final long sequence;

		private final List<LedgerRow> rows;

		private volatile boolean retried;

		Batch(long sequence, List<LedgerRow> rows) {
			this.sequence = sequence;
			this.rows = rows;
		}

		long sequence() {
			return this.sequence;
		}

		List<LedgerRow> rows() {
			return this.rows;
		}

		boolean retried() {
			return this.retried;
		}

		void failed() {
			this.retried = true;
		}

	}

	/**
	 * This instance's deltas as a read took them: the batch being written, if any, and
	 * the deltas not sealed yet, which the next batch will carry.
	 */
	private record OwnDeltas(long generation, @Nullable Batch inFlight, List<LedgerRow> unsealed,
			long unsealedSequence) {

	}

	private record EarliestHour(@Nullable Instant hour, Instant readAt) {

	}

}
