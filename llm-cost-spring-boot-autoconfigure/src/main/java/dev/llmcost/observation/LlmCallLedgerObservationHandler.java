package dev.llmcost.observation;

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

	/**
	 * Create a handler that records into the given ledger.
	 * @param ledger the ledger
	 */
	public LlmCallLedgerObservationHandler(CostLedger ledger) {
		this.ledger = ledger;
	}

	@Override
	public void onStop(LlmCallObservationContext context) {
		this.ledger.record(new RecordedCall(context.getFeature(), context.getModel(), context.getUsage(),
				context.getTotalCost(), context.isPriced(), context.getError() != null));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof LlmCallObservationContext;
	}

}
