package dev.llmcost.ledger.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.llmcost.ledger.LedgerRow;
import dev.llmcost.ledger.LedgerSnapshot.Totals;
import dev.llmcost.ledger.RecordedCall;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitUsage;
import org.jspecify.annotations.Nullable;

/**
 * Calls recorded since the last seal, added up per (hour, feature, model): the deltas the
 * next flush writes.
 * <p>
 * Each row has its own cell, locked only while one call is added to it or while it is
 * sealed, so recording never waits for a flush nor for calls to other rows. Sealing takes
 * a cell's delta and retires the cell: a call that finds a retired cell takes a new one,
 * so no call can land in a delta already handed to a flush.
 * <p>
 * The number of cells is bounded: a call that would need a new cell past the bound is
 * dropped (counted), while calls to rows that already wait are still added.
 *
 * @author llm-cost contributors
 */
final class PendingDeltas {

	/**
	 * The order in which rows are written: the same in every instance, so that two
	 * transactions adding to the same rows lock them in the same order and cannot
	 * deadlock.
	 */
	static final Comparator<LedgerRow> WRITE_ORDER = Comparator.comparing(LedgerRow::hour)
		.thenComparing(LedgerRow::feature)
		.thenComparing(LedgerRow::model);

	private final Map<RowKey, Cell> cells = new ConcurrentHashMap<>();

	private final int maxRows;

	private final LongAdder droppedCalls = new LongAdder();

	// Rows sealed into the batch being written: they count against the bound until it is.
	private volatile int sealedRows;

	PendingDeltas(int maxRows) {
		this.maxRows = maxRows;
	}

	/**
	 * Add a call to its row's delta.
	 * @param key the row
	 * @param call the call
	 * @return whether it was added; {@code false} when it was dropped
	 */
	boolean add(RowKey key, RecordedCall call) {
		while (true) {
			Cell cell = this.cells.get(key);
			if (cell == null) {
				if (this.cells.size() + this.sealedRows >= this.maxRows) {
					this.droppedCalls.increment();
					return false;
				}
				cell = this.cells.computeIfAbsent(key, (ignored) -> new Cell());
			}
			if (cell.add(call)) {
				return true;
			}
			// Retired by a seal after we found it: it is gone from the map, take a new
			// one.
			this.cells.remove(key, cell);
		}
	}

	/**
	 * Take every delta recorded so far, in {@link #WRITE_ORDER}, and start afresh. The
	 * caller writes them and says when they are written with {@link #sealed(int)}.
	 * @return the deltas
	 */
	List<LedgerRow> seal() {
		List<LedgerRow> rows = new ArrayList<>();
		for (Map.Entry<RowKey, Cell> entry : this.cells.entrySet()) {
			LedgerRow row = entry.getValue().retire(entry.getKey());
			this.cells.remove(entry.getKey(), entry.getValue());
			if (row != null) {
				rows.add(row);
			}
		}
		rows.sort(WRITE_ORDER);
		return rows;
	}

	/**
	 * Say how many sealed rows wait to be written, so that they count against the bound.
	 * @param rows the number of rows, zero once written
	 */
	void sealed(int rows) {
		this.sealedRows = rows;
	}

	/**
	 * Return the deltas not sealed yet of the hours from {@code from}, inclusive, to
	 * {@code to}, exclusive.
	 * @param from the first hour
	 * @param to the end
	 * @return the deltas
	 */
	List<LedgerRow> rows(Instant from, Instant to) {
		List<LedgerRow> rows = new ArrayList<>();
		this.cells.forEach((key, cell) -> {
			if (!key.hour().isBefore(from) && key.hour().isBefore(to)) {
				LedgerRow row = cell.row(key);
				if (row != null) {
					rows.add(row);
				}
			}
		});
		return rows;
	}

	/**
	 * Return how many rows wait to be written: sealed and not.
	 * @return the number of rows
	 */
	int size() {
		return this.cells.size() + this.sealedRows;
	}

	/**
	 * Return how many calls were dropped because the bound was reached.
	 * @return the number of calls
	 */
	long droppedCalls() {
		return this.droppedCalls.sum();
	}

	/**
	 * The row a call is added to: its hour, feature and model.
	 *
	 * @param hour the start of the hour
	 * @param feature the feature
	 * @param model the model
	 */
	record RowKey(Instant hour, String feature, String model) {

	}

	/**
	 * The delta of one row since it was last sealed.
	 */
	private static final class Cell {

		private long calls;

		private long errors;

		private long unpricedCalls;

		private BigDecimal cost = BigDecimal.ZERO;

		private TokenUsage tokens = TokenUsage.EMPTY;

		private UnitUsage units = UnitUsage.NONE;

		private boolean retired;

		synchronized boolean add(RecordedCall call) {
			if (this.retired) {
				return false;
			}
			this.calls++;
			this.errors += call.error() ? 1 : 0;
			this.unpricedCalls += call.priced() ? 0 : 1;
			this.cost = this.cost.add(call.cost());
			this.tokens = this.tokens.plus(call.usage());
			this.units = this.units.plus(call.units());
			return true;
		}

		synchronized @Nullable LedgerRow retire(RowKey key) {
			LedgerRow row = row(key);
			this.retired = true;
			return row;
		}

		synchronized @Nullable LedgerRow row(RowKey key) {
			if (this.retired || this.calls == 0) {
				return null;
			}
			return new LedgerRow(key.hour(), key.feature(), key.model(),
					new Totals(this.calls, this.errors, this.cost, this.tokens, this.units), this.unpricedCalls);
		}

	}

}
