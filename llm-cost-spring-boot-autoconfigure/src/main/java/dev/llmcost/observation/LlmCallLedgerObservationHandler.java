package dev.llmcost.observation;

import java.time.Clock;
import java.time.Instant;

import dev.llmcost.ledger.CostLedger;
import dev.llmcost.ledger.RecordedCall;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Adds each stopped {@code llm.call} observation to the {@link CostLedger}.
 *
 * @author llm-cost contributors
 */
public class LlmCallLedgerObservationHandler implements ObservationHandler<LlmCallObservationContext> {

	private final CostLedger ledger;

	private final Clock clock;

	/**
	 * Create a handler that records into the given ledger.
	 * @param ledger the ledger
	 * @param clock tells the time of calls stopped without one (by another recorder than
	 * the starter's)
	 */
	public LlmCallLedgerObservationHandler(CostLedger ledger, Clock clock) {
		this.ledger = ledger;
		this.clock = clock;
	}

	@Override
	public void onStop(LlmCallObservationContext context) {
		Instant at = (context.getEndedAt() != null) ? context.getEndedAt() : this.clock.instant();
		this.ledger
			.record(new RecordedCall(at, context.getAttribution(), context.getProvider().name(), context.getOperation(),
					context.getRequestModel(), context.getResponseModel(), context.getUsage(), context.getTotalCost(),
					context.isPriced(), context.getError() != null, context.getPricedAs(), context.getUnits()));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof LlmCallObservationContext;
	}

}
