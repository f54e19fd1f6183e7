package dev.llmcost.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for the {@code llm.call} observation; define a bean to
 * change its name or key values.
 *
 * @author llm-cost contributors
 */
public interface LlmCallObservationConvention extends ObservationConvention<LlmCallObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof LlmCallObservationContext;
	}

}
