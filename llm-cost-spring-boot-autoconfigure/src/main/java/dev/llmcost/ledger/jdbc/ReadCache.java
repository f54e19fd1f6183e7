package dev.llmcost.ledger.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import dev.llmcost.ledger.LedgerRow;

/**
 * Rows read from the ledger table, reused for a short time per period so that a busy
 * dashboard does not query the database on every request; readers that ask for the same
 * period while it is being read wait for that one query.
 * <p>
 * An entry is reused only while the ledger's generation, which moves each time one of its
 * own batches leaves memory, is the one it was read at: the entry's view of this
 * instance's flushes then still matches what the instance holds in memory.
 * <p>
 * Bounded by the number of periods and by the rows they hold together: a read larger than
 * the row budget is not kept.
 *
 * @author llm-cost contributors
 */
final class ReadCache {

	static final int MAX_ENTRIES = 16;

	static final int MAX_ROWS = 200_000;

	private final long timeToLiveNanos;

	private final Map<Range, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

	private int cachedRows;

	ReadCache(Duration timeToLive) {
		this.timeToLiveNanos = timeToLive.toNanos();
	}

	/**
	 * Return the table's rows of a period, from the cache or read now.
	 * @param range the period
	 * @param generation the ledger's generation before the caller took its own deltas
	 * @param read reads the rows from the table
	 * @return the rows
	 */
	TableRows get(Range range, long generation, Supplier<TableRows> read) {
		if (this.timeToLiveNanos == 0) {
			return read.get();
		}
		Entry entry;
		boolean reader = false;
		synchronized (this) {
			entry = this.entries.get(range);
			if (entry == null || entry.generation != generation
					|| System.nanoTime() - entry.readAt > this.timeToLiveNanos) {
				remove(range);
				entry = new Entry(generation, System.nanoTime(), new CompletableFuture<>());
				this.entries.put(range, entry);
				reader = true;
			}
		}
		if (!reader) {
			try {
				return entry.rows.join();
			}
			catch (CompletionException ex) {
				throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
			}
		}
		try {
			TableRows rows = read.get();
			entry.rows.complete(rows);
			synchronized (this) {
				if (this.entries.get(range) == entry) {
					entry.size = rows.rows().size();
					this.cachedRows += entry.size;
					evict();
				}
			}
			return rows;
		}
		catch (RuntimeException | Error ex) {
			entry.rows.completeExceptionally(ex);
			synchronized (this) {
				if (this.entries.get(range) == entry) {
					remove(range);
				}
			}
			throw ex;
		}
	}

	private void remove(Range range) {
		Entry removed = this.entries.remove(range);
		if (removed != null) {
			this.cachedRows -= removed.size;
		}
	}

	private void evict() {
		Iterator<Entry> eldestFirst = this.entries.values().iterator();
		while (eldestFirst.hasNext() && (this.entries.size() > MAX_ENTRIES || this.cachedRows > MAX_ROWS)) {
			Entry entry = eldestFirst.next();
			if (entry.rows.isDone()) {
				this.cachedRows -= entry.size;
				eldestFirst.remove();
			}
		}
	}

	/**
	 * A period: hours from {@code from}, inclusive, to {@code to}, exclusive.
	 *
	 * @param from the start
	 * @param to the end
	 */
	record Range(Instant from, Instant to) {

	}

	/**
	 * The rows of a period as the table held them, and the last flush of this instance
	 * they include.
	 *
	 * @param rows the rows
	 * @param lastSequence the sequence number of this instance's last flush that the rows
	 * include, 0 for none
	 */
	record TableRows(List<LedgerRow> rows, long lastSequence) {

	}

	private static final class Entry {

		private final long generation;

		private final long readAt;

		private final CompletableFuture<TableRows> rows;

		private int size;

		Entry(long generation, long readAt, CompletableFuture<TableRows> rows) {
			this.generation = generation;
			this.readAt = readAt;
			this.rows = rows;
		}

	}

}
