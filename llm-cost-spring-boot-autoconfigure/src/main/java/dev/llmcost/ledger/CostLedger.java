package dev.llmcost.ledger;

import java.time.Instant;
import java.util.List;

import dev.llmcost.ledger.LedgerSnapshot.UnpricedModel;
import org.jspecify.annotations.Nullable;

/**
 * Aggregates recorded model calls per feature and model: since the ledger started, and
 * hour by hour, so that any period can be totalled from {@link #rows hourly rows}.
 * <p>
 * The in-memory {@link InMemoryCostLedger} serves one instance; a shared store serves the
 * fleet ({@link #scope()}).
 *
 * @author llm-cost contributors
 */
public interface CostLedger {

	/**
	 * Record one model call.
	 * @param call the call
	 */
	void record(RecordedCall call);

	/**
	 * Return the totals recorded so far.
	 * @return a consistent-per-row snapshot of the totals
	 */
	LedgerSnapshot snapshot();

	/**
	 * Return the hourly rows of the calls that ended from {@code from}, inclusive, to
	 * {@code to}, exclusive: every row whose hour starts in that range. Callers pass hour
	 * boundaries; a row is never split.
	 * @param from the start, inclusive
	 * @param to the end, exclusive
	 * @return the rows, in no particular order
	 */
	List<LedgerRow> rows(Instant from, Instant to);

	/**
	 * Return the earliest instant from which the ledger holds every call: a period that
	 * starts before it is reported as incomplete. For the in-memory ledger, the instant
	 * it started, or the start of its retention, whichever is later.
	 * @return the instant
	 */
	Instant holdsFrom();

	/**
	 * Return whose calls the ledger holds.
	 * @return the scope
	 */
	LedgerScope scope();

	/**
	 * Return how the ledger's store is doing. This default suits a ledger that keeps its
	 * totals in memory only.
	 * @return the status
	 */
	default LedgerStatus status() {
		return LedgerStatus.inMemory();
	}

	/**
	 * Return how many models had no price, and the ones with the most unpriced calls:
	 * calls that cost nothing, not those priced as the requested model in place of the
	 * one that answered. Callers that need only these, a health probe for one, should use
	 * this rather than {@link #snapshot()}: implementations answer it without copying
	 * their totals. This default takes a snapshot.
	 * @param limit the most models to return
	 * @return the unpriced models
	 */
	default UnpricedModels unpriced(int limit) {
		List<UnpricedModel> unpriced = snapshot().unpriced()
			.stream()
			.filter((model) -> model.pricedAs() == null)
			.toList();
		return new UnpricedModels(unpriced.size(), unpriced.subList(0, Math.min(limit, unpriced.size())));
	}

	/**
	 * Return the top spenders of a dimension over whole days: the tenants or (hashed)
	 * users whose calls cost the most, each with its features and models. Calls without a
	 * tenant (or user) are not in the report. Callers pass day boundaries of the ledger's
	 * zone; the days are totalled whole. This default, for a ledger that does not total
	 * by tenant or user, reports nobody.
	 * @param by the dimension
	 * @param from the start of the first day, inclusive
	 * @param to the end of the last day, exclusive
	 * @param tenant only the calls of this tenant, or {@code null} for every call
	 * @param limit the most spenders to return, positive
	 * @return the report
	 * @throws LedgerUnavailableException if the ledger's store cannot be read now
	 */
	default SpenderReport spenders(AttributionDimension by, Instant from, Instant to, @Nullable String tenant,
			int limit) {
		return SpenderReport.none(by, from, to);
	}

	/**
	 * Ask to be told when the ledger writes this instance's calls to a store the fleet
	 * shares. This default does nothing: a ledger that keeps its totals in memory never
	 * writes them anywhere.
	 * @param listener the listener
	 */
	default void addFlushListener(LedgerFlushListener listener) {
	}

}
