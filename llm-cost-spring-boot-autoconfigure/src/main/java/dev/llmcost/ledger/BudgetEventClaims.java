package dev.llmcost.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Offered by a {@link CostLedger} whose store the fleet shares, so that an event every
 * instance sees, a budget of the fleet crossing a threshold for one, is announced by one
 * instance only: the first to claim it.
 * <p>
 * Claiming reads and writes the store: call it on the ledger's flush thread (from a
 * {@link LedgerFlushListener}), never on a model call's.
 *
 * @author llm-cost contributors
 * @see LedgerFlushListener
 */
public interface BudgetEventClaims {

	/**
	 * Claim events for this instance, each at most once in the fleet.
	 * @param events the events to claim
	 * @return the events this instance claimed; the others had been claimed by another
	 * instance
	 * @throws LedgerUnavailableException if the store cannot be reached now: claim the
	 * same events again later; an event an earlier attempt did claim, its answer lost, is
	 * then answered as this instance's
	 */
	Set<Event> claim(List<Event> events);

	/**
	 * What identifies an event across the fleet.
	 *
	 * @param budget the budget's name
	 * @param periodStart the start of the period the event happened in
	 * @param type the type of event
	 * @param threshold the percentage crossed, or {@code 0} for an event without one
	 */
	record Event(String budget, Instant periodStart, String type, int threshold) {

		public Event {
			Objects.requireNonNull(budget, "budget must not be null");
			Objects.requireNonNull(periodStart, "periodStart must not be null");
			Objects.requireNonNull(type, "type must not be null");
		}

	}

}
