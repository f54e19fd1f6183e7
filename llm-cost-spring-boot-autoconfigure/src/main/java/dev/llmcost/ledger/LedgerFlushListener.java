package dev.llmcost.ledger;

/**
 * Told by a {@link CostLedger} that writes to a store shared by the fleet when it takes
 * this instance's calls to write them, and when it has written them: so that figures kept
 * in memory, budgets for one, can follow the fleet's totals without reading the store at
 * every call.
 * <p>
 * Every method is called on the ledger's flush thread, one flush at a time, on the
 * listeners in the order they were added: a {@link #draining()} is followed by no other
 * before the flush it belongs to has ended, and {@link #flushed(LedgerCosts)} is called
 * only when every call taken by the drains so far is in the store. A listener must be
 * quick in {@link #draining()} and must not call the ledger back from it; an exception it
 * throws is logged and does not stop the flush.
 *
 * @author llm-cost contributors
 * @see CostLedger#addFlushListener(LedgerFlushListener)
 */
public interface LedgerFlushListener {

	/**
	 * Called just before the ledger takes the calls this instance recorded since the last
	 * drain, to write them: calls recorded after this are not in what the coming flush
	 * writes.
	 */
	void draining();

	/**
	 * Called after a flush has written everything that was drained: the store now holds
	 * every call recorded before the last {@link #draining()}, and the calls of every
	 * other instance that it has written.
	 * @param stored the costs the store holds, written by every instance, without this
	 * instance's calls not written yet
	 */
	void flushed(LedgerCosts stored);

	/**
	 * Called after a flush could not write what was drained, the store being unreachable
	 * for one: what was drained is written by a later flush. This default does nothing.
	 */
	default void flushFailed() {
	}

	/**
	 * Return whether the listener still has work for a flush, events to claim for one: a
	 * ledger that stops flushes once more for it, even with no call to write. This
	 * default returns {@code false}.
	 * @return whether a flush is wanted
	 */
	default boolean isWaiting() {
		return false;
	}

}
