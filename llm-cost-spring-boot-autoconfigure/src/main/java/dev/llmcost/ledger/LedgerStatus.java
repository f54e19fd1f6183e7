package dev.llmcost.ledger;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link CostLedger}'s store is doing: what health reports about it.
 *
 * @param store where the ledger keeps its totals, for example {@code memory} or
 * {@code jdbc}
 * @param lastFlush when recorded calls were last written to the store, or {@code null}
 * when never (or when the ledger writes nowhere else)
 * @param pendingDeltas how many (hour, feature, model) totals wait to be written
 * @param droppedCalls how many calls were left out of the store because too many totals
 * were waiting
 * @param lastError why the last write failed, or {@code null} when it succeeded
 * @author llm-cost contributors
 */
public record LedgerStatus(String store, @Nullable Instant lastFlush, long pendingDeltas, long droppedCalls,
		@Nullable String lastError) {

	/**
	 * Create a status.
	 */
	public LedgerStatus {
		Objects.requireNonNull(store, "store must not be null");
	}

	/**
	 * Return the status of a ledger that keeps its totals in memory only: nothing to
	 * write, nothing pending.
	 * @return the status
	 */
	public static LedgerStatus inMemory() {
		return new LedgerStatus("memory", null, 0, 0, null);
	}

}
